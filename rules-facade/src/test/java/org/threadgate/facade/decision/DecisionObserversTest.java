package org.threadgate.facade.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;

/**
 * The library's decision hook, without a server: every decision the facade makes, through any of its Java calls,
 * passes once through each observer with the facts the rules saw, and an observer that fails never fails a decision.
 */
class DecisionObserversTest {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
    private static final CampaignRequest CAMPAIGN = new CampaignRequest(AT, new Business("acme", true),
            new Campaign("c1", "acme", Objective.MESSAGES, 2500));

    private static Recipient person(String id) {
        return new Recipient(new Person(id), new Conversation("acme", id, AT.minusSeconds(7 * 86_400)), List.of());
    }

    @Test
    void everyJavaCall_isObservedOnce_withItsFacts() {
        RecordingObserver recorder = new RecordingObserver();
        try (DeliveryPolicyService service = DeliveryPolicyService.bundled().observe(recorder)) {
            service.decideDelivery(new DeliveryRequest(CAMPAIGN, person("single")));
            service.decideCampaign(CAMPAIGN);
            service.decideAudience(CAMPAIGN, List.of(person("a1"), person("a2")));
            List<String> streamed = new ArrayList<>();
            service.decideAudience(CAMPAIGN, List.of(person("s1"), person("s2"), person("s3")).iterator(),
                    decision -> streamed.add(decision.personId()));
            assertThat(streamed).containsExactly("s1", "s2", "s3");
        }

        List<Decided> deliveries = recorder.decided.stream().filter(d -> d instanceof Decided.Delivery).toList();
        assertThat(deliveries).extracting(d -> ((Decided.Delivery) d).request().recipient().person().id())
                .containsExactly("single", "a1", "a2", "s1", "s2", "s3");
        assertThat(recorder.decided).filteredOn(d -> d instanceof Decided.Campaign).hasSize(1);
        assertThat(recorder.decided).extracting(d -> d.origin().via()).containsOnly(Origin.Via.JAVA);
        assertThat(recorder.decided).extracting(Decided::decisionId).doesNotHaveDuplicates();
        // each audience call is one batch: its decisions share a batch id, and its end is reported once
        assertThat(deliveries.get(1).origin().batchId()).isNotNull().isEqualTo(deliveries.get(2).origin().batchId())
                .isNotEqualTo(deliveries.get(3).origin().batchId());
        assertThat(recorder.ended).hasSize(2);
    }

    @Test
    void aFailingObserver_neverFailsTheDecision() {
        RecordingObserver after = new RecordingObserver();
        try (DeliveryPolicyService service = DeliveryPolicyService.bundled().observe(decided -> {
            throw new IllegalStateException("observer bug");
        }).observe(after)) {
            assertThat(service.decideCampaign(CAMPAIGN).outcome().name()).isEqualTo("APPROVE");
        }
        assertThat(after.decided).hasSize(1);
    }
}
