package org.threadgate.facade.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySource;

/** The bundled policy set's own YAML cases, one JUnit test each, so that {@code mvn verify} runs them. */
class BundledPolicyCasesTest {
    private static Candidate candidate;

    @BeforeAll
    static void build() {
        candidate = Candidate.build(new PolicyCompiler(), PolicySource.bundled());
        assertThat(candidate.policySet()).as("%s", candidate.problems()).isNotNull();
    }

    @AfterAll
    static void close() {
        candidate.policySet().close();
    }

    @TestFactory
    Stream<DynamicTest> everyBundledCase() {
        assertThat(candidate.report().results()).hasSizeGreaterThanOrEqualTo(20);
        return candidate.report().results().stream().map(result -> DynamicTest.dynamicTest(
                result.file() + ": " + result.name(),
                () -> assertThat(result.passed()).as(result.describe()).isTrue()));
    }

    @Test
    void everyRuleIsFiredBySomeCase() {
        assertThat(candidate.report().unfired()).isEmpty();
        assertThat(candidate.report().coveragePercent()).isEqualTo(100.0);
        candidate.report().coverage().forEach((rule, cases) ->
                assertThat(cases).as(rule.name()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void everyRuleHasAnAllowedAndADeniedCase() {
        assertThat(candidate.report().results()).filteredOn(r -> r.firedRules().isEmpty()).isNotEmpty();
        for (var rule : candidate.policySet().rules()) {
            assertThat(candidate.report().results()).as(rule.name())
                    .anySatisfy(r -> assertThat(r.firedRules()).containsExactly(rule.name()));
        }
    }

    /** The console's examples: one per reason code of the set, from its own cases, each getting what it expects. */
    @Test
    void everyReasonCodeHasAnExample_thatGetsItsExpectedAnswer() {
        java.util.List<PolicyCases.Example> examples = PolicyCases.examples(PolicySource.bundled().testFiles());
        assertThat(examples.get(0).label()).isEqualTo("deliverable");
        assertThat(examples).extracting(PolicyCases.Example::label).doesNotHaveDuplicates()
                .containsAll(candidate.policySet().rules().stream().map(r -> r.code()).toList());
        for (PolicyCases.Example e : examples) {
            java.time.Instant unused = java.time.Instant.EPOCH; // every case gives its own 'at'
            if (e.kind().equals("delivery")) {
                var d = candidate.policySet().decideDelivery(
                        org.threadgate.facade.json.RequestCodec.delivery(e.request(), unused));
                assertThat(d.outcome().name()).as(e.label()).isEqualTo(e.outcome());
                assertThat(d.reasons()).extracting(r -> r.code()).as(e.label()).isEqualTo(e.reasons());
            } else {
                var d = candidate.policySet().decideCampaign(
                        org.threadgate.facade.json.RequestCodec.campaign(e.request(), unused));
                assertThat(d.outcome().name()).as(e.label()).isEqualTo(e.outcome());
                assertThat(d.reasons()).extracting(r -> r.code()).as(e.label()).isEqualTo(e.reasons());
            }
        }
    }
}
