package org.threadgate.facade.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;

class PolicyCasesTest {
    private static final String BASE = "at: \"2026-03-10T12:00:00Z\", business: {id: b, sponsoredMessagesEnabled: true},"
            + " campaign: {id: c, objective: MESSAGES, audienceSize: 500}";
    private static PolicySet policies;

    @BeforeAll
    static void compile() {
        policies = new PolicyCompiler().compile(PolicySource.bundled()).policySet();
    }

    @AfterAll
    static void close() {
        policies.close();
    }

    private static PolicyCases.Report run(String yaml) {
        return PolicyCases.run(policies, Map.of("tests/t.yaml", yaml));
    }

    @Test
    void aWrongExpectation_isReportedWithFileNameExpectedAndActual() {
        PolicyCases.Report report = run("""
                cases:
                  - name: wrongly expects delivery to a person who never interacted
                    delivery: {%s, person: {id: p}}
                    expect: {outcome: DELIVER, reasons: []}
                """.formatted(BASE));
        assertThat(report.passed()).isFalse();
        PolicyCases.CaseResult failure = report.failures().get(0);
        assertThat(failure.file()).isEqualTo("tests/t.yaml");
        assertThat(failure.name()).isEqualTo("wrongly expects delivery to a person who never interacted");
        assertThat(failure.expected()).isEqualTo("DELIVER []");
        assertThat(failure.actual()).isEqualTo("SUPPRESS [NO_OPEN_THREAD]");
    }

    @Test
    void retryAtIsCompared_whenTheCaseGivesOne() {
        String yaml = """
                cases:
                  - name: inside the window
                    delivery: {%s, person: {id: p}, thread: {lastPersonInteractionAt: "2026-03-10T10:00:00Z"}}
                    expect: {outcome: SUPPRESS, reasons: [WITHIN_SUPPRESSION_WINDOW], retryAt: "%s"}
                """;
        assertThat(run(yaml.formatted(BASE, "2026-03-11T10:00:00Z")).passed()).isTrue();
        PolicyCases.Report wrong = run(yaml.formatted(BASE, "2026-03-11T11:00:00Z"));
        assertThat(wrong.failures()).singleElement().satisfies(f -> {
            assertThat(f.expected()).endsWith("retryAt=2026-03-11T11:00:00Z");
            assertThat(f.actual()).endsWith("retryAt=2026-03-11T10:00:00Z");
        });
    }

    @Test
    void brokenCases_areFailuresThatSayWhatIsWrong() {
        PolicyCases.Report report = run("""
                cases:
                  - name: no instant
                    delivery: {business: {id: b, sponsoredMessagesEnabled: true}, campaign: {id: c, objective: MESSAGES, audienceSize: 5}, person: {id: p}}
                    expect: {outcome: SUPPRESS, reasons: [AUDIENCE_TOO_SMALL]}
                  - name: bad field
                    campaign: {at: "2026-03-10T12:00:00Z", business: {id: b, sponsoredMessagesEnabled: true}, campaign: {id: c, objective: SPAM, audienceSize: 5}}
                    expect: {outcome: REJECT, reasons: []}
                  - name: no expectation
                    campaign: {%s}
                  - name: both kinds
                    campaign: {%s}
                    delivery: {%s, person: {id: p}}
                    expect: {outcome: APPROVE}
                """.formatted(BASE, BASE, BASE));
        assertThat(report.failures()).extracting(PolicyCases.CaseResult::name, PolicyCases.CaseResult::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("no instant",
                                "the request needs 'at': rules are deterministic, and so are their tests"),
                        org.assertj.core.groups.Tuple.tuple("bad field", "invalid request: campaign.objective must be"
                                + " one of MESSAGES, LINK_CLICKS, CONVERSIONS, REACH, TRAFFIC, ENGAGEMENT, was 'SPAM'"),
                        org.assertj.core.groups.Tuple.tuple("no expectation",
                                "a case needs 'expect: {outcome, reasons: [codes], retryAt?}'"),
                        org.assertj.core.groups.Tuple.tuple("both kinds",
                                "a case needs exactly one of 'delivery' or 'campaign'"));
    }

    @Test
    void aFileThatIsNotYamlOrHasNoCases_isAFailure() {
        assertThat(run("cases: [unclosed").failures()).singleElement()
                .satisfies(f -> assertThat(f.problem()).startsWith("not valid YAML"));
        assertThat(run("other: 1").failures()).singleElement()
                .satisfies(f -> assertThat(f.problem()).startsWith("a test file must hold 'cases:'"));
    }

    @Test
    void coverage_countsCasesPerRule_andListsRulesNoCaseFires() {
        PolicyCases.Report report = run("""
                cases:
                  - name: blocked
                    delivery: {%s, person: {id: p}, thread: {lastPersonInteractionAt: "2026-01-01T00:00:00Z"}, blocks: [{kind: BLOCKED_BUSINESS}]}
                    expect: {outcome: SUPPRESS, reasons: [BLOCKED_BUSINESS]}
                """.formatted(BASE));
        assertThat(report.passed()).isTrue();
        assertThat(report.coverage()).hasSize(11);
        report.coverage().forEach((rule, count) ->
                assertThat(count).as(rule.name()).isEqualTo(rule.name().equals("blocked-business") ? 1 : 0));
        assertThat(report.unfired()).hasSize(10);
        assertThat(report.coveragePercent()).isCloseTo(100.0 / 11, org.assertj.core.data.Offset.offset(0.01));
    }
}
