package org.threadgate.policies.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.Scenario;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;

class SuppressionPolicyTest {
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void lastInteractionExactly24hAgo_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteractionAgo(DAY));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
        assertThat(codes(decision)).isEmpty();
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void lastInteraction24hMinus1msAgo_isSuppressedUntilExactly24hAfterIt() {
        Instant last = Scenario.AT.minus(DAY).plusMillis(1);
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteraction(last));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
        assertThat(codes(decision)).containsExactly("WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.reasons().get(0).retryAt()).isEqualTo(last.plus(DAY));
        assertThat(decision.retryAt()).isEqualTo(Scenario.AT.plusMillis(1));
    }

    @Test
    void interactionAtTheEvaluationInstant_isSuppressedFor24h() {
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteraction(Scenario.AT));
        assertThat(codes(decision)).containsExactly("WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.retryAt()).isEqualTo(Scenario.AT.plus(DAY));
    }

    @Test
    void interactionStampedInTheFuture_clockSkew_isSuppressed() {
        Instant future = Scenario.AT.plus(Duration.ofMinutes(5));
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteraction(future));
        assertThat(codes(decision)).containsExactly("WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.retryAt()).isEqualTo(future.plus(DAY));
    }

    @Test
    void retryingAtTheRetryInstant_isDelivered() {
        Instant last = Scenario.AT.minus(Duration.ofHours(3));
        DeliveryDecision first = decide(Scenario.deliverable().lastInteraction(last));
        DeliveryDecision retried = decide(Scenario.deliverable().at(first.retryAt()).lastInteraction(last));
        assertThat(retried.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void withinWindowAndTooSmallAudience_hasNoRetryBecauseOneReasonIsNotTimeBound() {
        DeliveryDecision decision = decide(Scenario.deliverable().audienceSize(10).lastInteractionAgo(
                Duration.ofHours(1)));
        assertThat(codes(decision)).containsExactly("AUDIENCE_TOO_SMALL", "WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.retryAt()).isNull();
        assertThat(decision.reasons()).filteredOn(r -> r.code().equals("WITHIN_SUPPRESSION_WINDOW"))
                .singleElement().extracting(r -> r.retryAt()).isNotNull();
    }
}
