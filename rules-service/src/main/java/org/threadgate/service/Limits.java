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
 * @param maxSpoolMemoryBytes the most of a streamed answer kept in memory while its client is not reading; beyond
 *                           it, the answer waits in a temporary file
 */
public record Limits(int maxBodyBytes, int maxBatchBodyBytes, int maxBatchRecipients, int maxLineBytes,
                     int maxEvents, FieldLimits fields, int maxSpoolMemoryBytes) {
    public static final Limits DEFAULTS = new Limits(1 << 20, 16 << 20, 10_000, 64 << 10, 10_000,
            FieldLimits.DEFAULTS, 8 << 20);

    public Limits(int maxBodyBytes, int maxBatchBodyBytes, int maxBatchRecipients, int maxLineBytes, int maxEvents,
                  FieldLimits fields) {
        this(maxBodyBytes, maxBatchBodyBytes, maxBatchRecipients, maxLineBytes, maxEvents, fields,
                DEFAULTS.maxSpoolMemoryBytes());
    }

    /** The same limits with another spool memory bound. */
    public Limits spoolMemory(int bytes) {
        return new Limits(maxBodyBytes, maxBatchBodyBytes, maxBatchRecipients, maxLineBytes, maxEvents, fields, bytes);
    }
}
