package org.threadgate.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Local-time arithmetic for the quiet-hours policy, kept out of the rule so that daylight-saving changes are handled
 * once, by {@code java.time}. Quiet hours are the half-open local interval [start, end): 21:00 to 08:00 wraps midnight;
 * start equal to end is never quiet.
 */
public final class QuietHours {
    private QuietHours() {
    }

    /**
     * The zone the policy uses for a person.
     *
     * @param own         the person's own zone, or {@code null}
     * @param defaultZone the policy's default zone, or {@code null}
     * @return the person's zone, else the default, else {@code null} (the policy does not apply)
     */
    public static ZoneId zone(ZoneId own, ZoneId defaultZone) {
        return own != null ? own : defaultZone;
    }

    /**
     * Whether {@code at} falls in quiet hours in {@code zone}.
     *
     * @param at    the evaluation instant
     * @param zone  the person's zone; {@code null} is never quiet
     * @param start the local time quiet hours begin (inclusive)
     * @param end   the local time they end (exclusive)
     * @return true inside quiet hours
     */
    public static boolean isQuiet(Instant at, ZoneId zone, LocalTime start, LocalTime end) {
        if (zone == null || start == null || end == null || start.equals(end)) {
            return false;
        }
        LocalTime local = at.atZone(zone).toLocalTime();
        return start.isBefore(end) ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /**
     * The next end of quiet hours after {@code at}: the first instant after {@code at} at which the local time in
     * {@code zone} is {@code end} (on a day when {@code end} falls in a daylight-saving gap, the instant the clocks
     * jump past it).
     *
     * @param at   the evaluation instant, inside quiet hours
     * @param zone the person's zone
     * @param end  the local time quiet hours end
     * @return the instant
     */
    public static Instant nextEnd(Instant at, ZoneId zone, LocalTime end) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        Instant candidate = ZonedDateTime.of(local.toLocalDate(), end, zone).toInstant();
        if (!candidate.isAfter(at)) {
            candidate = ZonedDateTime.of(local.toLocalDate().plusDays(1), end, zone).toInstant();
        }
        return candidate;
    }

    /**
     * The violation the quiet-hours rule records.
     *
     * @param personId the person
     * @param at       the evaluation instant
     * @param zone     the zone used
     * @param start    when quiet hours begin
     * @param end      when they end
     * @return a violation that lifts at the next end of quiet hours
     */
    public static Violation violation(String personId, Instant at, ZoneId zone, LocalTime start, LocalTime end) {
        Instant retryAt = nextEnd(at, zone, end);
        return Violation.forPersonUntil(personId, retryAt, "localTime",
                at.atZone(zone).toLocalTime().withNano(0), "timeZone", zone.getId(), "start", start, "end", end,
                "retryAt", retryAt);
    }
}
