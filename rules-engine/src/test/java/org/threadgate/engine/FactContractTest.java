package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;

/**
 * The facts rule files match on are a public contract that may grow but not break. The bundled rule files as they
 * were before the recipient and campaign-request facts (fixtures/policies-facts-v1, matching Person, Conversation,
 * Block, SponsoredDelivery, Business, Campaign and EvaluationTime) must keep compiling and decide exactly as today's
 * bundled set does: same outcome, same reasons (code, rule, message, retryAt), same retryAt.
 *
 * <p>The person-level history (issue 28's {@code person.recentDeliveries}) is left out of the cases: the first
 * contract's files predate the person cap, which today's bundled set adds.
 *
 * <p>The rules that fired are not compared: today's quiet-hours rule no longer fires for a person outside quiet hours
 * whom no other reason holds back (it used to fire for everyone with a time zone, to record the window).
 */
class FactContractTest {
    private static final String SETTINGS_EVERYONE_ZONED_CAP_TWO = """
            minimumAudienceSize: 100
            suppressionWindow: PT24H
            frequencyCap:
              max: 2
              window: PT48H
            campaignOnce:
              enabled: true
            quietHours:
              start: "21:00"
              end: "08:00"
              defaultZone: "America/New_York"
            """;
    /** The same for today's set, whose person cap (issue 28) the first contract's files predate: it is off here. */
    private static final String TODAY_EVERYONE_ZONED_CAP_TWO = SETTINGS_EVERYONE_ZONED_CAP_TWO + "personCap: null\n";

    private static PolicySource firstContract;

    @BeforeAll
    static void readTheFixture() throws Exception {
        firstContract = PolicySource.directory(fixture());
    }

    @AfterAll
    static void nothingToClose() {
        firstContract = null;
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(FactContractTest.class.getResource("/fixtures/policies-facts-v1").toURI());
    }

    private static PolicySet compile(PolicySource source, String settings) {
        Compilation compilation = new PolicyCompiler().compile(settings == null ? source
                : new PolicySource(source.origin(), source.ruleFiles(), settings, source.testFiles()));
        assertThat(compilation.problems()).as("problems of %s", source.origin()).isEmpty();
        return compilation.policySet();
    }

    @Test
    void theFirstContractsRuleFiles_compileCleanly_andMatchOnlyTheFirstFacts() {
        try (PolicySet old = compile(firstContract, null)) {
            FactPlan plan = FactPlan.of(old.kieBase());
            assertThat(plan.person).isTrue();
            assertThat(plan.conversation).isTrue();
            assertThat(plan.block).isTrue();
            assertThat(plan.delivery).isTrue();
            assertThat(plan.evaluationTime).isTrue();
            assertThat(plan.business).isTrue();
            assertThat(plan.campaign).isTrue();
            assertThat(plan.recipient).isFalse();
            assertThat(plan.deliveryRequest).isFalse();
            assertThat(plan.campaignRequest).isFalse();
        }
        FactPlan today = FactPlan.of(BundledPolicies.get().kieBase());
        assertThat(today.deliveryRequest).isTrue();
        assertThat(today.campaignRequest).isTrue();
        assertThat(today.person || today.conversation || today.block || today.delivery || today.business
                || today.campaign || today.evaluationTime).as("today's rules match none of the first facts").isFalse();
        assertThat(today.keptSessions).as(today.freshSessionsBecause).isTrue();
    }

    @Test
    void singleDecisions_areIdentical_on20000RandomCases() {
        try (PolicySet old = compile(firstContract, null)) {
            PolicySet today = BundledPolicies.get();
            decideAlike(old, today, 20261206L, 20_000, 7);
        }
    }

    @Test
    void withEveryoneInAZoneAndACapOfTwo_singleDecisionsAreIdentical() {
        try (PolicySet old = compile(firstContract, SETTINGS_EVERYONE_ZONED_CAP_TWO);
             PolicySet today = compile(PolicySource.bundled(), TODAY_EVERYONE_ZONED_CAP_TWO)) {
            decideAlike(old, today, 7_2026L, 10_000, 5);
        }
    }

    @Test
    void audienceAndCampaignDecisions_areIdentical() {
        try (PolicySet old = compile(firstContract, SETTINGS_EVERYONE_ZONED_CAP_TWO);
             PolicySet today = compile(PolicySource.bundled(), TODAY_EVERYONE_ZONED_CAP_TWO)) {
            RandomFacts random = new RandomFacts(31L);
            for (int round = 0; round < 4; round++) {
                Instant at = random.at();
                CampaignRequest campaign = random.campaign(at, "b-" + round);
                List<Recipient> recipients = new ArrayList<>();
                for (int i = 0; i < 2_300; i++) {
                    recipients.add(withoutPersonHistory(random.recipient(at, campaign.business().id(), "p-" + i)));
                }
                List<DeliveryDecision> before = old.decideAudience(campaign, recipients);
                List<DeliveryDecision> now = today.decideAudience(campaign, recipients);
                assertThat(now).hasSameSizeAs(before);
                for (int i = 0; i < before.size(); i++) {
                    assertSame("round " + round + " recipient " + i, before.get(i), now.get(i));
                }
                CampaignDecision campaignBefore = old.decideCampaign(campaign);
                CampaignDecision campaignNow = today.decideCampaign(campaign);
                assertThat(campaignNow.outcome()).isEqualTo(campaignBefore.outcome());
                assertThat(campaignNow.reasons()).isEqualTo(campaignBefore.reasons());
            }
        }
    }

    /** {@code count} random single decisions, drawn as {@link RandomFacts#deliveries} draws them, decided alike. */
    private static void decideAlike(PolicySet old, PolicySet today, long seed, int count, int businesses) {
        RandomFacts.deliveries(seed, count, businesses, (i, drawn) -> {
            DeliveryRequest request = withoutPersonHistory(drawn);
            assertSame("case " + i, old.decideDelivery(request), today.decideDelivery(request));
        });
    }

    private static DeliveryRequest withoutPersonHistory(DeliveryRequest request) {
        return new DeliveryRequest(request.campaign(), withoutPersonHistory(request.recipient()));
    }

    private static Recipient withoutPersonHistory(Recipient recipient) {
        return new Recipient(new Person(recipient.person().id(), recipient.person().timeZone()),
                recipient.conversation(), recipient.blocks(), recipient.recentDeliveries());
    }

    private static void assertSame(String description, DeliveryDecision before, DeliveryDecision now) {
        assertThat(now.personId()).as(description).isEqualTo(before.personId());
        assertThat(now.outcome()).as(description).isEqualTo(before.outcome());
        assertThat(now.reasons()).as(description).isEqualTo(before.reasons());
        assertThat(now.retryAt()).as(description).isEqualTo(before.retryAt());
        assertThat(now.evaluatedAt()).as(description).isEqualTo(before.evaluatedAt());
    }
}
