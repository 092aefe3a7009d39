package org.threadgate.facade.ledger;

/** The database cannot be reached or keeps failing: the caller should retry later (HTTP 503). */
public class LedgerUnavailableException extends RuntimeException {
    /**
     * The storage failed.
     *
     * @param message what failed, without SQL or data
     * @param cause the storage's own exception
     */
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
