package org.threadgate.service.ledger;

/** The database cannot be reached or keeps failing: the caller should retry later (HTTP 503). */
public class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
