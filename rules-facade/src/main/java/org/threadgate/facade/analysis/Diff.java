package org.threadgate.facade.analysis;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.json.Json;

/**
 * What {@link PolicyAnalysis#diff} found between a live set and a candidate: each kind of change, how many situations
 * it happens in, and the smallest concrete request that shows it.
 *
 * @param liveVersion      the live set's version
 * @param candidateVersion the candidate's version
 * @param changes          each kind of change that happens, in {@link Kind} order
 * @param bounds           the space explored
 * @param nanos            how long the comparison took
 */
public record Diff(String liveVersion, String candidateVersion, List<Change> changes, Map<String, Object> bounds,
                   long nanos) {
    /** A kind of change, a stable code. */
    public enum Kind {
        /** A delivery the live set lets through is suppressed by the candidate. */
        DELIVER_TO_SUPPRESS(false),
        /** A delivery the live set suppresses goes through under the candidate: loosening. */
        SUPPRESS_TO_DELIVER(true),
        /** A campaign the live set approves is rejected by the candidate. */
        APPROVE_TO_REJECT(false),
        /** A campaign the live set rejects is approved by the candidate: loosening. */
        REJECT_TO_APPROVE(true),
        /** Suppressed by both, for other reasons. */
        SUPPRESS_OTHER_REASONS(false),
        /** Rejected by both, for other reasons. */
        REJECT_OTHER_REASONS(false);

        private final boolean loosening;

        Kind(boolean loosening) {
            this.loosening = loosening;
        }

        /**
         * Whether this kind lets through something the live set holds back.
         *
         * @return true for SUPPRESS_TO_DELIVER and REJECT_TO_APPROVE
         */
        public boolean loosening() {
            return loosening;
        }
    }

    /**
     * One kind of change with its smallest example.
     *
     * @param kind      the kind
     * @param count     in how many situations it happens
     * @param decision  the kind of decision the example is: {@code delivery} or {@code campaign}
     * @param request   the example, as the HTTP API's decision of that kind reads it
     * @param situation the example's place in the space: axis to value
     * @param live      the live set's outcome and reason codes for it
     * @param candidate the candidate's
     */
    public record Change(Kind kind, long count, String decision, JsonNode request, Map<String, String> situation,
                         PolicyAnalysis.Decided live, PolicyAnalysis.Decided candidate) {
    }

    /**
     * Whether no situation becomes deliverable (or approvable) under the candidate.
     *
     * @return true when the candidate is at least as strict
     */
    public boolean atLeastAsStrict() {
        return changes.stream().noneMatch(c -> c.kind().loosening());
    }

    /**
     * How many situations the candidate decides differently.
     *
     * @return the sum of the changes' counts
     */
    public long changed() {
        return changes.stream().mapToLong(Change::count).sum();
    }

    /**
     * The one-line verdict, with the size of the space behind it.
     *
     * @return the verdict
     */
    public String verdict() {
        String space = String.format("over %,d delivery and %,d campaign situations", (Long) bounds.get(
                "deliverySituations"), (Long) bounds.get("campaignSituations"));
        if (changes.isEmpty()) {
            return "the candidate decides every situation as the live set does, " + space;
        }
        if (atLeastAsStrict()) {
            return "the candidate is at least as strict as the live set: no situation becomes deliverable, " + space;
        }
        long loosened = changes.stream().filter(c -> c.kind().loosening()).mapToLong(Change::count).sum();
        return String.format("the candidate is looser than the live set: %,d situations become deliverable or"
                + " approvable, %s", loosened, space);
    }

    /**
     * The report as JSON.
     *
     * @return the object
     */
    public ObjectNode json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("liveVersion", liveVersion);
        root.put("candidateVersion", candidateVersion);
        root.put("verdict", verdict());
        root.put("atLeastAsStrict", atLeastAsStrict());
        root.put("changed", changed());
        ArrayNode list = root.putArray("changes");
        for (Change change : changes) {
            ObjectNode node = list.addObject();
            node.put("kind", change.kind().name());
            node.put("loosening", change.kind().loosening());
            node.put("count", change.count());
            ObjectNode example = node.putObject("counterexample");
            example.put("decision", change.decision());
            example.set("request", change.request());
            example.set("situation", Json.MAPPER.valueToTree(change.situation()));
            decided(example.putObject("live"), change.live());
            decided(example.putObject("candidate"), change.candidate());
        }
        root.set("explored", Json.MAPPER.valueToTree(bounds));
        root.put("tookMillis", nanos / 1_000_000);
        return root;
    }

    private static void decided(ObjectNode node, PolicyAnalysis.Decided d) {
        node.put("outcome", d.outcome());
        d.codes().forEach(node.putArray("reasons")::add);
    }

    /**
     * The report as the command line prints it.
     *
     * @param out where to print
     */
    public void print(PrintWriter out) {
        out.printf("Live %s against candidate %s, in %.1f s.%n", liveVersion, candidateVersion, nanos / 1e9);
        Analysis.printBounds(out, bounds);
        for (Change change : changes) {
            out.printf("%n%s%s: %,d situations. Smallest: %s%n", change.kind(),
                    change.kind().loosening() ? " (loosening)" : "", change.count(), change.situation());
            out.printf("  live: %s %s; candidate: %s %s%n", change.live().outcome(), change.live().codes(),
                    change.candidate().outcome(), change.candidate().codes());
            out.printf("  the %s request: %s%n", change.decision(), change.request());
        }
        out.println();
        out.println("Verdict: " + verdict() + ".");
        out.flush();
    }

    /** Gathers changes while the two sets decide the same situations. */
    static final class Builder {
        private final Space space;
        private final Map<Kind, long[]> found = new EnumMap<>(Kind.class);
        private final Map<Kind, Object[]> examples = new EnumMap<>(Kind.class);

        Builder(Space space) {
            this.space = space;
        }

        void campaign(int c, int k, PolicyAnalysis.Decided live, PolicyAnalysis.Decided candidate) {
            Kind kind = kind(live, candidate);
            if (kind != null) {
                note(kind, space.campaign(c).weight(), new Object[] {c, k, -1, live, candidate});
            }
        }

        void delivery(int c, int k, int r, PolicyAnalysis.Decided live, PolicyAnalysis.Decided candidate) {
            if (live == candidate) {
                return;
            }
            Kind kind = kind(live, candidate);
            if (kind != null) {
                note(kind, space.weight(c, k, r), new Object[] {c, k, r, live, candidate});
            }
        }

        private void note(Kind kind, int weight, Object[] example) {
            long[] counts = found.computeIfAbsent(kind, x -> new long[] {0, Long.MAX_VALUE});
            counts[0]++;
            if (weight < counts[1]) {
                counts[1] = weight;
                examples.put(kind, example);
            }
        }

        private static Kind kind(PolicyAnalysis.Decided live, PolicyAnalysis.Decided candidate) {
            String before = live.outcome();
            String after = candidate.outcome();
            if (!before.equals(after)) {
                return switch (before) {
                    case "DELIVER" -> Kind.DELIVER_TO_SUPPRESS;
                    case "SUPPRESS" -> Kind.SUPPRESS_TO_DELIVER;
                    case "APPROVE" -> Kind.APPROVE_TO_REJECT;
                    default -> Kind.REJECT_TO_APPROVE;
                };
            }
            if (live.codes().equals(candidate.codes())) {
                return null;
            }
            return before.equals("SUPPRESS") ? Kind.SUPPRESS_OTHER_REASONS : Kind.REJECT_OTHER_REASONS;
        }

        Diff build(PolicySet live, PolicySet candidate, PolicyAnalysis.Plan plan, long campaignSituations,
                   long nanos) {
            List<Change> changes = new ArrayList<>();
            found.forEach((kind, counts) -> {
                Object[] e = examples.get(kind);
                int c = (Integer) e[0];
                int k = (Integer) e[1];
                int r = (Integer) e[2];
                boolean campaign = r < 0;
                Map<String, String> situation = space.describe(c, k, r);
                changes.add(new Change(kind, counts[0], campaign ? "campaign" : "delivery",
                        PolicyAnalysis.requestJson(campaign ? space.campaignRequest(c, k) : space.delivery(c, k, r)),
                        situation, (PolicyAnalysis.Decided) e[3], (PolicyAnalysis.Decided) e[4]));
            });
            return new Diff(live.version(), candidate.version(), List.copyOf(changes),
                    PolicyAnalysis.bounds(space, plan, campaignSituations), nanos);
        }
    }
}
