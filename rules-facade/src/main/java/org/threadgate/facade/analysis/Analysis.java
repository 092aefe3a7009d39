package org.threadgate.facade.analysis;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.json.Json;

/**
 * What {@link PolicyAnalysis#analyze} found about one policy set.
 *
 * @param policyVersion the set's version
 * @param rules         how many rules the set has
 * @param findings      dead rules, rules never deciding alone, unreachable outcomes
 * @param outcomes      how many situations reached each outcome
 * @param bounds        the space explored: sizes, axes and the boundaries it was built from
 * @param nanos         how long the analysis took
 */
public record Analysis(String policyVersion, int rules, PolicyAnalysis.Findings findings, Map<String, Long> outcomes,
                       Map<String, Object> bounds, long nanos) {
    static Analysis of(PolicySet set, Space space, PolicyAnalysis.Plan plan, long campaignSituations,
                       PolicyAnalysis.Classes classes, long nanos) {
        Map<String, Long> outcomes = new TreeMap<>();
        for (int i = 0; i < classes.decided.size(); i++) {
            outcomes.merge(classes.decided.get(i).outcome(), classes.counts.get(i)[0], Long::sum);
        }
        return new Analysis(set.version(), set.rules().size(),
                PolicyAnalysis.findings(set, classes, List.of("APPROVE", "REJECT", "DELIVER", "SUPPRESS")), outcomes,
                PolicyAnalysis.bounds(space, plan, campaignSituations), nanos);
    }

    /**
     * Whether the analysis found nothing to look at: no dead rule, no redundant rule, every outcome reachable.
     *
     * @return true when clean
     */
    public boolean clean() {
        return findings.dead().isEmpty() && findings.redundant().isEmpty() && findings.unreachable().isEmpty();
    }

    /**
     * The report as JSON.
     *
     * @return the object
     */
    public ObjectNode json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("policyVersion", policyVersion);
        root.put("rules", rules);
        ArrayNode dead = root.putArray("deadRules");
        for (RuleInfo rule : findings.dead()) {
            rule(dead.addObject(), rule);
        }
        ArrayNode redundant = root.putArray("redundantRules");
        for (PolicyAnalysis.Findings.Redundant r : findings.redundant()) {
            ObjectNode node = rule(redundant.addObject(), r.rule());
            r.alwaysWith().forEach(node.putArray("alwaysWith")::add);
            node.put("situations", r.situations());
        }
        findings.unreachable().forEach(root.putArray("unreachableOutcomes")::add);
        ObjectNode reached = root.putObject("outcomes");
        outcomes.forEach(reached::put);
        root.set("explored", Json.MAPPER.valueToTree(bounds));
        root.put("tookMillis", nanos / 1_000_000);
        return root;
    }

    static ObjectNode rule(ObjectNode node, RuleInfo rule) {
        return node.put("rule", rule.name()).put("code", rule.code()).put("file", rule.file()).put("line", rule.line());
    }

    /**
     * The report as the command line prints it.
     *
     * @param out where to print
     */
    public void print(PrintWriter out) {
        out.printf("Policy version %s (%d rules): %,d delivery and %,d campaign situations decided in %.1f s.%n",
                policyVersion, rules, (Long) bounds.get("deliverySituations"), (Long) bounds.get("campaignSituations"),
                nanos / 1e9);
        printBounds(out, bounds);
        if (findings.dead().isEmpty()) {
            out.println("Dead rules: none (every rule fires in at least one situation).");
        }
        for (RuleInfo rule : findings.dead()) {
            out.printf("%s:%d: dead rule \"%s\" (%s): it fires in none of the situations%n", rule.file(), rule.line(),
                    rule.name(), rule.code());
        }
        if (findings.redundant().isEmpty()) {
            out.println("Redundant rules: none (each rule is the only reason in at least one situation).");
        }
        for (PolicyAnalysis.Findings.Redundant r : findings.redundant()) {
            out.printf("%s:%d: rule \"%s\" (%s) never decides the outcome alone: in all %,d situations where it gives"
                            + " its reason another rule gives one too%s%n", r.rule().file(), r.rule().line(),
                    r.rule().name(), r.rule().code(), r.situations(),
                    r.alwaysWith().isEmpty() ? "" : "; it fires only with " + String.join(", ", r.alwaysWith()));
        }
        out.println("Outcomes reached: " + outcomes + (findings.unreachable().isEmpty() ? "; none unreachable."
                : "; unreachable: " + String.join(", ", findings.unreachable()) + "."));
        out.flush();
    }

    @SuppressWarnings("unchecked")
    static void printBounds(PrintWriter out, Map<String, Object> bounds) {
        Map<String, Integer> sizes = (Map<String, Integer>) bounds.get("axisSizes");
        StringBuilder axes = new StringBuilder();
        sizes.forEach((axis, size) -> axes.append(axes.length() == 0 ? "" : " × ").append(axis).append(' ')
                .append(size));
        out.printf("Space: %s = %,d delivery situations in full. (Campaign, clock) pairs: %,d that a set approves"
                        + " explored in full; %,d represented by an equal one (decided alike by every set, differing"
                        + " only in fields no person-level rule reads; person-level rules read %s); %,d rejected by"
                        + " every set. The last two are explored one person axis at a time.%n",
                axes, (Long) bounds.get("fullProduct"), (Long) bounds.get("pairsExploredInFull"),
                (Long) bounds.get("pairsRepresented"), bounds.get("fieldsPersonRulesRead"),
                (Long) bounds.get("pairsExploredOneAxisAtATime"));
        out.println("Built from: " + bounds.get("builtFrom"));
    }
}
