package org.threadgate.server.impact;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.threadgate.engine.AudienceStream;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.decisionlog.LogChunk;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.decisionlog.RecordReader;
import org.threadgate.facade.decisionlog.Replay;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Recipient;

/**
 * Replays decision records under a candidate policy set and under their own versions, in bounded memory: records
 * are fed one at a time ({@link #add(String)}); consecutive delivery records with the same campaign facts and
 * version (the lines of one batch or audience stream) go through one engine audience stream per set, as the service
 * decided them, and are counted in log order as their decisions come back. Not thread-safe.
 */
public final class ImpactAnalysis {
    private static final int MAX_EXAMPLES = 5;
    private static final int MAX_MISMATCHED_IDS = 20;
    private static final int TOP_CAMPAIGNS = 20;

    /** The run of delivery records being replayed together, or null between runs. */
    private Run run;

    private final PolicySet candidate;
    /** The compiled set of a recorded version, or empty when it is not known. */
    private final Function<String, Optional<PolicySet>> versions;

    /** Records given to {@link #add(String)} or read so far, in range or not. */
    private long seen;
    private Instant from;
    private Instant to;

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
     * The records of a chunk as the database keeps it: a batch's shared facts are read once for all its lines, and
     * each line only for its own facts (the compact form's replay). Lines outside {@link #within} are passed over.
     * A compact chunk is replayed in two halves on two threads (each half read, then decided by the candidate and by
     * its recorded version) while the caller reads the next chunk; its records are counted, in log order, when the
     * next chunk comes or the report is asked for.
     *
     * @param chunk a chunk of the decision log
     */
    public void add(LogChunk chunk) {
        if (chunk.head() == null || !LogRecord.DELIVERY.equals(chunk.kind())) {
            for (LogChunk.Line line : chunk.lines()) {
                accept(replayable(chunk, line));
            }
            return;
        }
        endRun(); // counted in log order
        List<LogChunk.Line> lines = new ArrayList<>(chunk.lines().size());
        for (LogChunk.Line line : chunk.lines()) {
            seen++;
            if ((from == null || !line.at().isBefore(from)) && (to == null || line.at().isBefore(to))) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        Optional<PolicySet> own = versions.apply(chunk.policyVersion());
        int half = lines.size() / 2;
        Replaying next = new Replaying(
                HELPERS.submit(() -> replay(chunk, lines.subList(0, half), own)),
                HELPERS.submit(() -> replay(chunk, lines.subList(half, lines.size()), own)));
        countReplayed(); // the chunk before, counted while this one is replayed
        replaying = next;
    }

    /** Two threads for replaying chunks: each reads and decides half a chunk's lines. */
    private static final ExecutorService HELPERS = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "impact-replay");
        thread.setDaemon(true);
        return thread;
    });

    /** A chunk's two halves being replayed. */
    private record Replaying(Future<Replayed> first, Future<Replayed> second) {
    }

    /** Half a chunk replayed: its records, and what the candidate and their own version (or null) decided. */
    private record Replayed(List<RecordReader.Replayable> records, List<Replay.Verdict> afters,
                            List<Replay.Verdict> owns) {
    }

    /** The chunk being replayed, or null. */
    private Replaying replaying;

    /** Counts the chunk being replayed, once it is done (first half, then second: log order). */
    private void countReplayed() {
        if (replaying == null) {
            return;
        }
        Replaying done = replaying;
        replaying = null;
        for (Future<Replayed> half : List.of(done.first(), done.second())) {
            Replayed replayed = await(half);
            for (int i = 0; i < replayed.records().size(); i++) {
                account(replayed.records().get(i), replayed.afters().get(i),
                        replayed.owns() == null ? null : replayed.owns().get(i));
            }
        }
    }

    private Replayed replay(LogChunk chunk, List<LogChunk.Line> lines, Optional<PolicySet> own) {
        List<RecordReader.Replayable> records;
        try {
            records = chunk.replayables(lines);
        } catch (IOException | RuntimeException e) {
            // named by the first line that cannot be read on its own
            for (LogChunk.Line line : lines) {
                replayable(chunk, line);
            }
            throw new IllegalArgumentException("a chunk's lines cannot be read: " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            return new Replayed(records, List.of(), own.isPresent() ? List.of() : null);
        }
        return new Replayed(records, decide(candidate, records), own.map(set -> decide(set, records)).orElse(null));
    }

    private static RecordReader.Replayable replayable(LogChunk chunk, LogChunk.Line line) {
        try {
            return chunk.replayable(line);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("record " + line.decisionId() + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private static List<Replay.Verdict> decide(PolicySet set, List<RecordReader.Replayable> records) {
        List<Replay.Verdict> verdicts = new ArrayList<>(records.size());
        try (AudienceStream stream = set.audience(records.get(0).campaign(), d -> verdicts.add(Replay.verdict(d)))) {
            for (RecordReader.Replayable record : records) {
                stream.accept(record.delivery().recipient());
            }
        }
        return verdicts;
    }

    private static <T> T await(Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
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
        countReplayed(); // a chunk replayed before this record is counted before it
        seen++;
        if ((from != null && record.at().isBefore(from)) || (to != null && !record.at().isBefore(to))) {
            return;
        }
        if (record.delivery() == null) {
            endRun(); // counted in log order
            Replay.Verdict after = Replay.verdict(candidate.decideCampaign(record.campaign()));
            Replay.Verdict own = versions.apply(record.policyVersion())
                    .map(set -> Replay.verdict(set.decideCampaign(record.campaign()))).orElse(null);
            account(record, after, own);
            return;
        }
        if (run != null && !run.continues(record)) {
            endRun();
        }
        if (run == null) {
            run = new Run(record.campaign(), record.policyVersion(), versions.apply(record.policyVersion()));
        }
        run.accept(record);
    }

    /** Decides what the run holds, counts it, and ends it. */
    private void endRun() {
        if (run != null) {
            run.close();
            run = null;
        }
    }

    /**
     * Consecutive delivery records of one campaign and version: each goes into the candidate's stream and its own
     * version's (when known), and is counted once both decisions are back, in the order the records came.
     */
    private final class Run implements AutoCloseable {
        private final CampaignRequest campaign;
        private final String version;
        private final ArrayDeque<RecordReader.Replayable> waiting = new ArrayDeque<>();
        private final ArrayDeque<Replay.Verdict> afters = new ArrayDeque<>();
        private final ArrayDeque<Replay.Verdict> owns = new ArrayDeque<>();
        private final AudienceStream after;
        private final AudienceStream own;

        Run(CampaignRequest campaign, String version, Optional<PolicySet> ownSet) {
            this.campaign = campaign;
            this.version = version;
            this.after = candidate.audience(campaign, d -> afters.add(Replay.verdict(d)));
            this.own = ownSet.map(set -> set.audience(campaign, d -> owns.add(Replay.verdict(d)))).orElse(null);
        }

        boolean continues(RecordReader.Replayable record) {
            return record.policyVersion().equals(version) && record.campaign().equals(campaign);
        }

        void accept(RecordReader.Replayable record) {
            waiting.add(record);
            Recipient recipient = record.delivery().recipient();
            after.accept(recipient);
            if (own != null) {
                own.accept(recipient);
            }
            countReady();
        }

        private void countReady() {
            while (!waiting.isEmpty() && !afters.isEmpty() && (own == null || !owns.isEmpty())) {
                account(waiting.removeFirst(), afters.removeFirst(), own == null ? null : owns.removeFirst());
            }
        }

        @Override
        public void close() {
            after.close();
            if (own != null) {
                own.close();
            }
            countReady();
        }
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
        countReplayed();
        endRun();
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
