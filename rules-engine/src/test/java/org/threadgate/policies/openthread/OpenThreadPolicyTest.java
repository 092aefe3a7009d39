package org.threadgate.policies.openthread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;
import static org.threadgate.engine.BundledPolicies.decideCampaign;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.Scenario;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;

class OpenThreadPolicyTest {
    @Test
    void personWhoInteractedOnce_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteractionAgo(Duration.ofDays(400)));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
        assertThat(codes(decision)).isEmpty();
    }

    @Test
    void noThreadAtAll_isSuppressedWithoutRetry() {
        DeliveryDecision decision = decide(Scenario.deliverable().noThread());
        assertThat(codes(decision)).containsExactly("NO_OPEN_THREAD");
        assertThat(decision.retryAt()).isNull();
        assertThat(decision.firedRules()).containsExactly("no-open-thread");
    }

    @Test
    void threadTheBusinessStartedAlone_isNotOpen() {
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteraction(null));
        assertThat(codes(decision)).containsExactly("NO_OPEN_THREAD");
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void campaignDecision_doesNotLookAtThreads() {
        assertThat(decideCampaign(Scenario.deliverable().noThread()).outcome()).isEqualTo(CampaignOutcome.APPROVE);
    }
}
