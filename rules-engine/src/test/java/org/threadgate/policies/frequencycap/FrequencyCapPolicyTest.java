package org.threadgate.policies.frequencycap;

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

/** Bundled: at most 1 sponsored message per person per rolling 48 hours; at - delivered < 48 h counts. */
class FrequencyCapPolicyTest {
    private static final Duration WINDOW = Duration.ofHours(48);

    @Test
    void noDeliveryHistory_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable());
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void deliveryExactly48hAgo_nolongerCounts_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable().deliveredAgo(WINDOW));
        assertThat(codes(decision)).isEmpty();
    }

    @Test
    void delivery48hMinus1msAgo_isSuppressedUntilItLeavesTheWindow() {
        Instant delivered = Scenario.AT.minus(WINDOW).plusMillis(1);
        DeliveryDecision decision = decide(Scenario.deliverable().delivered("other-campaign", delivered));
        assertThat(codes(decision)).containsExactly("FREQUENCY_CAP_REACHED");
        assertThat(decision.retryAt()).isEqualTo(delivered.plus(WINDOW));
        assertThat(decision.reasons().get(0).message()).contains("1 sponsored messages").contains("at most 1");
    }

    @Test
    void deliveryStampedInTheFuture_clockSkew_counts() {
        Instant future = Scenario.AT.plusSeconds(30);
        DeliveryDecision decision = decide(Scenario.deliverable().delivered("other-campaign", future));
        assertThat(codes(decision)).containsExactly("FREQUENCY_CAP_REACHED");
        assertThat(decision.retryAt()).isEqualTo(future.plus(WINDOW));
    }

    @Test
    void retryingAtTheRetryInstant_isDelivered() {
        Instant delivered = Scenario.AT.minus(Duration.ofHours(5));
        DeliveryDecision first = decide(Scenario.deliverable().delivered("other-campaign", delivered));
        DeliveryDecision retried = decide(Scenario.deliverable().at(first.retryAt())
                .delivered("other-campaign", delivered));
        assertThat(retried.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void capOfTwoWithThreeCounted_liftsWhenTheSecondOldestLeaves() {
        try (PolicySet two = BundledPolicies.withSettings(BundledPolicies.bundledSettingsWith("max: 1", "max: 2"))) {
            Instant oldest = Scenario.AT.minus(Duration.ofHours(40));
            Instant middle = Scenario.AT.minus(Duration.ofHours(30));
            Instant newest = Scenario.AT.minus(Duration.ofHours(3));
            DeliveryDecision decision = two.decideDelivery(Scenario.deliverable().delivered("a", oldest)
                    .delivered("b", middle).delivered("c", newest).deliveryRequest());
            assertThat(codes(decision)).containsExactly("FREQUENCY_CAP_REACHED");
            // one more fits once two of the three have left: the middle one leaves last of those
            assertThat(decision.retryAt()).isEqualTo(middle.plus(WINDOW));
            DeliveryDecision oneCounted = two.decideDelivery(Scenario.deliverable().delivered("c", newest)
                    .deliveryRequest());
            assertThat(oneCounted.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
        }
    }

    @Test
    void frequencyCapSetToNull_turnsThePolicyOff() {
        String off = BundledPolicies.bundledSettingsWith("frequencyCap:\n  max: 1\n  window: PT48H",
                "frequencyCap: null");
        try (PolicySet set = BundledPolicies.withSettings(off)) {
            DeliveryDecision decision = set.decideDelivery(Scenario.deliverable()
                    .deliveredAgo(Duration.ofHours(1)).deliveryRequest());
            assertThat(codes(decision)).isEmpty();
        }
    }

    @Test
    void capReachedAndWithinSuppressionWindow_retryAtIsTheLaterOfTheTwo() {
        Instant delivered = Scenario.AT.minus(Duration.ofHours(47));
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteractionAgo(Duration.ofHours(2))
                .delivered("other-campaign", delivered));
        assertThat(codes(decision)).containsExactly("FREQUENCY_CAP_REACHED", "WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.retryAt()).isEqualTo(Scenario.AT.plus(Duration.ofHours(22)));
    }
}
