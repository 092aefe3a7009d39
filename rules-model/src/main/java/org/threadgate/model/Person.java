package org.threadgate.model;

import java.time.ZoneId;
import java.util.List;

/**
 * A person who may receive a sponsored message. {@code timeZone} is where they live, as the platform last reported
 * it; {@code null} when it is not known (time-of-day policies then use their default zone, or do not apply).
 * {@code recentDeliveries} is the sponsored messages that reached the person from every business and that the
 * person-level cap could still count (empty when none or not known).
 *
 * @param id               the person's id
 * @param timeZone         the person's time zone, or {@code null}
 * @param recentDeliveries the person's recent sponsored deliveries from all businesses
 */
public record Person(String id, ZoneId timeZone, List<PersonDelivery> recentDeliveries) {
    /** The most deliveries from all businesses one person may list. */
    public static final int MAX_RECENT_DELIVERIES = 128;

    /**
     * Checks that the id is non-blank and the history not longer than {@link #MAX_RECENT_DELIVERIES}; the message
     * names the field.
     *
     * @param id               the id, non-blank
     * @param timeZone         the time zone, or {@code null} when not known
     * @param recentDeliveries the deliveries from all businesses; {@code null} reads as none
     */
    public Person {
        Checks.id(id, "person.id");
        recentDeliveries = recentDeliveries == null ? List.of() : List.copyOf(recentDeliveries);
        if (recentDeliveries.size() > MAX_RECENT_DELIVERIES) {
            throw new IllegalArgumentException("person.recentDeliveries must list at most " + MAX_RECENT_DELIVERIES
                    + " deliveries, listed " + recentDeliveries.size());
        }
    }

    /**
     * A person with no known history from other businesses.
     *
     * @param id       the id, non-blank
     * @param timeZone the time zone, or {@code null} when not known
     */
    public Person(String id, ZoneId timeZone) {
        this(id, timeZone, List.of());
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
