package org.threadgate.model;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;

/**
 * A daily local-time window in which nothing may be delivered to a person (quiet hours), recorded by a rule whether or
 * not the evaluation instant is inside it: the engine moves a decision's {@code retryAt} out of every such window, so
 * that a reason lifting at 23:00 does not send the caller back into quiet hours.
 *
 * @param personId the person
 * @param zone     the zone the window is in
 * @param start    when it begins each day (inclusive)
 * @param end      when it ends (exclusive)
 */
public record RetryWindow(String personId, ZoneId zone, LocalTime start, LocalTime end) {
    /**
     * Checks that every field is given.
     *
     * @param personId the person's id
     * @param zone     the zone
     * @param start    the local start
     * @param end      the local end
     */
    public RetryWindow {
        Checks.id(personId, "personId");
        Checks.required(zone, "zone");
        Checks.required(start, "start");
        Checks.required(end, "end");
    }

    /**
     * The first instant at or after {@code t} outside every window, for a retry.
     *
     * @param t       the instant the reasons lift
     * @param windows the person's windows
     * @return {@code t}, or the end of the window it falls in (repeatedly, for windows that follow each other)
     */
    public static Instant firstAllowed(Instant t, Collection<RetryWindow> windows) {
        Instant allowed = t;
        for (int round = 0; round <= windows.size(); round++) {
            Instant moved = allowed;
            for (RetryWindow w : windows) {
                if (QuietHours.isQuiet(moved, w.zone(), w.start(), w.end())) {
                    moved = QuietHours.nextEnd(moved, w.zone(), w.end());
                }
            }
            if (moved.equals(allowed)) {
                return allowed;
            }
            allowed = moved;
        }
        return allowed;
    }
}
