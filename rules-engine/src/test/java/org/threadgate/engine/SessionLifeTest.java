package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Reason;
import org.threadgate.model.Recipient;

/**
 * Kept sessions (settings inserted once, each decision's facts deleted after it) must decide exactly as fresh ones:
 * nothing of one decision reaches the next, a failed decision leaves no trace, and a set whose rules could match on
 * the settings alone is never kept.
 */
class SessionLifeTest {
    private static final Instant AT = Instant.parse("2026-06-15T12:00:00Z");
    private static final CampaignRequest CAMPAIGN = new CampaignRequest(AT, new Business("b", true),
            new Campaign("c", "b", Objective.MESSAGES, 500));

    private static PolicySet compile(String file, String drl) {
        Compilation compilation = new PolicyCompiler().compile(PolicySource.of("test", Map.of(file, drl), null));
        assertThat(compilation.problems()).isEmpty();
        return compilation.policySet();
    }

    private static DeliveryRequest person(String id, boolean blocked) {
        Instant old = AT.minusSeconds(86_400 * 3);
        return new DeliveryRequest(CAMPAIGN, new Recipient(new Person(id), new Conversation("b", id, old),
                blocked ? List.of(new Block(id, "b", BlockKind.BLOCKED_BUSINESS, old)) : List.of()));
    }

    @Test
    void theBundledSet_keepsItsSessions_andNoDecisionLeaksIntoTheNext() {
        PolicySet set = BundledPolicies.get();
        assertThat(set.plan().keptSessions).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(set.decideDelivery(person("blocked-" + i, true)).reasons()).extracting(Reason::code)
                    .containsExactly("BLOCKED_BUSINESS");
            assertThat(set.decideDelivery(person("free-" + i, false)).outcome()).isEqualTo(DeliveryOutcome.DELIVER);
        }
    }

    @Test
    void aRuleMatchingTheSettingsAlone_getsAFreshSession_andFiresInEveryDecision() {
        try (PolicySet set = compile("always/always.drl", """
                package always
                import org.threadgate.model.Settings
                import org.threadgate.model.Violation
                rule "always" @code("ALWAYS") @title("fires whenever the minimum is positive") @message("always")
                when
                    Settings(integer("minimumAudienceSize") > 0)
                then
                    insert(Violation.campaignWide("minimum", "positive"));
                end
                """)) {
            assertThat(set.plan().keptSessions).isFalse();
            assertThat(set.plan().freshSessionsBecause).contains("always");
            for (int i = 0; i < 5; i++) {
                assertThat(set.decideDelivery(person("p-" + i, false)).reasons()).extracting(Reason::code)
                        .as("decision %d", i).containsExactly("ALWAYS");
            }
        }
    }

    @Test
    void anOrWhoseBranchNeedsOnlyTheSettings_getsAFreshSession_andFiresInEveryDecision() {
        try (PolicySet set = compile("either/either.drl", """
                package either
                import org.threadgate.model.DeliveryRequest
                import org.threadgate.model.Settings
                import org.threadgate.model.Violation
                rule "either" @code("EITHER") @title("t") @message("m")
                when
                    ( Settings(integer("minimumAudienceSize") > 0) or DeliveryRequest(recipient.blocks.size() > 5) )
                then
                    insert(Violation.campaignWide("either", "yes"));
                end
                """)) {
            assertThat(set.plan().keptSessions).isFalse();
            for (int i = 0; i < 3; i++) {
                assertThat(set.decideDelivery(person("p-" + i, false)).reasons()).extracting(Reason::code)
                        .as("decision %d", i).containsExactly("EITHER");
            }
        }
    }

    @Test
    void aRuleInAnAgendaGroup_getsAFreshSession() {
        try (PolicySet set = compile("grouped/grouped.drl", """
                package grouped
                import org.threadgate.model.DeliveryRequest
                import org.threadgate.model.Violation
                rule "grouped" @code("GROUPED") @title("t") @message("m")
                    agenda-group "later" auto-focus true
                when
                    DeliveryRequest($id : recipient.person.id)
                then
                    insert(Violation.forPerson($id, "personId", $id));
                end
                """)) {
            assertThat(set.plan().keptSessions).isFalse();
            assertThat(set.decideDelivery(person("p", false)).reasons()).extracting(Reason::code)
                    .containsExactly("GROUPED");
        }
    }

    @Test
    void aDecisionWhoseRuleFails_leavesNothingBehind_forTheNextDecision() {
        try (PolicySet set = compile("fragile/fragile.drl", """
                package fragile
                import org.threadgate.model.DeliveryRequest
                import org.threadgate.model.Violation
                rule "fragile" @code("FRAGILE") @title("fails for one person") @message("person {personId}")
                when
                    DeliveryRequest($id : recipient.person.id, recipient.blocks.size() > 0)
                then
                    insert(Violation.forPerson($id, "personId", $id));
                    if ($id.equals("boom")) {
                        throw new IllegalStateException("this rule fails for boom");
                    }
                end
                """)) {
            assertThat(set.plan().keptSessions).isTrue();
            assertThat(set.decideDelivery(person("a", true)).reasons()).extracting(Reason::code)
                    .containsExactly("FRAGILE");
            assertThatThrownBy(() -> set.decideDelivery(person("boom", true))).hasMessageContaining("fragile");
            for (int i = 0; i < 10; i++) {
                assertThat(set.decideDelivery(person("free-" + i, false)).outcome()).isEqualTo(DeliveryOutcome.DELIVER);
                assertThat(set.decideDelivery(person("held-" + i, true)).reasons()).extracting(Reason::message)
                        .containsExactly("person held-" + i);
            }
        }
    }
}
