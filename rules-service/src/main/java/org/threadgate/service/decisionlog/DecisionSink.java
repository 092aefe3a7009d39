package org.threadgate.service.decisionlog;

import java.time.Instant;
import java.util.List;

/** Where the decision log's records go: the ledger's database, or rolling NDJSON files. */
public interface DecisionSink extends AutoCloseable {
    /** Stores {@code records} durably before returning, or throws and stores none of them. */
    void write(List<LogRecord> records) throws Exception;

    /** Deletes the records made before {@code cutoff} (retention); returns how many, when known (else -1). */
    long deleteBefore(Instant cutoff) throws Exception;

    /** Where it writes, for the start-up log. */
    String describe();

    @Override
    void close();
}
