package org.threadgate.policies.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;
import static org.threadgate.engine.BundledPolicies.decideCampaign;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.threadgate.engine.Scenario;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Objective;

class ObjectivePolicyTest {
    @Test
    void messagesObjective_isDeliveredAndApproved() {
        assertThat(codes(decide(Scenario.deliverable().objective(Objective.MESSAGES)))).isEmpty();
        assertThat(decideCampaign(Scenario.deliverable()).outcome()).isEqualTo(CampaignOutcome.APPROVE);
    }

    @ParameterizedTest
    @EnumSource(value = Objective.class, names = "MESSAGES", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherObjective_isSuppressedAndRejected(Objective objective) {
        DeliveryDecision decision = decide(Scenario.deliverable().objective(objective));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
        assertThat(codes(decision)).containsExactly("OBJECTIVE_NOT_MESSAGES");
        assertThat(decision.retryAt()).isNull();
        assertThat(decision.reasons().get(0).message()).contains(objective.name());

        assertThat(codes(decideCampaign(Scenario.deliverable().objective(objective)).reasons()))
                .containsExactly("OBJECTIVE_NOT_MESSAGES");
    }
}
