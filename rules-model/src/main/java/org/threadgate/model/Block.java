package org.threadgate.model;

import java.time.Instant;

/**
 * A person's block on a business. A block that is listed is active, whatever its {@code since}; {@code since} is
 * informational and may be {@code null} when the caller does not know it.
 */
public record Block(String personId, String businessId, BlockKind kind, Instant since) {
    /**
     * Checks that the ids are non-blank and the kind is given; the message names the field.
     *
     * @param personId   the person's id
     * @param businessId the business's id
     * @param kind       what the person did
     * @param since      when it started, or {@code null} when not known
     */
    public Block {
        Checks.id(personId, "block.personId");
        Checks.id(businessId, "block.businessId");
        Checks.required(kind, "block.kind");
    }
}
