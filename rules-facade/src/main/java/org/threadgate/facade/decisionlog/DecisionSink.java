package org.threadgate.facade.decisionlog;

import java.time.Instant;
import java.util.List;

/** Where the decision log's records go: the ledger's database, or rolling NDJSON files. */
public interface DecisionSink extends AutoCloseable {
    /**
     * Stores {@code records} durably before returning, or throws and stores none of them.
     *
     * @param records the records, in the order they were made
     * @throws Exception when they could not be stored
     */
    void write(List<LogRecord> records) throws Exception;

    /**
     * Stores decisions durably before returning, or throws and stores none of them. A sink that keeps a compact form
     * (the database: a batch's shared facts once, see {@link LogChunk}) overrides this; by default each becomes its
     * whole record and goes to {@link #write(List)}. Called again with the same decisions after a failure: a sink
     * that may have stored them in the failed attempt must not store them twice.
     *
     * @param decisions the decisions, in the order they were made
     * @throws Exception when they could not be stored
     */
    default void writeDecisions(List<Logged> decisions) throws Exception {
        List<LogRecord> records = new java.util.ArrayList<>(decisions.size());
        for (Logged logged : decisions) {
            records.add(logged.record());
        }
        write(records);
    }

    /**
     * Deletes the records made before {@code cutoff} (retention).
     *
     * @param cutoff records made before this instant go
     * @return how many went, when known (else -1)
     * @throws Exception when the deletion failed
     */
    long deleteBefore(Instant cutoff) throws Exception;

    /**
     * Where it writes, for the start-up log.
     *
     * @return a description without secrets
     */
    String describe();

    /** Releases what the sink holds; records already written stay. */
    @Override
    void close();
}
