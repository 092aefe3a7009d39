package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.reference.ReferencePolicy;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Reason;
import org.threadgate.model.Recipient;

/** The Drools policies and the plain-Java reference agree on outcome, every reason code, every retryAt. */
class EquivalenceTest {
    private final PolicySet policies = BundledPolicies.get();
    private final ReferencePolicy reference = new ReferencePolicy(policies.allSettings());

    @Test
    void singleDecisions_agreeWithTheReferenceOn12000RandomCases() {
        RandomFacts.deliveries(20261125L, 12_000, 7, (i, request) -> assertAgrees("case " + i,
                policies.decideDelivery(request), reference.decide(request.campaign(), request.recipient())));
    }

    /** The seven original policies' decisions are unchanged for requests that carry no history and no zone. */
    @Test
    void withoutHistoryOrTimeZone_decisionsAreThoseOfTheSevenOriginalPolicies() {
        ReferencePolicy seven = new ReferencePolicy(policies.settings());
        RandomFacts random = new RandomFacts(20261202L);
        for (int i = 0; i < 6_000; i++) {
            Instant at = random.at();
            CampaignRequest campaign = random.campaign(at, "b-" + (i % 5));
            Recipient drawn = random.recipient(at, campaign.business().id(), "p-" + i);
            Recipient plain = new Recipient(new org.threadgate.model.Person(drawn.person().id()),
                    drawn.conversation(), drawn.blocks());
            assertAgrees("case " + i, policies.decideDelivery(new DeliveryRequest(campaign, plain)),
                    seven.decide(campaign, plain));
        }
    }

    @Test
    void audienceDecisions_agreeWithTheReferenceAcrossChunks() {
        RandomFacts random = new RandomFacts(7L);
        for (int round = 0; round < 5; round++) {
            Instant at = random.at();
            CampaignRequest campaign = random.campaign(at, "b-" + round);
            List<Recipient> recipients = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                // every 500th person appears twice, with other facts: each occurrence is decided on its own facts
                String personId = "p-" + (i % 500 == 499 ? i - 1 : i);
                recipients.add(random.recipient(at, campaign.business().id(), personId));
            }
            List<DeliveryDecision> decisions = policies.decideAudience(campaign, recipients);
            assertThat(decisions).hasSameSizeAs(recipients);
            for (int i = 0; i < recipients.size(); i++) {
                assertThat(decisions.get(i).personId()).isEqualTo(recipients.get(i).person().id());
                assertAgrees("round " + round + " recipient " + i, decisions.get(i),
                        reference.decide(campaign, recipients.get(i)));
            }
        }
    }

    @Test
    void campaignDecisions_agreeWithTheReference() {
        RandomFacts random = new RandomFacts(99L);
        for (int i = 0; i < 2_000; i++) {
            CampaignRequest campaign = random.campaign(random.at(), "b-" + i);
            List<String> expected = reference.campaignReasons(campaign).stream().sorted().toList();
            var decision = policies.decideCampaign(campaign);
            assertThat(decision.reasons()).extracting(Reason::code).as("campaign case %d", i)
                    .containsExactlyElementsOf(expected);
            assertThat(decision.outcome()).isEqualTo(expected.isEmpty() ? CampaignOutcome.APPROVE
                    : CampaignOutcome.REJECT);
        }
    }

    private static void assertAgrees(String description, DeliveryDecision actual, ReferencePolicy.Verdict expected) {
        Map<String, Instant> actualReasons = new LinkedHashMap<>();
        actual.reasons().forEach(r -> actualReasons.put(r.code(), r.retryAt()));
        assertThat(actualReasons).as(description).containsExactlyEntriesOf(expected.reasons());
        assertThat(actual.outcome()).as(description).isEqualTo(expected.outcome());
        assertThat(actual.retryAt()).as(description).isEqualTo(expected.retryAt());
    }
}
