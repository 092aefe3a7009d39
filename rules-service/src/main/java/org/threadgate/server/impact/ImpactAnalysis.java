package org.threadgate.server.impact;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.threadgate.engine.PolicySet;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;
import org.threadgate.server.decisionlog.Replay;

/**
 * Replays decision records under a candidate policy set and under their own versions, in bounded memory: records
 * are fed one at a time ({@link #add(String)}); consecutive delivery records with the same campaign facts and
 * instant (the lines of one batch or audience stream) are evaluated together as one chunk, like the service decides
 * them. Chunks are evaluated on a small pool while the caller reads on; memory stays bounded by the chunks in
 * flight. Not thread-safe.
 */
public final class ImpactAnalysis {
    private static final int MAX_EXAMPLES = 5;
    private static final int MAX_MISMATCHED_IDS = 20;
    private static final int TOP_CAMPAIGNS = 20;

    /** Evaluates chunks beside the reading thread, one per core (daemons: they never keep a JVM alive). */
    private static final ExecutorService EVALUATORS = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "impact-evaluator");
                thread.setDaemon(true);
                return thread;
            });
    /** Chunks being evaluated at once; memory stays bounded by this many chunks of records. */
    private static final int MAX_IN_FLIGHT = 4;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    private final PolicySet candidate;
    /** The compiled set of a recorded version, or empty when it is not known. */
    private final Function<String, Optional<PolicySet>> versions;

    /** Records given to {@link #add(String)} or read so far, in range or not. */
    private long seen;
    private Instant from;
    private Instant to;

    private final List<RecordReader.Replayable> pending = new ArrayList<>();
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
        try {
            accept(RecordReader.read(recordJson));
        } catch (IOException | RuntimeException e) {
            throw unreadable(seen + 1, e);
        }
    }

    /**
     * Every record of an NDJSON stream (an export, or a file of a {@code file:DIR} log), read from its bytes with one
     * parser. A record that cannot be read is named by its number in this stream.
     */
    public void addAll(InputStream ndjson) throws IOException {
        try (RecordReader.Stream records = RecordReader.stream(ndjson)) {
            for (long number = 1; ; number++) {
                RecordReader.Replayable record;
                try {
                    record = records.next();
                } catch (IOException | RuntimeException e) {
                    throw unreadable(number, e);
                }
                if (record == null) {
                    return;
                }
                accept(record);
            }
        }
    }

    private static IllegalArgumentException unreadable(long number, Exception e) {
        return new IllegalArgumentException("record " + number + " cannot be read: " + e.getMessage(), e);
    }

    /** Only records decided in {@code [from, to)} are replayed (either end may be null: open). */
    public ImpactAnalysis within(Instant from, Instant to) {
        this.from = from;
        this.to = to;
        return this;
    }

    private void accept(RecordReader.Replayable record) {
        seen++;
        if ((from != null && record.at().isBefore(from)) || (to != null && !record.at().isBefore(to))) {
            return;
        }
        if (record.delivery() == null) {
            flush();
            drain(); // counted in log order
            Replay.Verdict after = Replay.verdict(candidate.decideCampaign(record.campaign()));
            Replay.Verdict own = versions.apply(record.policyVersion())
                    .map(set -> Replay.verdict(set.decideCampaign(record.campaign()))).orElse(null);
            account(record, after, own);
            return;
        }
        String person = record.delivery().recipient().person().id();
        if (!pending.isEmpty() && (!record.policyVersion().equals(pending.get(0).policyVersion())
                || !record.campaign().equals(pending.get(0).campaign()) || pendingPeople.contains(person)
                || pending.size() >= PolicySet.CHUNK_SIZE)) {
            flush();
        }
        pending.add(record);
        pendingPeople.add(person);
    }

    /** A chunk on its way: its records, and its verdicts under the candidate and the own version (or null). */
    private record InFlight(List<RecordReader.Replayable> chunk, Future<List<Replay.Verdict>> after,
                            Future<List<Replay.Verdict>> before) {
    }

    /**
     * Hands the gathered chunk to the evaluators (the candidate and the own version, each on a thread of its own);
     * the reading thread goes on with the next records, and chunks are counted in log order.
     */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<RecordReader.Replayable> chunk = List.copyOf(pending);
        pending.clear();
        pendingPeople.clear();
        List<Recipient> recipients = new ArrayList<>(chunk.size());
        for (RecordReader.Replayable record : chunk) {
            recipients.add(record.delivery().recipient());
        }
        CampaignRequest campaign = chunk.get(0).campaign();
        Optional<PolicySet> own = versions.apply(chunk.get(0).policyVersion());
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            countOldest();
        }
        inFlight.add(new InFlight(chunk, EVALUATORS.submit(() -> evaluate(candidate, campaign, recipients)),
                own.isPresent() ? EVALUATORS.submit(() -> evaluate(own.get(), campaign, recipients)) : null));
    }

    private void countOldest() {
        InFlight oldest = inFlight.removeFirst();
        List<Replay.Verdict> after = result(oldest.after());
        List<Replay.Verdict> before = oldest.before() == null ? null : result(oldest.before());
        for (int i = 0; i < oldest.chunk().size(); i++) {
            account(oldest.chunk().get(i), after.get(i), before == null ? null : before.get(i));
        }
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Counts every chunk still being evaluated. */
    private void drain() {
        while (!inFlight.isEmpty()) {
            countOldest();
        }
    }

    private static List<Replay.Verdict> evaluate(PolicySet set, CampaignRequest campaign, List<Recipient> recipients) {
        List<Replay.Verdict> verdicts = new ArrayList<>(recipients.size());
        if (recipients.size() == 1) {
            verdicts.add(Replay.verdict(set.decideDelivery(new DeliveryRequest(campaign, recipients.get(0)))));
            return verdicts;
        }
        for (DeliveryDecision d : set.decideAudience(campaign, recipients)) {
            verdicts.add(Replay.verdict(d));
        }
        return verdicts;
    }

    private void account(RecordReader.Replayable record, Replay.Verdict after, Replay.Verdict own) {
        records++;
        Replay.Verdict before = record.logged();
        String id = record.decisionId();
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
        String campaignId = record.campaign().campaign().id();
        long[] campaign = campaigns.computeIfAbsent(campaignId, k -> new long[4]);
        campaign[0]++;
        campaign[2] += positive(before.outcome()) ? 1 : 0;
        campaign[3] += positive(after.outcome()) ? 1 : 0;
        String transition = Changes.transition(before, after);
        if (transition == null) {
            unchanged++;
            return;
        }
        campaign[1]++;
        transitions.merge(transition, 1L, Long::sum);
        List<String> kept = examples.computeIfAbsent(transition, k -> new ArrayList<>());
        if (kept.size() < MAX_EXAMPLES) {
            kept.add(id);
        }
        Changes.countCodes(codes, before, after);
    }

    private static boolean positive(String outcome) {
        return outcome.equals("DELIVER") || outcome.equals("APPROVE");
    }

    /** The report over every record added so far. */
    public ImpactReport report() {
        flush();
        drain();
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
