package org.threadgate.facade.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Reason;
import org.threadgate.model.Recipient;

/**
 * What a policy set can do to any request, found by deciding every situation of a {@link Space} with the real
 * engine: {@link #analyze} (dead rules, rules that never decide an outcome alone, unreachable outcomes) and
 * {@link #diff} (every kind of change between two sets, each with a count and its smallest concrete request).
 *
 * <p>Campaign decisions are explored over campaign × clock. Delivery decisions are explored over the whole product
 * for every (campaign, clock) pair that at least one of the sets approves; where every set rejects the campaign, each
 * delivery is SUPPRESS whatever the person (the campaign's reasons hold every recipient), so there the person axes
 * are varied one at a time instead (every axis value, the others at their first value). Only the reasons beside a
 * campaign-wide rejection are explored less than fully.
 */
public final class PolicyAnalysis {
    private PolicyAnalysis() {
    }

    /**
     * One distinct decision.
     *
     * @param outcome     DELIVER, SUPPRESS, APPROVE or REJECT
     * @param codes       its reason codes, ordered
     * @param reasonRules the rules behind those reasons
     * @param fired       every rule that fired
     */
    public record Decided(String outcome, List<String> codes, List<String> reasonRules, List<String> fired) {
        static Decided of(DeliveryDecision d) {
            return of(d.outcome().name(), d.reasons(), d.firedRules());
        }

        static Decided of(CampaignDecision d) {
            return of(d.outcome().name(), d.reasons(), d.firedRules());
        }

        private static Decided of(String outcome, List<Reason> reasons, List<String> fired) {
            List<String> codes = new ArrayList<>(reasons.size());
            List<String> rules = new ArrayList<>(reasons.size());
            for (Reason reason : reasons) {
                codes.add(reason.code());
                rules.add(reason.rule());
            }
            return new Decided(outcome, codes, rules, fired);
        }
    }

    /** Distinct decisions, numbered in the order first seen, with how often each was seen. */
    static final class Classes {
        final Map<Decided, Integer> ids = new HashMap<>();
        final List<Decided> decided = new ArrayList<>();
        final List<long[]> counts = new ArrayList<>();

        int id(Decided d) {
            Integer id = ids.get(d);
            if (id == null) {
                id = decided.size();
                ids.put(d, id);
                decided.add(d);
                counts.add(new long[1]);
            }
            counts.get(id)[0]++;
            return id;
        }
    }

    /**
     * Which (campaign, clock) pairs get the whole person product, which are represented by another, and the
     * recipients of the others.
     *
     * <p>A pair that some set approves is crossed with every person axis, unless an earlier pair at the same clock
     * stands for it: both sets decide the two campaigns alike (the same outcome, reasons and fired rules), and they
     * differ only in campaign fields that no person-level rule text names ({@link RuleText}). Person-level rules then
     * see the same working memory in both, so every recipient is decided alike. The represented pair is still decided
     * one axis at a time, and the plan checks beforehand that those decisions equal its representative's; where one
     * does not, the pair is crossed in full after all.
     */
    static final class Plan {
        final Space space;
        final boolean[] full;
        final int[] representative;
        final int[] partialRecipients;
        final long deliverySituations;
        final List<String> distinguishing;
        /** Each set's campaign decision of each pair (pair = c × clocks + k), made once for the plan and the reports. */
        final Decided[][] campaignDecided;
        /** Each set's decisions of a representative pair's one-axis recipients, made once however many it stands for. */
        private final Map<Integer, List<List<Decided>>> representativePartials = new HashMap<>();

        Plan(Space space, List<PolicySet> sets) {
            this.space = space;
            int pairs = space.campaigns() * space.clocks();
            this.full = new boolean[pairs];
            this.representative = new int[pairs];
            java.util.Arrays.fill(representative, -1);
            this.partialRecipients = space.oneAxisAtATime();
            this.distinguishing = RuleText.personLevelFields(sets);
            this.campaignDecided = new Decided[sets.size()][pairs];
            List<Map<List<Object>, Integer>> seen = new ArrayList<>();
            for (int k = 0; k < space.clocks(); k++) {
                seen.add(new HashMap<>());
            }
            for (int c = 0; c < space.campaigns(); c++) {
                for (int k = 0; k < space.clocks(); k++) {
                    CampaignRequest request = space.campaignRequest(c, k);
                    int pair = c * space.clocks() + k;
                    List<Object> key = new ArrayList<>();
                    boolean approved = false;
                    for (int s = 0; s < sets.size(); s++) {
                        CampaignDecision decision = sets.get(s).decideCampaign(request);
                        approved |= decision.outcome() == CampaignOutcome.APPROVE;
                        campaignDecided[s][pair] = Decided.of(decision);
                        key.add(campaignDecided[s][pair]);
                    }
                    if (!approved) {
                        continue;
                    }
                    key.addAll(space.campaign(c).fields(distinguishing));
                    Integer first = seen.get(k).putIfAbsent(key, pair);
                    if (first != null && decidedAlike(sets, first, pair)) {
                        representative[pair] = first;
                    } else {
                        full[pair] = true;
                    }
                }
            }
            long situations = 0;
            for (boolean f : full) {
                situations += f ? space.recipients() : partialRecipients.length;
            }
            this.deliverySituations = situations;
        }

        /** Whether every set decides pair {@code b}'s one-axis-at-a-time recipients exactly as pair {@code a}'s. */
        private boolean decidedAlike(List<PolicySet> sets, int a, int b) {
            List<List<Decided>> first = representativePartials.computeIfAbsent(a,
                    pair -> sets.stream().map(set -> partialDecisions(set, pair)).toList());
            for (int s = 0; s < sets.size(); s++) {
                if (!first.get(s).equals(partialDecisions(sets.get(s), b))) {
                    return false;
                }
            }
            return true;
        }

        private List<Decided> partialDecisions(PolicySet set, int pair) {
            int c = pair / space.clocks();
            int k = pair % space.clocks();
            List<Recipient> recipients = new ArrayList<>(partialRecipients.length);
            for (int r : partialRecipients) {
                recipients.add(space.recipient(k, r, "person-" + r));
            }
            List<Decided> decided = new ArrayList<>(recipients.size());
            for (DeliveryDecision decision : set.decideAudience(space.campaignRequest(c, k), recipients)) {
                decided.add(Decided.of(decision));
            }
            return decided;
        }

        long fullPairs() {
            long n = 0;
            for (boolean f : full) {
                n += f ? 1 : 0;
            }
            return n;
        }

        long representedPairs() {
            long n = 0;
            for (int r : representative) {
                n += r >= 0 ? 1 : 0;
            }
            return n;
        }
    }

    /** Receives each delivery situation's decision, in the plan's order. */
    interface Visitor {
        void visit(int c, int k, int r, DeliveryDecision decision);
    }

    /** Decides every delivery situation of the plan under {@code set}, in order. */
    static void deliveries(PolicySet set, Plan plan, Visitor visitor) {
        Space space = plan.space;
        for (int c = 0; c < space.campaigns(); c++) {
            for (int k = 0; k < space.clocks(); k++) {
                int cc = c;
                int kk = k;
                boolean full = plan.full[c * space.clocks() + k];
                int count = full ? space.recipients() : plan.partialRecipients.length;
                int[] position = {0};
                Iterator<Recipient> recipients = new Iterator<>() {
                    int next;

                    @Override
                    public boolean hasNext() {
                        return next < count;
                    }

                    @Override
                    public Recipient next() {
                        if (next >= count) {
                            throw new NoSuchElementException();
                        }
                        int r = full ? next : plan.partialRecipients[next];
                        next++;
                        return space.recipient(kk, r, "person-" + r);
                    }
                };
                set.decideAudienceUnworded(space.campaignRequest(c, k), recipients, decision -> {
                    int i = position[0]++;
                    visitor.visit(cc, kk, full ? i : plan.partialRecipients[i], decision);
                });
            }
        }
    }

    /**
     * Analyses one set over the space of its own boundaries.
     *
     * @param set the policy set
     * @return the report
     */
    public static Analysis analyze(PolicySet set) {
        long started = System.nanoTime();
        Space space = Space.of(set);
        Plan plan = new Plan(space, List.of(set));
        Classes classes = new Classes();
        for (Decided decided : plan.campaignDecided[0]) {
            classes.id(decided);
        }
        long campaignSituations = (long) space.campaigns() * space.clocks();
        deliveries(set, plan, (c, k, r, decision) -> classes.id(Decided.of(decision)));
        return Analysis.of(set, space, plan, campaignSituations, classes, System.nanoTime() - started);
    }

    /**
     * Compares a candidate set with the live set over the space of both sets' boundaries.
     *
     * @param live      the set deciding today
     * @param candidate the set that would replace it
     * @return the report
     */
    public static Diff diff(PolicySet live, PolicySet candidate) {
        long started = System.nanoTime();
        Space space = Space.of(live, candidate);
        Plan plan = new Plan(space, List.of(live, candidate));
        Diff.Builder changes = new Diff.Builder(space);
        for (int c = 0; c < space.campaigns(); c++) {
            for (int k = 0; k < space.clocks(); k++) {
                int pair = c * space.clocks() + k;
                changes.campaign(c, k, plan.campaignDecided[0][pair], plan.campaignDecided[1][pair]);
            }
        }
        Classes liveClasses = new Classes();
        Classes candidateClasses = new Classes();
        int[] liveIds = new int[Math.toIntExact(plan.deliverySituations)];
        int[] n = {0};
        deliveries(live, plan, (c, k, r, decision) -> liveIds[n[0]++] = liveClasses.id(Decided.of(decision)));
        n[0] = 0;
        deliveries(candidate, plan, (c, k, r, decision) -> {
            Decided before = liveClasses.decided.get(liveIds[n[0]++]);
            int id = candidateClasses.id(Decided.of(decision));
            changes.delivery(c, k, r, before, candidateClasses.decided.get(id));
        });
        return changes.build(live, candidate, plan, (long) space.campaigns() * space.clocks(),
                System.nanoTime() - started);
    }

    /** The request as the HTTP API's delivery (or campaign) decision reads it, facts inline. */
    static JsonNode requestJson(Object request) {
        TokenBuffer json = new TokenBuffer(Json.MAPPER, false);
        try {
            if (request instanceof CampaignRequest campaign) {
                RequestCodec.write(json, campaign);
            } else {
                RequestCodec.write(json, (org.threadgate.model.DeliveryRequest) request);
            }
            return Json.MAPPER.readTree(json.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules of a set that never fired, the rules that never gave an outcome alone, the outcomes never reached. */
    static Findings findings(PolicySet set, Classes classes, List<String> outcomes) {
        Set<String> fired = new LinkedHashSet<>();
        Map<String, Set<String>> alwaysWith = new TreeMap<>();
        Map<String, long[]> alone = new TreeMap<>();
        Set<String> reached = new LinkedHashSet<>();
        for (int i = 0; i < classes.decided.size(); i++) {
            Decided d = classes.decided.get(i);
            reached.add(d.outcome());
            fired.addAll(d.fired());
            for (String rule : d.fired()) {
                Set<String> others = new LinkedHashSet<>(d.fired());
                others.remove(rule);
                alwaysWith.merge(rule, others, (a, b) -> {
                    a.retainAll(b);
                    return a;
                });
            }
            for (String rule : d.reasonRules()) {
                long[] count = alone.computeIfAbsent(rule, x -> new long[2]);
                count[d.reasonRules().size() == 1 ? 0 : 1] += classes.counts.get(i)[0];
            }
        }
        List<RuleInfo> dead = new ArrayList<>();
        List<Findings.Redundant> redundant = new ArrayList<>();
        for (RuleInfo rule : set.rules()) {
            if (!fired.contains(rule.name())) {
                dead.add(rule);
                continue;
            }
            long[] count = alone.get(rule.name());
            Set<String> with = alwaysWith.get(rule.name());
            if (count != null && count[0] == 0) {
                redundant.add(new Findings.Redundant(rule, List.copyOf(with), count[1]));
            } else if (count == null && !with.isEmpty()) {
                redundant.add(new Findings.Redundant(rule, List.copyOf(with), 0));
            }
        }
        List<String> unreachable = new ArrayList<>();
        for (String outcome : outcomes) {
            if (!reached.contains(outcome)) {
                unreachable.add(outcome);
            }
        }
        return new Findings(dead, redundant, unreachable);
    }

    /**
     * What an analysis found about one set.
     *
     * @param dead        rules that fired in no situation
     * @param redundant   rules that never decided an outcome alone
     * @param unreachable outcomes no situation reached
     */
    public record Findings(List<RuleInfo> dead, List<Redundant> redundant, List<String> unreachable) {
        /**
         * A rule whose reason always came with another one, so that the outcome never depended on it.
         *
         * @param rule       the rule
         * @param alwaysWith the rules that fired every time it fired (may be empty: different ones each time)
         * @param situations how many situations it gave its reason in
         */
        public record Redundant(RuleInfo rule, List<String> alwaysWith, long situations) {
        }
    }

    static Map<String, Object> bounds(Space space, Plan plan, long campaignSituations) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("campaignSituations", campaignSituations);
        bounds.put("deliverySituations", plan.deliverySituations);
        bounds.put("fullProduct", space.size());
        bounds.put("pairsExploredInFull", plan.fullPairs());
        bounds.put("pairsRepresented", plan.representedPairs());
        bounds.put("pairsExploredOneAxisAtATime", (long) space.campaigns() * space.clocks() - plan.fullPairs()
                - plan.representedPairs());
        bounds.put("fieldsPersonRulesRead", plan.distinguishing);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        space.axes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sizes.put(e.getKey(), e.getValue().size()));
        bounds.put("axisSizes", sizes);
        bounds.put("builtFrom", new TreeMap<>(space.sources()));
        return bounds;
    }
}
