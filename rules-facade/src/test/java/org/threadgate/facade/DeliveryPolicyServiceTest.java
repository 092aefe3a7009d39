package org.threadgate.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Reason;
import org.threadgate.model.Recipient;

class DeliveryPolicyServiceTest {
    private static final Instant AT = Instant.parse("2026-04-01T10:00:00Z");
    private static DeliveryPolicyService service;

    @BeforeAll
    static void start() {
        service = DeliveryPolicyService.bundled();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static CampaignRequest campaign(int audience) {
        return new CampaignRequest(AT, new Business("b1", true), new Campaign("c1", "b1", Objective.MESSAGES,
                audience));
    }

    private static Recipient recipient(String id, Duration sinceLast, BlockKind... blocks) {
        List<Block> listed = new ArrayList<>();
        for (BlockKind kind : blocks) {
            listed.add(new Block(id, "b1", kind, null));
        }
        return new Recipient(new Person(id), sinceLast == null ? null : new Conversation("b1", id,
                AT.minus(sinceLast)), listed);
    }

    @Test
    void decideDelivery_namesTheLiveVersionAndTheInstant() {
        DeliveryDecision decision = service.decideDelivery(new DeliveryRequest(campaign(500),
                recipient("p1", Duration.ofDays(3))));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
        assertThat(decision.policyVersion()).isEqualTo(service.policies().version());
        assertThat(decision.evaluatedAt()).isEqualTo(AT);
        assertThat(decision.personId()).isEqualTo("p1");
    }

    @Test
    void decideCampaign_rejectsASmallAudience() {
        var decision = service.decideCampaign(campaign(42));
        assertThat(decision.outcome()).isEqualTo(CampaignOutcome.REJECT);
        assertThat(decision.reasons()).extracting(Reason::code).containsExactly("AUDIENCE_TOO_SMALL");
    }

    @Test
    void decideAudience_keepsInputOrderAndDecidesEachOnItsOwnFacts() {
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            recipients.add(switch (i % 4) {
                case 0 -> recipient("p" + i, Duration.ofDays(2));
                case 1 -> recipient("p" + i, Duration.ofHours(1));
                case 2 -> recipient("p" + i, null);
                default -> recipient("p" + i, Duration.ofDays(2), BlockKind.BLOCKED_BUSINESS);
            });
        }
        List<DeliveryDecision> decisions = service.decideAudience(campaign(500), recipients);
        assertThat(decisions).hasSize(2_345);
        for (int i = 0; i < decisions.size(); i++) {
            DeliveryDecision d = decisions.get(i);
            assertThat(d.personId()).isEqualTo("p" + i);
            List<String> codes = d.reasons().stream().map(Reason::code).toList();
            switch (i % 4) {
                case 0 -> assertThat(codes).isEmpty();
                case 1 -> assertThat(codes).containsExactly("WITHIN_SUPPRESSION_WINDOW");
                case 2 -> assertThat(codes).containsExactly("NO_OPEN_THREAD");
                default -> assertThat(codes).containsExactly("BLOCKED_BUSINESS");
            }
        }
    }

    @Test
    void replace_swapsTheVersionForLaterCallsOnly() {
        PolicySet original = service.policies();
        PolicySet strict = new PolicyCompiler().compile(PolicySource.of("test",
                bundledRules(), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 1000"))).policySet();
        try (DeliveryPolicyService local = new DeliveryPolicyService(original)) {
            assertThat(local.decideCampaign(campaign(500)).outcome()).isEqualTo(CampaignOutcome.APPROVE);
            PolicySet previous = local.replace(strict);
            assertThat(previous).isSameAs(original);
            var after = local.decideCampaign(campaign(500));
            assertThat(after.outcome()).isEqualTo(CampaignOutcome.REJECT);
            assertThat(after.policyVersion()).isEqualTo(strict.version()).isNotEqualTo(original.version());
        }
    }

    private static Map<String, String> bundledRules() {
        return PolicySource.bundled().ruleFiles();
    }
}
