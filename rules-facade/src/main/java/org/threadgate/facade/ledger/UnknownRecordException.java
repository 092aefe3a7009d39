package org.threadgate.facade.ledger;

import java.util.Locale;

/** A campaign or business the ledger does not hold. */
public final class UnknownRecordException extends RuntimeException {
    /** What was looked for. */
    public enum Kind {
        /** A campaign. */
        CAMPAIGN,
        /** A business. */
        BUSINESS
    }

    /** What was looked for. */
    private final Kind kind;
    /** The id looked for. */
    private final String id;

    /**
     * A record that is not registered.
     *
     * @param kind what was looked for
     * @param id its id
     */
    public UnknownRecordException(Kind kind, String id) {
        super(kind.name().toLowerCase(Locale.ROOT) + " '" + id + "' is not registered");
        this.kind = kind;
        this.id = id;
    }

    /**
     * What was looked for.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The id looked for.
     *
     * @return the id
     */
    public String id() {
        return id;
    }
}
