package org.threadgate.service.impact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.engine.PolicySet;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;
import org.threadgate.service.decisionlog.LogRecord;
import org.threadgate.service.decisionlog.Replay;
import org.threadgate.service.json.Json;
import org.threadgate.service.json.RequestReader;

/**
 * Replays decision records under a candidate policy set and under their own versions, in bounded memory: records
 * are fed one at a time ({@link #add(String)}); consecutive delivery records with the same campaign facts and
 * instant (the lines of one batch or audience stream) are evaluated together as one chunk, like the service decides
 * them. Not thread-safe.
 */
public final class ImpactAnalysis {
    private static final int MAX_EXAMPLES = 5;
    private static final int MAX_MISMATCHED_IDS = 20;
    private static final int TOP_CAMPAIGNS = 20;

    private final PolicySet candidate;
    /** The compiled set of a recorded version, or empty when it is not known. */
    private final Function<String, Optional<PolicySet>> versions;

    private final List<JsonNode> pending = new ArrayList<>();
    private String pendingKey;
    private final Set<String> pendingPeople = new HashSet<>();

    private long records;
    private long unchanged;
    private final Map<String, Long> transitions = new LinkedHashMap<>();
    private final Map<String, long[]> codes = new TreeMap<>();
    private final Map<String, long[]> campaigns = new HashMap<>();
    private final Map<String, List<String>> examples = new LinkedHashMap<>();
    private long checked;
    private long mismatched;
    private long unverifiable;
    private final List<String> mismatchedIds = new ArrayList<>();

    public ImpactAnalysis(PolicySet candidate, Function<String, Optional<PolicySet>> versions) {
        this.candidate = candidate;
        this.versions = versions;
        for (String transition : ImpactReport.TRANSITIONS) {
            transitions.put(transition, 0L);
            examples.put(transition, new ArrayList<>());
        }
    }

    /** One record, as the log keeps it (a line of {@code threadgate decisions export}). */
    public void add(String recordJson) {
        JsonNode record;
        try {
            record = Json.MAPPER.readTree(recordJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record " + (records + pending.size() + 1) + " is not JSON: "
                    + e.getOriginalMessage());
        }
        if (!LogRecord.DELIVERY.equals(record.path("kind").asText())) {
            flush();
            Replay.Verdict after = Replay.evaluate(record, candidate);
            account(record, after, own(record, List.of(record), null).get(0));
            return;
        }
        JsonNode request = record.get("request");
        JsonNode business = request.path("business");
        JsonNode campaign = request.path("campaign");
        String key = record.path("policyVersion").asText() + '|' + request.path("at").asText() + '|'
                + business.path("id").asText() + '|' + business.path("sponsoredMessagesEnabled").asText() + '|'
                + campaign.path("id").asText() + '|' + campaign.path("objective").asText() + '|'
                + campaign.path("audienceSize").asText();
        String person = request.path("person").path("id").asText();
        if (!key.equals(pendingKey) || pendingPeople.contains(person) || pending.size() >= PolicySet.CHUNK_SIZE) {
            flush();
            pendingKey = key;
        }
        pending.add(record);
        pendingPeople.add(person);
    }

    /** Evaluates the gathered chunk: one audience evaluation under the candidate, one under the own version. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<JsonNode> chunk = List.copyOf(pending);
        pending.clear();
        pendingPeople.clear();
        pendingKey = null;
        Facts facts = chunk.size() == 1 ? null : facts(chunk);
        List<Replay.Verdict> after = chunk(chunk, facts, candidate);
        List<Replay.Verdict> own = own(chunk.get(0), chunk, facts);
        for (int i = 0; i < chunk.size(); i++) {
            account(chunk.get(i), after.get(i), own.get(i));
        }
    }

    /** A chunk's facts, read once for both evaluations. */
    private record Facts(CampaignRequest campaign, List<Recipient> recipients) {
    }

    private static Facts facts(List<JsonNode> chunk) {
        JsonNode first = chunk.get(0).get("request");
        Instant at = Instant.parse(first.get("at").asText());
        CampaignRequest campaign = null;
        List<Recipient> recipients = new ArrayList<>(chunk.size());
        for (JsonNode record : chunk) {
            DeliveryRequest request = RequestReader.delivery(record.get("request"), at);
            campaign = campaign == null ? request.campaign() : campaign;
            recipients.add(request.recipient());
        }
        return new Facts(campaign, recipients);
    }

    private static List<Replay.Verdict> chunk(List<JsonNode> chunk, Facts facts, PolicySet set) {
        if (facts == null) {
            return List.of(Replay.evaluate(chunk.get(0), set));
        }
        List<Replay.Verdict> verdicts = new ArrayList<>(chunk.size());
        for (DeliveryDecision d : set.decideAudience(facts.campaign(), facts.recipients())) {
            verdicts.add(new Replay.Verdict(d.outcome().name(), d.reasons().stream()
                    .map(r -> new Replay.ReasonVerdict(r.code(), r.retryAt())).toList(), d.retryAt()));
        }
        return verdicts;
    }

    /** The chunk under its own recorded version, or nulls when that version is not known. */
    private List<Replay.Verdict> own(JsonNode first, List<JsonNode> chunk, Facts facts) {
        Optional<PolicySet> set = versions.apply(first.path("policyVersion").asText());
        if (set.isEmpty()) {
            List<Replay.Verdict> none = new ArrayList<>(chunk.size());
            chunk.forEach(r -> none.add(null));
            return none;
        }
        return chunk(chunk, facts, set.get());
    }

    private void account(JsonNode record, Replay.Verdict after, Replay.Verdict own) {
        records++;
        Replay.Verdict before = Replay.logged(record);
        String id = record.path("decisionId").asText();
        if (own == null) {
            unverifiable++;
        } else {
            checked++;
            if (!own.equals(before)) {
                mismatched++;
                if (mismatchedIds.size() < MAX_MISMATCHED_IDS) {
                    mismatchedIds.add(id);
                }
            }
        }
        String campaignId = record.get("request").get("campaign").get("id").asText();
        long[] campaign = campaigns.computeIfAbsent(campaignId, k -> new long[4]);
        campaign[0]++;
        campaign[2] += positive(before.outcome()) ? 1 : 0;
        campaign[3] += positive(after.outcome()) ? 1 : 0;
        if (after.equals(before)) {
            unchanged++;
            return;
        }
        campaign[1]++;
        String transition = after.outcome().equals(before.outcome()) ? ImpactReport.OTHER_REASONS
                : before.outcome() + "->" + after.outcome();
        transitions.merge(transition, 1L, Long::sum);
        List<String> kept = examples.computeIfAbsent(transition, k -> new ArrayList<>());
        if (kept.size() < MAX_EXAMPLES) {
            kept.add(id);
        }
        Set<String> beforeCodes = codes(before);
        Set<String> afterCodes = codes(after);
        for (String code : afterCodes) {
            if (!beforeCodes.contains(code)) {
                codes.computeIfAbsent(code, k -> new long[2])[0]++;
            }
        }
        for (String code : beforeCodes) {
            if (!afterCodes.contains(code)) {
                codes.computeIfAbsent(code, k -> new long[2])[1]++;
            }
        }
    }

    private static boolean positive(String outcome) {
        return outcome.equals("DELIVER") || outcome.equals("APPROVE");
    }

    private static Set<String> codes(Replay.Verdict verdict) {
        Set<String> all = new HashSet<>();
        verdict.reasons().forEach(r -> all.add(r.code()));
        return all;
    }

    /** The report over every record added so far. */
    public ImpactReport report() {
        flush();
        Map<String, ImpactReport.CodeChange> byCode = new TreeMap<>();
        codes.forEach((code, n) -> byCode.put(code, new ImpactReport.CodeChange(n[0], n[1])));
        List<ImpactReport.CampaignImpact> top = campaigns.entrySet().stream()
                .filter(e -> e.getValue()[1] > 0)
                .map(e -> new ImpactReport.CampaignImpact(e.getKey(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[2], e.getValue()[3]))
                .sorted(Comparator.comparingLong(ImpactReport.CampaignImpact::changed).reversed()
                        .thenComparing(ImpactReport.CampaignImpact::campaignId))
                .limit(TOP_CAMPAIGNS).toList();
        Map<String, List<String>> shownExamples = new LinkedHashMap<>();
        examples.forEach((k, v) -> shownExamples.put(k, List.copyOf(v)));
        return new ImpactReport(candidate.version(), records, unchanged, records - unchanged,
                orderedTransitions(), byCode, top, shownExamples,
                new ImpactReport.Fidelity(checked, mismatched, unverifiable, List.copyOf(mismatchedIds)));
    }

    private Map<String, Long> orderedTransitions() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String transition : ImpactReport.TRANSITIONS) {
            ordered.put(transition, transitions.getOrDefault(transition, 0L));
        }
        return ordered;
    }
}
