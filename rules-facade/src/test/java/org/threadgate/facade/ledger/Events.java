package org.threadgate.facade.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;

/** Event fixtures: one at a time, or a random history over several threads with ties and late arrivals. */
public final class Events {
    public static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private Events() {
    }

    public static MessagingEvent event(String id, EventType type, String business, String person, long minutes) {
        return event(id, type, business, person, minutes, 0);
    }

    /**
     * An event; a SPONSORED_MESSAGE carries campaign {@code c<variant>}, a PERSON_PROFILE one of a few zones chosen
     * by {@code variant}.
     */
    public static MessagingEvent event(String id, EventType type, String business, String person, long minutes,
                                int variant) {
        String[] zones = {"Europe/Paris", "Asia/Tokyo", "America/New_York"};
        return new MessagingEvent(id, type, business, person, T0.plusSeconds(minutes * 60),
                type == EventType.SPONSORED_MESSAGE ? "c" + variant % 4 : null,
                type == EventType.PERSON_PROFILE ? java.time.ZoneId.of(zones[variant % zones.length]) : null);
    }

    /**
     * {@code count} events over {@code people} people of {@code businesses} businesses, with occurredAt drawn from a
     * small range so that equal instants (ties) happen often.
     */
    public static List<MessagingEvent> randomHistory(long seed, int count, int businesses, int people) {
        Random random = new Random(seed);
        EventType[] types = EventType.values();
        List<MessagingEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            EventType type = types[random.nextInt(types.length)];
            events.add(event("e-" + seed + "-" + i, type, "b" + random.nextInt(businesses),
                    "p" + random.nextInt(people), random.nextInt(40), random.nextInt(12)));
        }
        return events;
    }
}
