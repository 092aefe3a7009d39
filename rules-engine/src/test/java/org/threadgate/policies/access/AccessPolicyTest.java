package org.threadgate.policies.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;
import static org.threadgate.engine.BundledPolicies.decideCampaign;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.Scenario;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Objective;

class AccessPolicyTest {
    @Test
    void enabledAdvertiser_isDelivered() {
        DeliveryDecision decision = decide(Scenario.deliverable());
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
        assertThat(codes(decision)).isEmpty();
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void advertiserNotInRollout_isSuppressedWithoutRetry() {
        DeliveryDecision decision = decide(Scenario.deliverable().advertiserEnabled(false));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
        assertThat(codes(decision)).containsExactly("ADVERTISER_NOT_ENABLED");
        assertThat(decision.retryAt()).isNull();
        assertThat(decision.reasons().get(0).rule()).isEqualTo("advertiser-not-enabled");
        assertThat(decision.reasons().get(0).message()).contains("biz-1");
        assertThat(decision.firedRules()).containsExactly("advertiser-not-enabled");
    }

    @Test
    void advertiserNotInRollout_campaignIsRejected() {
        CampaignDecision decision = decideCampaign(Scenario.deliverable().advertiserEnabled(false));
        assertThat(decision.outcome()).isEqualTo(CampaignOutcome.REJECT);
        assertThat(codes(decision.reasons())).containsExactly("ADVERTISER_NOT_ENABLED");
    }

    @Test
    void enabledAdvertiser_campaignIsApproved() {
        CampaignDecision decision = decideCampaign(Scenario.deliverable());
        assertThat(decision.outcome()).isEqualTo(CampaignOutcome.APPROVE);
        assertThat(decision.reasons()).isEmpty();
    }

    @Test
    void disabledAdvertiserWithWrongObjective_listsBothCampaignReasons() {
        CampaignDecision decision = decideCampaign(
                Scenario.deliverable().advertiserEnabled(false).objective(Objective.REACH));
        assertThat(codes(decision.reasons())).containsExactly("ADVERTISER_NOT_ENABLED", "OBJECTIVE_NOT_MESSAGES");
    }
}
