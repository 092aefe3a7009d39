package org.threadgate.server;

import org.threadgate.facade.json.FieldLimits;

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
    /** The limits of {@code serve} without options (stated once, in the configuration tree). */
    public static final Limits DEFAULTS = new org.threadgate.server.config.ServerConfig.Inputs().limits();

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
