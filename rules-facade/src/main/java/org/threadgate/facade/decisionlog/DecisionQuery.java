package org.threadgate.facade.decisionlog;

import java.time.Instant;

/**
 * Which records to list, newest first; every filter is optional and they combine.
 *
 * @param from   made at or after (inclusive)
 * @param to     made before (exclusive)
 * @param after  the cursor of the previous page's last record, or null for the first page
 * @param limit  at most this many records
 */
public record DecisionQuery(String personId, String businessId, String campaignId, String outcome, String code,
                            Instant from, Instant to, Cursor after, int limit) {
    /** Where a page ended: the last record's time and id (records are ordered by both, newest first). */
    public record Cursor(Instant decidedAt, String decisionId) {
    }
}
