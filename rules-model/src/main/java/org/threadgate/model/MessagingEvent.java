package org.threadgate.model;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One event of a thread, identified by the platform's {@code eventId} (the key that makes ingestion idempotent).
 * {@code campaignId} is set exactly for {@link EventType#SPONSORED_MESSAGE}, {@code timeZone} exactly for
 * {@link EventType#PERSON_PROFILE}.
 *
 * @param eventId    the platform's id of the event
 * @param type       what happened
 * @param businessId the business
 * @param personId   the person
 * @param occurredAt when it happened
 * @param campaignId the campaign of a sponsored message, else {@code null}
 * @param timeZone   the person's time zone of a profile event, else {@code null}
 */
public record MessagingEvent(String eventId, EventType type, String businessId, String personId, Instant occurredAt,
                             String campaignId, ZoneId timeZone) {
    /**
     * Checks that every field is given, the ids are non-blank, and the campaign and time zone are given exactly for
     * the types that carry them; the message names the field.
     *
     * @param eventId    the platform's id of the event
     * @param type       what happened
     * @param businessId the business's id
     * @param personId   the person's id
     * @param occurredAt when it happened
     * @param campaignId the campaign of a sponsored message
     * @param timeZone   the time zone of a profile event
     */
    public MessagingEvent {
        Checks.id(eventId, "eventId");
        Checks.required(type, "type");
        Checks.id(businessId, "businessId");
        Checks.id(personId, "personId");
        Checks.required(occurredAt, "occurredAt");
        if (type == EventType.SPONSORED_MESSAGE) {
            Checks.id(campaignId, "campaignId");
        } else if (campaignId != null) {
            throw new IllegalArgumentException("campaignId is only for SPONSORED_MESSAGE events, not " + type);
        }
        if (type == EventType.PERSON_PROFILE) {
            Checks.required(timeZone, "timeZone");
        } else if (timeZone != null) {
            throw new IllegalArgumentException("timeZone is only for PERSON_PROFILE events, not " + type);
        }
    }

    /**
     * An event that carries neither a campaign nor a time zone.
     *
     * @param eventId    the platform's id of the event
     * @param type       what happened
     * @param businessId the business's id
     * @param personId   the person's id
     * @param occurredAt when it happened
     */
    public MessagingEvent(String eventId, EventType type, String businessId, String personId, Instant occurredAt) {
        this(eventId, type, businessId, personId, occurredAt, null, null);
    }
}
