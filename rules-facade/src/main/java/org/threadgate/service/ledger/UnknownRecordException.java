package org.threadgate.service.ledger;

import java.util.Locale;

/** A campaign or business the ledger does not hold. */
public final class UnknownRecordException extends RuntimeException {
    /** What was looked for. */
    public enum Kind { CAMPAIGN, BUSINESS }

    private final Kind kind;
    private final String id;

    public UnknownRecordException(Kind kind, String id) {
        super(kind.name().toLowerCase(Locale.ROOT) + " '" + id + "' is not registered");
        this.kind = kind;
        this.id = id;
    }

    public Kind kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
