package org.threadgate.service;

import org.threadgate.service.json.FieldLimits;

/**
 * Input limits of the service (HTTP bodies and lines, batches, events, single fields).
 *
 * @param maxBodyBytes       the largest body of a single decision request
 * @param maxBatchBodyBytes  the largest body of a JSON-form batch
 * @param maxBatchRecipients the most recipients a JSON-form batch may carry (the streamed form has no limit)
 * @param maxLineBytes       the longest line of a streamed batch (or of streamed events)
 * @param maxEvents          the most events one POST /v1/events may carry
 * @param fields             limits on single fields: id length (and characters), blocks per recipient
 */
public record Limits(int maxBodyBytes, int maxBatchBodyBytes, int maxBatchRecipients, int maxLineBytes,
                     int maxEvents, FieldLimits fields) {
    public static final Limits DEFAULTS = new Limits(1 << 20, 16 << 20, 10_000, 64 << 10, 10_000,
            FieldLimits.DEFAULTS);
}
