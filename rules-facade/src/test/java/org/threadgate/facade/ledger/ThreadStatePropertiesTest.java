package org.threadgate.facade.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.Seeded;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;

/** Folding a thread's events is order-independent and idempotent, and ties go the restrictive way. */
class ThreadStatePropertiesTest {
    private static ThreadState fold(List<MessagingEvent> events) {
        ThreadState state = ThreadState.empty("b0", "p0");
        for (MessagingEvent e : events) {
            state = state.apply(e);
        }
        return state;
    }

    @Test
    void anyOrderWithDuplicates_foldsToTheSameState() {
        Seeded.forAll(500, cases -> anyOrderWithDuplicates_foldsToTheSameState(cases.nextLong(),
                1 + cases.nextInt(60)));
    }

    private static void anyOrderWithDuplicates_foldsToTheSameState(long seed, int n) {
        List<MessagingEvent> events = Events.randomHistory(seed, n, 1, 1);
        ThreadState expected = fold(events);
        Random random = new Random(seed);
        for (int round = 0; round < 5; round++) {
            List<MessagingEvent> shuffled = new ArrayList<>(events);
            for (int i = 0; i < n / 3 + 1; i++) {
                shuffled.add(events.get(random.nextInt(n))); // redelivered
            }
            Collections.shuffle(shuffled, random);
            assertThat(fold(shuffled)).isEqualTo(expected);
        }
    }

    /**
     * The delivery history under a short retention and the 64-delivery cap: whatever the order and the repeats, the
     * same deliveries are kept (every one within the retention of the newest, and each campaign's latest).
     */
    @Test
    void deliveryHistory_anyOrderWithDuplicates_keepsTheSameDeliveries() {
        Seeded.forAll(300, cases -> deliveryHistory_anyOrderWithDuplicates_keepsTheSameDeliveries(cases.nextLong(),
                1 + cases.nextInt(200)));
    }

    private static void deliveryHistory_anyOrderWithDuplicates_keepsTheSameDeliveries(long seed, int n) {
        Random random = new Random(seed);
        java.time.Duration retention = java.time.Duration.ofMinutes(10);
        List<MessagingEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new MessagingEvent("d" + i, EventType.SPONSORED_MESSAGE, "b0", "p0",
                    Events.T0.plusSeconds(60L * random.nextInt(300)), "c" + random.nextInt(90), null));
        }
        java.util.function.Function<List<MessagingEvent>, ThreadState> fold = list -> {
            ThreadState state = ThreadState.empty("b0", "p0");
            for (MessagingEvent e : list) {
                state = state.apply(e, retention);
            }
            return state;
        };
        ThreadState expected = fold.apply(events);
        assertThat(expected.deliveries()).hasSizeLessThanOrEqualTo(2 * ThreadState.MAX_DELIVERIES)
                .isEqualTo(ThreadState.kept(expected.deliveries(), retention));
        for (int round = 0; round < 4; round++) {
            List<MessagingEvent> shuffled = new ArrayList<>(events);
            for (int i = 0; i < n / 4 + 1; i++) {
                shuffled.add(events.get(random.nextInt(n)));
            }
            Collections.shuffle(shuffled, random);
            assertThat(fold.apply(shuffled)).isEqualTo(expected);
        }
    }

    @Test
    void aBusinessMessageAlone_doesNotOpenTheThread() {
        ThreadState state = fold(List.of(Events.event("1", EventType.BUSINESS_MESSAGE, "b0", "p0", 5)));
        assertThat(state.lastPersonInteractionAt()).isNull();
        assertThat(state.lastBusinessMessageAt()).isEqualTo(Events.T0.plusSeconds(300));
        assertThat(state.audienceMember()).isFalse();
    }

    @Test
    void everyKindOfInteraction_opensTheThread_andTheLatestCounts() {
        for (EventType type : List.of(EventType.PERSON_MESSAGE, EventType.PERSON_POSTBACK,
                EventType.PERSON_REACTION, EventType.PERSON_REFERRAL)) {
            ThreadState state = fold(List.of(Events.event("1", type, "b0", "p0", 9),
                    Events.event("2", type, "b0", "p0", 3)));
            assertThat(state.lastPersonInteractionAt()).as(type.name()).isEqualTo(Events.T0.plusSeconds(540));
            assertThat(state.audienceMember()).isTrue();
        }
    }

    @Test
    void theLaterOfBlockAndUnblockWins_inEitherArrivalOrder() {
        MessagingEvent block = Events.event("1", EventType.BLOCK, "b0", "p0", 10);
        MessagingEvent unblock = Events.event("2", EventType.UNBLOCK, "b0", "p0", 20);
        assertInEitherOrder(block, unblock, ThreadState::blocked, false);
        MessagingEvent lateBlock = Events.event("3", EventType.BLOCK, "b0", "p0", 30);
        assertThat(fold(List.of(lateBlock, unblock, block)).blocked()).isTrue();
    }

    @Test
    void atTheSameInstant_theRestrictiveEventWins() {
        assertInEitherOrder(Events.event("1", EventType.BLOCK, "b0", "p0", 10),
                Events.event("2", EventType.UNBLOCK, "b0", "p0", 10), ThreadState::blocked, true);
        assertInEitherOrder(Events.event("3", EventType.MESSAGES_OFF, "b0", "p0", 7),
                Events.event("4", EventType.MESSAGES_ON, "b0", "p0", 7), ThreadState::messagesOff, true);
    }

    /** Folding {@code a} then {@code b}, and {@code b} then {@code a}, both give {@code expected}. */
    private static void assertInEitherOrder(MessagingEvent a, MessagingEvent b,
                                            java.util.function.Predicate<ThreadState> property, boolean expected) {
        assertThat(property.test(fold(List.of(a, b)))).as(a.type() + " then " + b.type()).isEqualTo(expected);
        assertThat(property.test(fold(List.of(b, a)))).as(b.type() + " then " + a.type()).isEqualTo(expected);
    }
}
