package org.threadgate.facade.decisionlog;

import java.time.Instant;

import org.threadgate.facade.decision.Decided;

/**
 * A decision on its way into the log: the decision with its facts, when the service made it, and what the candidate
 * set decided for the same facts when a shadow evaluation ran.
 *
 * @param decided the decision
 * @param at      when the service made it (its clock)
 * @param shadow  the candidate's decision, or {@code null}
 */
public record Logged(Decided decided, Instant at, LogRecord.Shadowed shadow) {
    /**
     * Its whole record, as {@link LogRecord#of(Decided, Instant, LogRecord.Shadowed)} makes it.
     *
     * @return the record
     */
    public LogRecord record() {
        return LogRecord.of(decided, at, shadow);
    }
}
