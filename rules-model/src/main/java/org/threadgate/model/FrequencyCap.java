package org.threadgate.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Counting for the frequency-cap policy: deliveries count while {@code at - deliveredAt < window} (half-open, so a
 * delivery exactly one window old no longer counts; one stamped after {@code at} counts).
 */
public final class FrequencyCap {
    private FrequencyCap() {
    }

    /**
     * Whether a delivery counts at {@code at}.
     *
     * @param delivery the delivery
     * @param at       the evaluation instant
     * @param window   the cap's window
     * @return true while it is inside the window
     */
    public static boolean counts(SponsoredDelivery delivery, Instant at, Duration window) {
        return at.minus(window).isBefore(delivery.deliveredAt());
    }

    /**
     * The deliveries that count at {@code at}, in the order given.
     *
     * @param deliveries a recipient's recent deliveries
     * @param at         the evaluation instant
     * @param window     the cap's window
     * @return those inside the window
     */
    public static List<SponsoredDelivery> counted(List<SponsoredDelivery> deliveries, Instant at, Duration window) {
        Instant from = at.minus(window);
        List<SponsoredDelivery> counted = new ArrayList<>(deliveries.size());
        for (SponsoredDelivery delivery : deliveries) {
            if (from.isBefore(delivery.deliveredAt())) {
                counted.add(delivery);
            }
        }
        return counted;
    }

    /**
     * How many deliveries count at {@code at}: the size of {@link #counted}, without making the list.
     *
     * @param deliveries a recipient's recent deliveries
     * @param at         the evaluation instant
     * @param window     the cap's window
     * @return how many are inside the window
     */
    public static int count(List<SponsoredDelivery> deliveries, Instant at, Duration window) {
        return countIn(deliveries, SponsoredDelivery::deliveredAt, at, window);
    }

    /**
     * How many of {@code items} were delivered inside the window ({@code at - deliveredAt < window}, one stamped after
     * {@code at} included): the one count both caps make ({@link PersonCap}).
     */
    static <T> int countIn(List<T> items, Function<T, Instant> deliveredAt, Instant at, Duration window) {
        Instant from = at.minus(window);
        int count = 0;
        for (T item : items) {
            if (from.isBefore(deliveredAt.apply(item))) {
                count++;
            }
        }
        return count;
    }

    /**
     * The violation the frequency-cap rule records for {@code counted} deliveries, at least {@code max} of them.
     *
     * @param personId the person
     * @param counted  the deliveries inside the window
     * @param max      the cap
     * @param window   the window
     * @return a violation lifting when enough deliveries have left the window for one more to fit
     */
    public static Violation violation(String personId, Collection<?> counted, int max, Duration window) {
        List<Instant> times = new ArrayList<>();
        for (Object o : counted) {
            times.add(((SponsoredDelivery) o).deliveredAt());
        }
        return capped(personId, times, max, window);
    }

    /**
     * The violation of a cap of {@code max} in a rolling {@code window}, for the delivery times that count: it lifts
     * when enough of them have left the window for one more to fit. Shared by the per-business and the person-level
     * caps ({@link PersonCap}).
     */
    static Violation capped(String personId, List<Instant> times, int max, Duration window) {
        times.sort(null);
        // one more fits once count - max + 1 of them have left: the (count - max)th oldest leaves last of those
        int leaving = times.size() - max;
        // personId among the details: both caps' messages name the person (it was missing, and "{personId}" showed)
        if (leaving < 0 || leaving >= times.size()) {
            return Violation.forPerson(personId, "personId", personId, "count", times.size(), "max", max,
                    "window", window);
        }
        Instant retryAt = times.get(leaving).plus(window);
        return Violation.forPersonUntil(personId, retryAt, "personId", personId, "count", times.size(), "max", max,
                "window", window, "retryAt", retryAt);
    }
}
