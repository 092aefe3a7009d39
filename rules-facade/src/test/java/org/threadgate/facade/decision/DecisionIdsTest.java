package org.threadgate.facade.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Time-ordered decision ids: version 7 UUIDs whose millisecond reads back, and that sort by when they were made. */
class DecisionIdsTest {
    @Test
    void aTimeOrderedId_isAVersion7Uuid_whoseMillisecondReadsBack() {
        long before = System.currentTimeMillis();
        String id = DecisionIds.TIME_ORDERED.get();
        long after = System.currentTimeMillis();
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(DecisionIds.millisOf(id)).isBetween(before, after);
        assertThat(DecisionIds.millisOf(DecisionIds.firstAt(1_796_579_303_136L))).isEqualTo(1_796_579_303_136L);
        assertThat(DecisionIds.firstAt(1_796_579_303_136L)).isLessThanOrEqualTo(DecisionIds.TIME_ORDERED.get());
    }

    @Test
    void otherIds_haveNoMillisecond() {
        assertThat(DecisionIds.millisOf(DecisionIds.RANDOM.get())).isEqualTo(-1);
        assertThat(DecisionIds.millisOf(UUID.randomUUID().toString())).isEqualTo(-1);
        assertThat(DecisionIds.millisOf("0123456z-0000-7000-8000-000000000000")).isEqualTo(-1);
        assertThat(DecisionIds.millisOf("d-1")).isEqualTo(-1);
        assertThat(DecisionIds.millisOf(null)).isEqualTo(-1);
    }

    @Test
    void idsMadeInLaterMilliseconds_sortAfterEarlierOnes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(DecisionIds.TIME_ORDERED.get());
            long made = System.currentTimeMillis();
            while (System.currentTimeMillis() == made) { // the next millisecond
                Thread.onSpinWait();
            }
        }
        assertThat(ids).isSorted();
    }
}
