package org.threadgate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.facade.ledger.Events.event;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;

/** What storing a batch does, worked out without a database. */
class IngestPlanTest {
    private static final IngestPlan.ThreadKey A1 = new IngestPlan.ThreadKey("a", "p1");
    private static final IngestPlan.ThreadKey B1 = new IngestPlan.ThreadKey("b", "p1");
    private static final IngestPlan.ThreadKey B2 = new IngestPlan.ThreadKey("b", "p2");

    private final List<MessagingEvent> batch = List.of(
            event("e1", EventType.PERSON_MESSAGE, "b", "p2", 1),
            event("e2", EventType.PERSON_MESSAGE, "a", "p1", 2),
            event("e3", EventType.BLOCK, "b", "p1", 3),
            event("e4", EventType.PERSON_REACTION, "b", "p2", 4));

    @Test
    void threadsAndEvents_comeInKeyOrder_eachThreadsInArrivalOrder() {
        IngestPlan plan = new IngestPlan(batch);
        assertThat(plan.threads()).containsExactly(A1, B1, B2);
        assertThat(plan.events()).extracting(MessagingEvent::eventId).containsExactly("e2", "e3", "e1", "e4");
    }

    @Test
    void newThreads_areCreated_andOpenOnesJoinTheAudience() {
        IngestPlan.Writes writes = new IngestPlan(batch).writes(Map.of(), new boolean[] {true, true, true, true});
        assertThat(writes.creations()).extracting(ThreadState::personId).containsExactly("p1", "p1", "p2");
        assertThat(writes.updates()).isEmpty();
        assertThat(writes.audienceDeltas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1));
        assertThat(writes.stored()).isEqualTo(4);
        assertThat(writes.duplicates()).isZero();
    }

    @Test
    void duplicates_changeNothing_andAThreadOfOnlyDuplicatesIsNotWritten() {
        ThreadState known = ThreadState.empty("a", "p1").apply(batch.get(1));
        IngestPlan.Writes writes = new IngestPlan(batch).writes(Map.of(A1, known),
                new boolean[] {false, true, true, true});
        assertThat(writes.creations()).extracting(ThreadState::businessId).containsExactly("b", "b");
        assertThat(writes.updates()).isEmpty();
        assertThat(writes.audienceDeltas()).containsExactlyEntriesOf(Map.of("b", 1));
        assertThat(writes.stored()).isEqualTo(3);
        assertThat(writes.duplicates()).isEqualTo(1);
    }

    @Test
    void aBlockOnAnOpenThread_updatesIt_andLeavesTheAudience() {
        ThreadState open = ThreadState.empty("b", "p1").apply(event("e0", EventType.PERSON_MESSAGE, "b", "p1", 0));
        IngestPlan plan = new IngestPlan(List.of(batch.get(2)));
        IngestPlan.Writes writes = plan.writes(Map.of(B1, open), new boolean[] {true});
        assertThat(writes.updates()).singleElement().satisfies(t -> assertThat(t.blocked()).isTrue());
        assertThat(writes.audienceDeltas()).containsExactlyEntriesOf(Map.of("b", -1));
    }

    @Test
    void deltasThatCancelOut_areNotWritten() {
        ThreadState open = ThreadState.empty("b", "p1").apply(event("e0", EventType.PERSON_MESSAGE, "b", "p1", 0));
        IngestPlan plan = new IngestPlan(List.of(batch.get(2), event("e5", EventType.PERSON_MESSAGE, "b", "p3", 5)));
        IngestPlan.Writes writes = plan.writes(Map.of(B1, open), new boolean[] {true, true});
        assertThat(writes.audienceDeltas()).isEmpty();
    }

    @Test
    void foldedFromEmpty_isWhatANewThreadHolds_evenWithAnEventRepeated() {
        MessagingEvent block = event("e9", EventType.BLOCK, "b", "p1", 9);
        Map<IngestPlan.ThreadKey, ThreadState> folded = new IngestPlan(List.of(batch.get(2), block, block))
                .foldedFromEmpty();
        assertThat(folded).containsOnlyKeys(B1);
        assertThat(folded.get(B1)).isEqualTo(ThreadState.empty("b", "p1").apply(batch.get(2)).apply(block));
    }
}
