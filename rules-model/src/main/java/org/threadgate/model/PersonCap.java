package org.threadgate.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Counting for the person-level cap: across all businesses, a delivery counts while {@code at - deliveredAt < window}
 * (half-open, as for the frequency cap: exactly one window old no longer counts; one stamped after {@code at} counts).
 */
public final class PersonCap {
    private PersonCap() {
    }

    /**
     * How many of the person's deliveries count at {@code at}.
     *
     * @param deliveries the person's deliveries from every business
     * @param at         the evaluation instant
     * @param window     the cap's window
     * @return how many are inside the window
     */
    public static int count(List<PersonDelivery> deliveries, Instant at, Duration window) {
        return FrequencyCap.countIn(deliveries, PersonDelivery::deliveredAt, at, window);
    }

    /**
     * The violation the person-cap rule records: it lifts when enough deliveries have left the window for one more
     * to fit.
     *
     * @param personId   the person
     * @param deliveries the person's deliveries from every business
     * @param at         the evaluation instant
     * @param max        the cap
     * @param window     the window
     * @return the violation, with {@code count}, {@code max}, {@code window} and {@code retryAt} (when it lifts)
     */
    public static Violation violation(String personId, List<PersonDelivery> deliveries, Instant at, int max,
                                      Duration window) {
        Instant from = at.minus(window);
        List<Instant> times = new ArrayList<>();
        for (PersonDelivery delivery : deliveries) {
            if (from.isBefore(delivery.deliveredAt())) {
                times.add(delivery.deliveredAt());
            }
        }
        return FrequencyCap.capped(personId, times, max, window);
    }
}
