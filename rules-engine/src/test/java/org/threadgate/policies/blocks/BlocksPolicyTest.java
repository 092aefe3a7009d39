package org.threadgate.policies.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.Scenario;
import org.threadgate.model.BlockKind;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Objective;

class BlocksPolicyTest {
    @Test
    void noBlock_isDelivered() {
        assertThat(decide(Scenario.deliverable()).outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void personBlockedTheBusiness_isSuppressedWithoutRetry() {
        DeliveryDecision decision = decide(Scenario.deliverable().block(BlockKind.BLOCKED_BUSINESS));
        assertThat(codes(decision)).containsExactly("BLOCKED_BUSINESS");
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void personTurnedMessagesOff_isSuppressedWithoutRetry() {
        DeliveryDecision decision = decide(Scenario.deliverable().block(BlockKind.MESSAGES_TURNED_OFF));
        assertThat(codes(decision)).containsExactly("MESSAGES_TURNED_OFF");
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void bothBlockKinds_listBoth() {
        DeliveryDecision decision = decide(Scenario.deliverable().block(BlockKind.BLOCKED_BUSINESS)
                .block(BlockKind.MESSAGES_TURNED_OFF));
        assertThat(codes(decision)).containsExactly("BLOCKED_BUSINESS", "MESSAGES_TURNED_OFF");
    }

    @Test
    void sameBlockListedTwice_givesOneReason() {
        DeliveryDecision decision = decide(Scenario.deliverable().block(BlockKind.BLOCKED_BUSINESS)
                .block(BlockKind.BLOCKED_BUSINESS));
        assertThat(decision.reasons()).hasSize(1);
    }

    @Test
    void blockInsideTheSuppressionWindow_hasNoRetryBecauseTheBlockIsNotTimeBound() {
        DeliveryDecision decision = decide(Scenario.deliverable().lastInteractionAgo(Duration.ofHours(2))
                .block(BlockKind.MESSAGES_TURNED_OFF));
        assertThat(codes(decision)).containsExactly("MESSAGES_TURNED_OFF", "WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.retryAt()).isNull();
    }

    @Test
    void everyViolationAtOnce_listsEveryCodeInCodeOrder() {
        DeliveryDecision decision = decide(Scenario.deliverable().advertiserEnabled(false)
                .objective(Objective.TRAFFIC).audienceSize(3).lastInteraction(null)
                .block(BlockKind.BLOCKED_BUSINESS).block(BlockKind.MESSAGES_TURNED_OFF));
        assertThat(decision.reasons()).extracting(r -> r.code()).containsExactly(
                "ADVERTISER_NOT_ENABLED", "AUDIENCE_TOO_SMALL", "BLOCKED_BUSINESS", "MESSAGES_TURNED_OFF",
                "NO_OPEN_THREAD", "OBJECTIVE_NOT_MESSAGES");
        assertThat(decision.retryAt()).isNull();
    }
}
