package org.threadgate.model;

import java.time.Instant;

/** One event of a thread, identified by the platform's {@code eventId} (the key that makes ingestion idempotent). */
public record MessagingEvent(String eventId, EventType type, String businessId, String personId, Instant occurredAt) {
    /**
     * Checks that every field is given and the ids are non-blank; the message names the field.
     *
     * @param eventId    the platform's id of the event
     * @param type       what happened
     * @param businessId the business's id
     * @param personId   the person's id
     * @param occurredAt when it happened
     */
    public MessagingEvent {
        Checks.id(eventId, "eventId");
        Checks.required(type, "type");
        Checks.id(businessId, "businessId");
        Checks.id(personId, "personId");
        Checks.required(occurredAt, "occurredAt");
    }
}
