package org.threadgate.policies.personcap;

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

/**
 * Bundled: at most 3 sponsored messages per person from all businesses in any rolling 24 hours; a delivery counts
 * while at - delivered < 24 h (one stamped after at counts too).
 */
class PersonCapPolicyTest {
    private static final Duration WINDOW = Duration.ofHours(24);

    /** Three deliveries from three other businesses, {@code hoursAgo} each, plus the scenario's own. */
    private static Scenario threeFromOthers(long first, long second, long third) {
        return Scenario.deliverable()
                .personDelivered("shop-a", "a1", Scenario.AT.minus(Duration.ofHours(first)))
                .personDelivered("shop-b", "b1", Scenario.AT.minus(Duration.ofHours(second)))
                .personDelivered("shop-c", "c1", Scenario.AT.minus(Duration.ofHours(third)));
    }

    @Test
    void twoFromOtherBusinessesInTheWindow_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable()
                .personDelivered("shop-a", "a1", Scenario.AT.minus(Duration.ofHours(2)))
                .personDelivered("shop-b", "b1", Scenario.AT.minus(Duration.ofHours(3))));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void threeFromOtherBusinessesInTheWindow_isSuppressedUntilTheOldestLeaves() {
        DeliveryDecision decision = decide(threeFromOthers(20, 5, 1));
        assertThat(codes(decision)).containsExactly("PERSON_CAP_REACHED");
        assertThat(decision.retryAt()).isEqualTo(Scenario.AT.minus(Duration.ofHours(20)).plus(WINDOW));
        assertThat(decision.reasons().get(0).message()).isEqualTo("Person " + Scenario.PERSON + " got 3 sponsored"
                + " messages from all businesses in the last PT24H (at most 3); the next may be delivered at "
                + Scenario.AT.minus(Duration.ofHours(20)).plus(WINDOW));
    }

    @Test
    void theOldestExactly24hAgo_nolongerCounts_isDelivered() {
        DeliveryDecision decision = decide(threeFromOthers(24, 5, 1));
        assertThat(codes(decision)).isEmpty();
    }

    @Test
    void theOldest24hMinus1msAgo_stillCounts() {
        Instant oldest = Scenario.AT.minus(WINDOW).plusMillis(1);
        DeliveryDecision decision = decide(Scenario.deliverable()
                .personDelivered("shop-a", "a1", oldest)
                .personDelivered("shop-b", "b1", Scenario.AT.minus(Duration.ofHours(5)))
                .personDelivered("shop-c", "c1", Scenario.AT.minus(Duration.ofHours(1))));
        assertThat(codes(decision)).containsExactly("PERSON_CAP_REACHED");
        assertThat(decision.retryAt()).isEqualTo(oldest.plus(WINDOW));
    }

    @Test
    void aDeliveryStampedInTheFuture_clockSkew_counts() {
        Instant future = Scenario.AT.plusSeconds(30);
        DeliveryDecision decision = decide(Scenario.deliverable()
                .personDelivered("shop-a", "a1", Scenario.AT.minus(Duration.ofHours(2)))
                .personDelivered("shop-b", "b1", Scenario.AT.minus(Duration.ofHours(1)))
                .personDelivered("shop-c", "c1", future));
        assertThat(codes(decision)).containsExactly("PERSON_CAP_REACHED");
        assertThat(decision.retryAt()).isEqualTo(Scenario.AT.minus(Duration.ofHours(2)).plus(WINDOW));
    }

    @Test
    void fourCounted_liftsWhenTheSecondOldestLeaves() {
        Instant second = Scenario.AT.minus(Duration.ofHours(10));
        DeliveryDecision decision = decide(threeFromOthers(20, 2, 1).personDelivered("shop-d", "d1", second));
        assertThat(codes(decision)).containsExactly("PERSON_CAP_REACHED");
        // one more fits once two of the four have left: the second oldest leaves last of those
        assertThat(decision.retryAt()).isEqualTo(second.plus(WINDOW));
    }

    @Test
    void retryingAtTheRetryInstant_isDelivered() {
        DeliveryDecision first = decide(threeFromOthers(20, 5, 1));
        DeliveryDecision retried = decide(threeFromOthers(20, 5, 1).at(first.retryAt()));
        assertThat(retried.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void deliveriesFromThisBusinessCount_besideItsOwnFrequencyCap() {
        DeliveryDecision decision = decide(Scenario.deliverable()
                .personDelivered(Scenario.BUSINESS, "x1", Scenario.AT.minus(Duration.ofHours(3)))
                .personDelivered("shop-a", "a1", Scenario.AT.minus(Duration.ofHours(2)))
                .personDelivered("shop-b", "b1", Scenario.AT.minus(Duration.ofHours(1))));
        assertThat(codes(decision)).containsExactly("PERSON_CAP_REACHED");
    }

    @Test
    void personCapSetToNull_turnsThePolicyOff() {
        String off = BundledPolicies.bundledSettingsWith("personCap:\n  max: 3\n  window: PT24H", "personCap: null");
        try (PolicySet set = BundledPolicies.withSettings(off)) {
            DeliveryDecision decision = set.decideDelivery(threeFromOthers(20, 5, 1).deliveryRequest());
            assertThat(codes(decision)).isEmpty();
        }
    }

    @Test
    void aRetryInsideQuietHours_movesToTheirEnd() {
        // at 12:00 UTC in UTC; the oldest of three leaves at 22:00, inside 21:00-08:00: the retry moves to 08:00
        DeliveryDecision decision = decide(threeFromOthers(14, 5, 1).timeZone("UTC"));
        assertThat(codes(decision)).containsExactly("PERSON_CAP_REACHED");
        assertThat(decision.retryAt()).isEqualTo(Instant.parse("2026-03-11T08:00:00Z"));
    }
}
