package org.threadgate.server.security;

import java.util.Locale;

/** What a token may do. */
public enum Scope implements io.javalin.security.RouteRole {
    /** The decision endpoints. */
    DECIDE,
    /** POST /v1/events. */
    INGEST,
    /** Policy reload and status, business and campaign registration, thread state, metrics (unless open). */
    ADMIN,
    /** The decision log and the stored policy versions: who was sent what, by which rules. */
    AUDIT,
    /** DELETE /v1/people/{personId}: a person's data erased on request (admin may do it too). */
    PRIVACY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
