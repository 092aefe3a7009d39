package org.threadgate.server.problem;

import java.util.Locale;

import org.threadgate.facade.NotReadyException;
import org.threadgate.facade.json.InvalidRequestException;
import org.threadgate.facade.json.MalformedJsonException;
import org.threadgate.facade.json.TooManyEventsException;
import org.threadgate.facade.json.TooManyRecipientsException;
import org.threadgate.facade.ledger.LedgerUnavailableException;
import org.threadgate.facade.ledger.UnknownRecordException;

/**
 * The one mapping from what can go wrong with a request to its problem document (status, stable code, detail): the
 * HTTP API and the command line answer the same failure with the same code.
 */
public final class Problems {
    private Problems() {
    }

    /** The problem for {@code e}, or {@code null} when it is not a failure of the request (a defect). */
    public static ApiProblem of(Throwable e) {
        if (e instanceof ProblemException p) {
            return p.problem();
        }
        if (e instanceof InvalidRequestException invalid) {
            return ApiProblem.of(400, "Bad Request", "INVALID_REQUEST", invalid.getMessage())
                    .withErrors(invalid.errors());
        }
        if (e instanceof MalformedJsonException malformed) {
            ApiProblem problem = ApiProblem.of(400, "Bad Request", "MALFORMED_JSON", e.getMessage());
            return malformed.errors().isEmpty() ? problem : problem.withErrors(malformed.errors());
        }
        if (e instanceof TooManyRecipientsException) {
            return ApiProblem.of(413, "Content Too Large", "TOO_MANY_RECIPIENTS", e.getMessage());
        }
        if (e instanceof TooManyEventsException) {
            return ApiProblem.of(413, "Content Too Large", "TOO_MANY_EVENTS", e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            // the model's own cross-field checks; their messages start with the field
            return ApiProblem.of(400, "Bad Request", "INVALID_REQUEST", e.getMessage());
        }
        if (e instanceof NotReadyException) {
            return ApiProblem.of(503, "Service Unavailable", "NOT_READY", e.getMessage());
        }
        if (e instanceof org.threadgate.server.events.EventTopic.Unavailable) {
            return ApiProblem.of(503, "Service Unavailable", "STORAGE_UNAVAILABLE", e.getMessage()
                    + "; some of this request's events may be on the topic already: retry it, the fold keeps each"
                    + " event once");
        }
        if (e instanceof LedgerUnavailableException) {
            return ApiProblem.of(503, "Service Unavailable", "STORAGE_UNAVAILABLE", e.getMessage()
                    + "; nothing was stored by this request, retry it");
        }
        if (e instanceof UnknownRecordException unknown) {
            String kind = unknown.kind().name().toLowerCase(Locale.ROOT);
            String route = unknown.kind() == UnknownRecordException.Kind.CAMPAIGN ? "campaigns" : "businesses";
            return ApiProblem.of(404, "Not Found", "UNKNOWN_" + unknown.kind().name(), kind + " '" + unknown.id()
                    + "' is not registered; register it with PUT /v1/" + route + "/" + unknown.id()
                    + (unknown.kind() == UnknownRecordException.Kind.BUSINESS ? " first" : ""));
        }
        return null;
    }
}
