package org.threadgate.model;

import java.time.ZoneId;

/**
 * A person who may receive a sponsored message. {@code timeZone} is where they live, as the platform last reported
 * it; {@code null} when it is not known (time-of-day policies then use their default zone, or do not apply).
 *
 * @param id       the person's id
 * @param timeZone the person's time zone, or {@code null}
 */
public record Person(String id, ZoneId timeZone) {
    /**
     * Checks that the id is non-blank; the message names the field.
     *
     * @param id       the id, non-blank
     * @param timeZone the time zone, or {@code null} when not known
     */
    public Person {
        Checks.id(id, "person.id");
    }

    /**
     * A person whose time zone is not known.
     *
     * @param id the id, non-blank
     */
    public Person(String id) {
        this(id, null);
    }
}
