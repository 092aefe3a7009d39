package org.threadgate.facade.authoring;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.json.InvalidRequestException;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Reason;

/**
 * Runs a policy set's own test cases: YAML files under {@code tests/}, each a list of cases with a {@code delivery}
 * or {@code campaign} request (the HTTP bodies) and the expected outcome, reason codes and, optionally, retryAt.
 */
public final class PolicyCases {
    private static final YAMLMapper YAML = new YAMLMapper();

    private PolicyCases() {
    }

    /** One case's result; {@code problem} says what differed or what was wrong with the case. */
    public record CaseResult(String file, String name, boolean passed, String expected, String actual,
                             String problem, List<String> firedRules) {
        /**
         * One line for a report.
         *
         * @return {@code file: name: PASS} or {@code FAIL} with what differed
         */
        public String describe() {
            StringBuilder s = new StringBuilder(file + ": " + name);
            if (problem != null) {
                s.append("\n    ").append(problem);
            }
            if (expected != null) {
                s.append("\n    expected: ").append(expected).append("\n    actual:   ").append(actual);
            }
            return s.toString();
        }
    }

    /** Every case's result and how many cases fired each rule. */
    public record Report(List<CaseResult> results, Map<RuleInfo, Integer> coverage) {
        /**
         * The cases that failed.
         *
         * @return their results, in run order
         */
        public List<CaseResult> failures() {
            return results.stream().filter(r -> !r.passed()).toList();
        }

        /**
         * Whether every case passed.
         *
         * @return true when none failed
         */
        public boolean passed() {
            return failures().isEmpty();
        }

        /**
         * The rules no case fired.
         *
         * @return those rules
         */
        public List<RuleInfo> unfired() {
            return coverage.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
        }

        /**
         * The share of rules fired by at least one case, 0 to 100; 100 for a set with no rules.
         *
         * @return the percentage
         */
        public double coveragePercent() {
            if (coverage.isEmpty()) {
                return 100;
            }
            return 100.0 * (coverage.size() - unfired().size()) / coverage.size();
        }
    }

    /**
     * Runs every case of {@code testFiles} against {@code policies}.
     *
     * @param policies the compiled set
     * @param testFiles YAML text by file name
     * @return every case's result and the rules' coverage
     */
    public static Report run(PolicySet policies, Map<String, String> testFiles) {
        List<CaseResult> results = new ArrayList<>();
        Map<String, Integer> fired = new LinkedHashMap<>();
        testFiles.forEach((file, text) -> runFile(policies, file, text, results));
        for (CaseResult result : results) {
            result.firedRules().forEach(rule -> fired.merge(rule, 1, Integer::sum));
        }
        Map<RuleInfo, Integer> coverage = new LinkedHashMap<>();
        for (RuleInfo rule : policies.rules()) {
            coverage.put(rule, fired.getOrDefault(rule.name(), 0));
        }
        return new Report(results, coverage);
    }

    /**
     * One of a set's own test cases, offered as an example request with the answer it must get.
     *
     * @param label   the reason code it shows, or {@code deliverable} / {@code approvable} for a case without one
     * @param file    the test file it comes from
     * @param name    the case's name
     * @param kind    {@code delivery} or {@code campaign}
     * @param request the request, as the HTTP API takes it
     * @param outcome the outcome it must get
     * @param reasons the reason codes it must get
     */
    public record Example(String label, String file, String name, String kind, JsonNode request, String outcome,
                         List<String> reasons) {
    }

    /**
     * A set's examples, taken from its own test cases so that a new policy brings its own: for each reason code the
     * first case (delivery cases before campaign cases, in file order) whose expected reasons are that code alone,
     * and the first case that expects no reason. Files that do not parse are left out ({@link #run} reports them).
     *
     * @param testFiles YAML text by file name
     * @return the examples, the case without a reason first, then by code
     */
    public static List<Example> examples(Map<String, String> testFiles) {
        Map<String, Example> byLabel = new java.util.TreeMap<>();
        for (String kind : List.of("delivery", "campaign")) {
            testFiles.forEach((file, text) -> {
                JsonNode cases;
                try {
                    JsonNode root = YAML.readTree(text);
                    cases = root == null ? null : root.get("cases");
                } catch (IOException e) {
                    return;
                }
                if (cases == null || !cases.isArray()) {
                    return;
                }
                for (JsonNode c : cases) {
                    JsonNode request = c.get(kind);
                    JsonNode expect = c.get("expect");
                    if (request == null || !request.isObject() || expect == null || !expect.hasNonNull("outcome")) {
                        continue;
                    }
                    List<String> reasons = new ArrayList<>();
                    expect.path("reasons").forEach(r -> reasons.add(r.asText()));
                    String outcome = expect.get("outcome").asText();
                    String label = reasons.isEmpty() ? (kind.equals("delivery") ? "deliverable" : "approvable")
                            : reasons.size() == 1 ? reasons.get(0) : null;
                    if (label != null) {
                        byLabel.putIfAbsent(label, new Example(label, file, c.path("name").asText(), kind, request,
                                outcome, List.copyOf(reasons)));
                    }
                }
            });
        }
        List<Example> examples = new ArrayList<>();
        for (String first : List.of("deliverable", "approvable")) {
            Example e = byLabel.remove(first);
            if (e != null) {
                examples.add(e);
            }
        }
        examples.addAll(byLabel.values());
        return examples;
    }

    private static void runFile(PolicySet policies, String file, String text, List<CaseResult> results) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            results.add(broken(file, "(file)", "not valid YAML: " + firstLine(e.getMessage())));
            return;
        }
        JsonNode cases = root == null ? null : root.get("cases");
        if (cases == null || !cases.isArray()) {
            results.add(broken(file, "(file)", "a test file must hold 'cases:', a list of {name, delivery or"
                    + " campaign, expect}"));
            return;
        }
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String name = c.hasNonNull("name") ? c.get("name").asText() : "case #" + (i + 1);
            try {
                results.add(runCase(policies, file, name, c));
            } catch (InvalidRequestException e) {
                results.add(broken(file, name, "invalid request: " + String.join("; ",
                        e.errors().stream().map(f -> f.field() + " " + f.message()).toList())));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                results.add(broken(file, name, e.getMessage()));
            }
        }
    }

    private static CaseResult runCase(PolicySet policies, String file, String name, JsonNode c) {
        boolean isDelivery = c.has("delivery");
        if (isDelivery == c.has("campaign")) {
            return broken(file, name, "a case needs exactly one of 'delivery' or 'campaign'");
        }
        JsonNode request = c.get(isDelivery ? "delivery" : "campaign");
        if (request == null || !request.isObject()) {
            return broken(file, name, (isDelivery ? "delivery" : "campaign") + " must be a request object");
        }
        if (!request.hasNonNull("at")) {
            return broken(file, name, "the request needs 'at': rules are deterministic, and so are their tests");
        }
        JsonNode expect = c.get("expect");
        if (expect == null || !expect.isObject() || !expect.hasNonNull("outcome")) {
            return broken(file, name, "a case needs 'expect: {outcome, reasons: [codes], retryAt?}'");
        }
        Instant noDefault = Instant.EPOCH; // never used: every case gives its own 'at'
        String outcome;
        List<String> codes;
        Instant retryAt;
        List<String> firedRules;
        if (isDelivery) {
            DeliveryDecision d = policies.decideDelivery(RequestCodec.delivery(request, noDefault));
            outcome = d.outcome().name();
            codes = codes(d.reasons());
            retryAt = d.retryAt();
            firedRules = d.firedRules();
        } else {
            CampaignDecision d = policies.decideCampaign(RequestCodec.campaign(request, noDefault));
            outcome = d.outcome().name();
            codes = codes(d.reasons());
            retryAt = null;
            firedRules = d.firedRules();
        }
        String expectedOutcome = expect.get("outcome").asText();
        List<String> expectedCodes = new ArrayList<>();
        if (expect.has("reasons") && expect.get("reasons").isArray()) {
            expect.get("reasons").forEach(r -> expectedCodes.add(r.asText()));
        }
        List<String> sortedExpected = new ArrayList<>(new TreeSet<>(expectedCodes));
        boolean checkRetry = expect.has("retryAt");
        Instant expectedRetry = checkRetry && !expect.get("retryAt").isNull()
                ? Instant.parse(expect.get("retryAt").asText()) : null;
        boolean passed = expectedOutcome.equals(outcome) && sortedExpected.equals(codes)
                && (!checkRetry || java.util.Objects.equals(expectedRetry, retryAt));
        String expected = expectedOutcome + " " + sortedExpected + (checkRetry ? " retryAt=" + expectedRetry : "");
        String actual = outcome + " " + codes + (checkRetry ? " retryAt=" + retryAt : "");
        return new CaseResult(file, name, passed, passed ? null : expected, passed ? null : actual, null,
                firedRules);
    }

    private static List<String> codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::code).sorted().toList();
    }

    private static CaseResult broken(String file, String name, String problem) {
        return new CaseResult(file, name, false, null, null, problem, List.of());
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
