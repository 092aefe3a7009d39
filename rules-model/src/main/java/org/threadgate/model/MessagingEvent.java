package org.threadgate.model;

import java.time.Instant;

/** One event of a thread, identified by the platform's {@code eventId} (the key that makes ingestion idempotent). */
public record MessagingEvent(String eventId, EventType type, String businessId, String personId, Instant occurredAt) {
    public MessagingEvent {
        Checks.id(eventId, "eventId");
        Checks.required(type, "type");
        Checks.id(businessId, "businessId");
        Checks.id(personId, "personId");
        Checks.required(occurredAt, "occurredAt");
    }
}
