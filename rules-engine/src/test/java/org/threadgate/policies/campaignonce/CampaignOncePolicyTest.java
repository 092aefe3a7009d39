package org.threadgate.policies.campaignonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.BundledPolicies;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.Scenario;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;

/** A person gets a given campaign at most once; no retryAt, since it never lifts. */
class CampaignOncePolicyTest {
    @Test
    void sameCampaignDeliveredLongAgo_isSuppressedForGood() {
        Instant delivered = Scenario.AT.minus(Duration.ofDays(20));
        DeliveryDecision decision = decide(Scenario.deliverable().campaign("spring").delivered("spring", delivered));
        assertThat(codes(decision)).containsExactly("CAMPAIGN_ALREADY_DELIVERED");
        assertThat(decision.retryAt()).isNull();
        assertThat(decision.reasons().get(0).retryAt()).isNull();
        assertThat(decision.reasons().get(0).message()).contains("spring").contains(delivered.toString());
    }

    @Test
    void anotherCampaignDeliveredLongAgo_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable().campaign("spring")
                .delivered("winter", Scenario.AT.minus(Duration.ofDays(20))));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void sameCampaignDeliveredTwice_namesTheFirstDelivery() {
        Instant first = Scenario.AT.minus(Duration.ofDays(20));
        DeliveryDecision decision = decide(Scenario.deliverable().campaign("spring")
                .delivered("spring", Scenario.AT.minus(Duration.ofDays(10))).delivered("spring", first));
        assertThat(codes(decision)).containsExactly("CAMPAIGN_ALREADY_DELIVERED");
        assertThat(decision.reasons()).hasSize(1);
        assertThat(decision.reasons().get(0).message()).contains(first.toString());
    }

    @Test
    void sameCampaignWithinTheCapWindow_hasBothReasonsAndNoRetry() {
        DeliveryDecision decision = decide(Scenario.deliverable().campaign("spring")
                .delivered("spring", Scenario.AT.minus(Duration.ofHours(1))));
        assertThat(codes(decision)).containsExactly("CAMPAIGN_ALREADY_DELIVERED", "FREQUENCY_CAP_REACHED");
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void enabledFalseOrNull_turnsThePolicyOff() {
        for (String value : new String[] {"false", "null"}) {
            try (PolicySet set = BundledPolicies.withSettings(
                    BundledPolicies.bundledSettingsWith("enabled: true", "enabled: " + value))) {
                DeliveryDecision decision = set.decideDelivery(Scenario.deliverable().campaign("spring")
                        .delivered("spring", Scenario.AT.minus(Duration.ofDays(20))).deliveryRequest());
                assertThat(codes(decision)).as(value).isEmpty();
            }
        }
    }
}
