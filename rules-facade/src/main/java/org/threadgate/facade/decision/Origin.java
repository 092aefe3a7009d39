package org.threadgate.facade.decision;

/**
 * How a decision was asked for: through which interface, in which form, as part of which batch or audience stream,
 * and by whom.
 *
 * @param via     the interface: HTTP, the command line, or a Java caller of the facade
 * @param form    by facts, by reference (facts from the ledger), a line of a batch, or a line of an audience stream
 * @param batchId the batch or stream the decision belongs to; {@code null} for a single decision
 * @param caller  who asked, as the service knows them; {@code null} when it does not (no authentication)
 */
public record Origin(Via via, Form form, String batchId, String caller) {
    /** The interface a decision came through. */
    public enum Via {
        /** The HTTP API. */
        HTTP,
        /** The command line. */
        CLI,
        /** A Java caller of the facade. */
        JAVA,
        /** The Flink audience job. */
        FLINK
    }

    /** The form of the request. */
    public enum Form {
        /** One decision with its facts in the request. */
        FACTS,
        /** One decision by ids, with its facts read from the ledger. */
        REFERENCE,
        /** A line of a batch (JSON or streamed). */
        BATCH,
        /** A line of an audience stream. */
        AUDIENCE
    }

    /** A single decision by facts from a Java caller. */
    public static final Origin JAVA = new Origin(Via.JAVA, Form.FACTS, null, null);

    /**
     * An origin with no batch and no known caller.
     *
     * @param via the interface
     * @param form the form
     * @return the origin
     */
    public static Origin of(Via via, Form form) {
        return new Origin(via, form, null, null);
    }

    /**
     * The same origin, asked by {@code who} (a token's label; {@code null} when unknown).
     *
     * @param who the caller
     * @return the new origin
     */
    public Origin by(String who) {
        return new Origin(via, form, batchId, who);
    }

    /**
     * The same origin, as a part of batch {@code id}.
     *
     * @param id the batch id
     * @return the new origin
     */
    public Origin inBatch(String id) {
        return new Origin(via, form, id, caller);
    }

    /**
     * True for one decision asked on its own (not a line of a batch or stream).
     *
     * @return true for {@code FACTS} and {@code REFERENCE}
     */
    public boolean single() {
        return form == Form.FACTS || form == Form.REFERENCE;
    }
}
