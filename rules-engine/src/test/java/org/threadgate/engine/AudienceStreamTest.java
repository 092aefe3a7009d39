package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;

/** The engine's one streaming API for many recipients: in order, flushed on demand, each on its own facts. */
class AudienceStreamTest {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
    private static final CampaignRequest CAMPAIGN = new CampaignRequest(AT, new Business("acme", true),
            new Campaign("c1", "acme", Objective.MESSAGES, 2500));
    private final PolicySet policies = BundledPolicies.get();

    /** Odd people interacted an hour ago (suppressed), even ones a week ago (deliverable). */
    private static Recipient person(int i) {
        return new Recipient(new Person("p" + i), new Conversation("acme", "p" + i,
                AT.minusSeconds(i % 2 == 0 ? 7 * 86_400 : 3_600)), List.of());
    }

    @Test
    void manyRecipients_comeBackInOrder_eachDecidedAsAlone() {
        List<DeliveryDecision> out = new ArrayList<>();
        int count = 5_432; // several chunks and a partial one, whatever the engine's chunk size
        try (AudienceStream stream = policies.audience(CAMPAIGN, out::add)) {
            for (int i = 0; i < count; i++) {
                stream.accept(person(i));
            }
        }
        assertThat(out).hasSize(count);
        for (int i = 0; i < count; i += 97) {
            assertThat(out.get(i).personId()).isEqualTo("p" + i);
            assertThat(out.get(i)).isEqualTo(policies.decideDelivery(new DeliveryRequest(CAMPAIGN, person(i))));
        }
    }

    @Test
    void flush_handsOverEveryPendingDecision_beforeItReturns() {
        List<String> out = new ArrayList<>();
        try (AudienceStream stream = policies.audience(CAMPAIGN, d -> out.add(d.personId()))) {
            stream.accept(person(1));
            stream.accept(person(2));
            stream.flush();
            assertThat(out).containsExactly("p1", "p2");
            stream.accept(person(3));
            stream.flush();
            assertThat(out).containsExactly("p1", "p2", "p3");
        }
        assertThat(out).containsExactly("p1", "p2", "p3");
    }

    @Test
    void thesamePersonTwice_isDecidedTwice_onTheirOwnFactsEachTime() {
        List<DeliveryDecision> out = new ArrayList<>();
        Recipient recent = person(1);
        Recipient old = new Recipient(new Person("p1"), new Conversation("acme", "p1", AT.minusSeconds(9 * 86_400)),
                List.of());
        try (AudienceStream stream = policies.audience(CAMPAIGN, out::add)) {
            stream.accept(recent);
            stream.accept(old);
        }
        assertThat(out).extracting(d -> d.outcome().name()).containsExactly("SUPPRESS", "DELIVER");
    }

    @Test
    void aRecipientOfAnotherBusiness_isRefused_andTheStreamGoesOn() {
        List<String> out = new ArrayList<>();
        try (AudienceStream stream = policies.audience(CAMPAIGN, d -> out.add(d.personId()))) {
            stream.accept(person(2));
            Recipient stranger = new Recipient(new Person("x"), new Conversation("other", "x", AT), List.of());
            assertThatThrownBy(() -> stream.accept(stranger)).isInstanceOf(IllegalArgumentException.class);
            stream.accept(person(4));
        }
        assertThat(out).containsExactly("p2", "p4");
    }

    @Test
    void afterClose_nothingMoreIsAccepted() {
        AudienceStream stream = policies.audience(CAMPAIGN, d -> { });
        stream.close();
        assertThatThrownBy(() -> stream.accept(person(1))).isInstanceOf(IllegalStateException.class);
    }
}
