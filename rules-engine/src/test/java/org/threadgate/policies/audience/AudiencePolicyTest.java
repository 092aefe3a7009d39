package org.threadgate.policies.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;
import static org.threadgate.engine.BundledPolicies.decideCampaign;


import org.junit.jupiter.api.Test;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.BundledPolicies;
import org.threadgate.engine.Scenario;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.DeliveryDecision;

class AudiencePolicyTest {
    @Test
    void audienceOf99WithDefaultMinimum_isTooSmall() {
        DeliveryDecision decision = decide(Scenario.deliverable().audienceSize(99));
        assertThat(codes(decision)).containsExactly("AUDIENCE_TOO_SMALL");
        assertThat(decision.retryAt()).isNull();
        assertThat(decision.reasons().get(0).message()).isEqualTo(
                "The custom audience has 99 people; at least 100 are needed");

        CampaignDecision campaign = decideCampaign(Scenario.deliverable().audienceSize(99));
        assertThat(campaign.outcome()).isEqualTo(CampaignOutcome.REJECT);
        assertThat(codes(campaign.reasons())).containsExactly("AUDIENCE_TOO_SMALL");
    }

    @Test
    void audienceOfExactly100_passes() {
        assertThat(codes(decide(Scenario.deliverable().audienceSize(100)))).isEmpty();
        assertThat(decideCampaign(Scenario.deliverable().audienceSize(100)).outcome())
                .isEqualTo(CampaignOutcome.APPROVE);
    }

    @Test
    void emptyAudience_isTooSmall() {
        assertThat(codes(decide(Scenario.deliverable().audienceSize(0)))).containsExactly("AUDIENCE_TOO_SMALL");
    }

    @Test
    void minimumComesFromSettings_notFromTheRule() throws Exception {
        try (PolicySet strict = BundledPolicies.withSettings(
                BundledPolicies.bundledSettingsWith("minimumAudienceSize: 100", "minimumAudienceSize: 500"))) {
            assertThat(codes(strict.decideDelivery(Scenario.deliverable().audienceSize(499).deliveryRequest())))
                    .containsExactly("AUDIENCE_TOO_SMALL");
            assertThat(codes(strict.decideDelivery(Scenario.deliverable().audienceSize(500).deliveryRequest())))
                    .isEmpty();
        }
    }
}
