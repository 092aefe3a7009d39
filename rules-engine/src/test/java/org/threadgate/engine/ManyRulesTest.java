package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Recipient;

/**
 * Fired rules were once kept in one {@code long} per recipient, so rule 64 of a large set was credited with rule 0's
 * firings. A set of 70 rules, each firing for exactly one person, must report each rule exactly.
 */
class ManyRulesTest {
    private static final int RULES = 70;

    private static PolicySet seventyRules() {
        StringBuilder drl = new StringBuilder("""
                package org.threadgate.policies.many

                import org.threadgate.model.Person
                import org.threadgate.model.Violation
                """);
        for (int i = 0; i < RULES; i++) {
            drl.append("""

                    rule "rule-%1$02d"
                        @code("CODE_%1$02d") @title("Fires for person p%1$d") @message("rule %1$d for {personId}")
                    when
                        Person(id == "p%1$d", $personId : id)
                    then
                        insert(Violation.forPerson($personId, "personId", $personId));
                    end
                    """.formatted(i));
        }
        Map<String, String> files = new TreeMap<>(Map.of("many/many.drl", drl.toString()));
        Compilation compilation = new PolicyCompiler().compile(PolicySource.of("test:many", files, null));
        assertThat(compilation.problems()).isEmpty();
        return compilation.policySet();
    }

    @Test
    void seventyRules_eachRecipientIsCreditedWithExactlyItsOwnRule() {
        try (PolicySet set = seventyRules()) {
            assertThat(set.rules()).hasSize(RULES);
            List<Recipient> recipients = new ArrayList<>();
            for (int i = 0; i < RULES; i++) {
                recipients.add(Scenario.deliverable().recipient("p" + i));
            }
            List<DeliveryDecision> decisions = set.decideAudience(Scenario.deliverable().campaignRequest(),
                    recipients);
            for (int i = 0; i < RULES; i++) {
                String rule = "rule-%02d".formatted(i);
                assertThat(decisions.get(i).firedRules()).as("fired for p%d", i).containsExactly(rule);
                assertThat(BundledPolicies.codes(decisions.get(i))).containsExactly("CODE_%02d".formatted(i));
            }
        }
    }

    @Test
    void seventyRules_singleDecisionOfTheLastRuleNamesOnlyIt() {
        try (PolicySet set = seventyRules()) {
            DeliveryDecision last = set.decideDelivery(new org.threadgate.model.DeliveryRequest(
                    Scenario.deliverable().campaignRequest(), Scenario.deliverable().recipient("p69")));
            assertThat(last.firedRules()).containsExactly("rule-69");
            DeliveryDecision first = set.decideDelivery(new org.threadgate.model.DeliveryRequest(
                    Scenario.deliverable().campaignRequest(), Scenario.deliverable().recipient("p0")));
            assertThat(first.firedRules()).containsExactly("rule-00");
        }
    }
}
