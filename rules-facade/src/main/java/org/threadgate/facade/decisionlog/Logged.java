package org.threadgate.facade.decisionlog;

import java.time.Instant;

import org.threadgate.facade.decision.Decided;

/**
 * A decision on its way into the log: the decision with its facts, when the service made it, and what the candidate
 * set decided for the same facts when a shadow evaluation ran.
 *
 * @param decided the decision; {@code null} once a single decision's whole line is made (the line is all that is
 *                needed then, and holding less while it waits for the writer keeps each garbage collection short)
 * @param at      when the service made it (its clock)
 * @param shadow  the candidate's decision, or {@code null}
 * @param line    its line as a chunk holds it, when made already (on the deciding thread), else {@code null}
 */
public record Logged(Decided decided, Instant at, LogRecord.Shadowed shadow, LogChunk.Line line) {
    /**
     * A decision without a shadow, not yet made into a line.
     *
     * @param decided the decision
     * @param at      when the service made it
     * @param shadow  the candidate's decision, or {@code null}
     */
    public Logged(Decided decided, Instant at, LogRecord.Shadowed shadow) {
        this(decided, at, shadow, null);
    }

    /**
     * A decision without a shadow, made into its line now: the deciding thread pays for its own record, so the
     * single writer only gathers lines (and is never the one starved of CPU under load).
     *
     * @param decided the decision
     * @param at      when the service made it
     * @return it, with its line
     */
    public static Logged prepared(Decided decided, Instant at) {
        Logged logged = new Logged(decided, at, null, null);
        LogChunk.Line line = LogChunk.line(logged);
        return new Logged(LogChunk.isSingle(decided) ? null : decided, at, null, line);
    }

    /**
     * Its whole record, as {@link LogRecord#of(Decided, Instant, LogRecord.Shadowed)} makes it.
     *
     * @return the record
     */
    public LogRecord record() {
        if (decided == null) { // a single decision's whole line: its JSON is the record
            return new LogRecord(line.decisionId(), line.at(), line.personId() == null ? LogRecord.CAMPAIGN
                    : LogRecord.DELIVERY, line.outcome(), line.businessId(), line.campaignId(), line.personId(),
                    line.codes(), versionOf(line.json()), line.json());
        }
        return LogRecord.of(decided, at, shadow);
    }

    /** The policyVersion of a whole record as LogRecord wrote it (a top-level field before any nested object). */
    private static String versionOf(String json) {
        String field = "\"policyVersion\":\"";
        int start = json.indexOf(field) + field.length();
        return json.substring(start, json.indexOf('"', start));
    }
}
