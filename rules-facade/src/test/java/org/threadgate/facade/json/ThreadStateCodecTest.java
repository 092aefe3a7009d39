package org.threadgate.facade.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.threadgate.model.SponsoredDelivery;
import org.threadgate.model.ThreadState;

/** A thread's state through its one codec: written as the thread view, read back to the same state. */
class ThreadStateCodecTest {
    private static final Instant T = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void everyField_survivesAWriteAndARead() {
        ThreadState full = new ThreadState("acme", "p-1", T, T.minusSeconds(60), true, T.minusSeconds(5), true,
                T.minusSeconds(7), ZoneId.of("Europe/Paris"), T.minusSeconds(9),
                List.of(new SponsoredDelivery("p-1", "spring", T.minusSeconds(3_600))));
        assertThat(ThreadStateCodec.read(ThreadStateCodec.write(full))).isEqualTo(full);
        ThreadState bare = ThreadState.empty("acme", "p-2");
        assertThat(ThreadStateCodec.read(ThreadStateCodec.write(bare))).isEqualTo(bare);
    }

    @Test
    void theView_carriesTheDerivedFields_andNoPersonPerDelivery() {
        ThreadState open = new ThreadState("acme", "p-1", T, null, false, null, false, null, null, null,
                List.of(new SponsoredDelivery("p-1", "spring", T)));
        assertThat(ThreadStateCodec.view(open)).containsEntry("open", true).containsEntry("audienceMember", true)
                .containsEntry("timeZone", null);
        assertThat(ThreadStateCodec.write(open)).contains("\"deliveries\":[{\"campaignId\":\"spring\",\"deliveredAt\":")
                .doesNotContain("\"deliveries\":[{\"personId\"");
    }

    @Test
    void aLineThatIsNotAThreadState_isRefused() {
        assertThatThrownBy(() -> ThreadStateCodec.read("{\"eventId\":\"e1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("businessId");
    }

    /** Lines the Flink fold wrote before this codec (the record as the shared mapper wrote it) still read. */
    @Test
    void aStateInTheEarlierFormat_stillReads() {
        ThreadState state = new ThreadState("acme", "p-1", T, null, false, null, true, T, ZoneId.of("Asia/Kolkata"),
                T, List.of(new SponsoredDelivery("p-1", "spring", T.minusSeconds(60))));
        assertThat(ThreadStateCodec.read(Json.write(state))).isEqualTo(state);
    }
}
