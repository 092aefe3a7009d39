package org.threadgate.server.impact;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.DecisionObserver;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.decisionlog.Replay;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;

/**
 * Shadow evaluation: every live decision (or a sampled share) is evaluated again by a candidate policy set, off the
 * request path, and the two are compared (in the manner of GitHub's Scientist). A decision goes on a bounded queue
 * without waiting; a full queue skips the comparison and counts it. The counts start again whenever the candidate's
 * version changes.
 */
public final class ShadowEvaluator implements DecisionObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowEvaluator.class);

    private final Supplier<PolicySet> candidate;
    private final double sample;
    private final BlockingQueue<Decided> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread worker;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean closing;
    private Counts counts = new Counts(null);

    /** The comparisons since the candidate version {@code version} was first seen. */
    public static final class Counts {
        private final String version;
        private long compared;
        private long same;
        private final Map<String, Long> transitions = new java.util.LinkedHashMap<>();
        private final Map<String, long[]> codes = new TreeMap<>();

        Counts(String version) {
            this.version = version;
            for (String t : ImpactReport.TRANSITIONS) {
                transitions.put(t, 0L);
            }
        }

        public String version() {
            return version;
        }

        public long compared() {
            return compared;
        }

        public long same() {
            return same;
        }

        public Map<String, Long> transitions() {
            return transitions;
        }

        /** Per reason code: {gained, lost}. */
        public Map<String, long[]> codes() {
            return codes;
        }

        Counts copy() {
            Counts c = new Counts(version);
            c.compared = compared;
            c.same = same;
            c.transitions.putAll(transitions);
            codes.forEach((k, v) -> c.codes.put(k, v.clone()));
            return c;
        }
    }

    /**
     * @param candidate the candidate set now, or null while there is none (nothing is compared then)
     * @param sample    the share of decisions compared, 0 to 1 (chosen by decision id, so it is reproducible)
     */
    public ShadowEvaluator(Supplier<PolicySet> candidate, double sample) {
        this.candidate = candidate;
        this.sample = sample;
        this.worker = new Thread(this::run, "shadow-evaluator");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void decided(Decided decided) {
        if (closing || candidate.get() == null || !sampled(decided.decisionId())) {
            return;
        }
        if (queue.offer(decided)) {
            offered.incrementAndGet();
        } else {
            skipped.incrementAndGet();
        }
    }

    private boolean sampled(String decisionId) {
        return sample >= 1.0 || (decisionId.hashCode() & 0x7fffffff) % 10_000 < sample * 10_000;
    }

    /**
     * The candidate's decision for {@code decided}, for its decision-log record: evaluated again on the caller's
     * (the log writer's) thread, for the same sampled decisions as the comparison; null without a candidate or when
     * not sampled.
     */
    public LogRecord.Shadowed shadowed(Decided decided) {
        PolicySet set = candidate.get();
        if (set == null || !sampled(decided.decisionId())) {
            return null;
        }
        if (decided instanceof Decided.Delivery d) {
            DeliveryDecision shadow = set.decideDelivery(d.request());
            return new LogRecord.Shadowed(set.version(), shadow.outcome().name(), shadow.reasons());
        }
        CampaignDecision shadow = set.decideCampaign(((Decided.Campaign) decided).request());
        return new LogRecord.Shadowed(set.version(), shadow.outcome().name(), shadow.reasons());
    }

    /** Comparisons skipped because the queue was full. */
    public long skipped() {
        return skipped.get();
    }

    /** A copy of the counts since the current candidate version loaded. */
    public synchronized Counts counts() {
        return counts.copy();
    }

    /** Waits until every decision queued so far is compared (for tests). */
    public void drain() throws InterruptedException {
        long target = offered.get();
        while (processed.get() < target && worker.isAlive()) {
            Thread.sleep(5);
        }
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            try {
                Decided decided = queue.poll(200, TimeUnit.MILLISECONDS);
                if (decided == null) {
                    continue;
                }
                try {
                    PolicySet set = candidate.get();
                    if (set != null) {
                        synchronized (this) {
                            compare(decided, set);
                        }
                    }
                } finally {
                    processed.incrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("shadow evaluation of a decision failed: {}", e.toString());
            }
        }
    }

    private void compare(Decided decided, PolicySet set) {
        if (!set.version().equals(counts.version)) {
            counts = new Counts(set.version());
        }
        Replay.Verdict before;
        Replay.Verdict after;
        if (decided instanceof Decided.Delivery d) {
            before = Replay.verdict(d.decision());
            after = Replay.verdict(set.decideDelivery(d.request()));
        } else {
            Decided.Campaign c = (Decided.Campaign) decided;
            before = Replay.verdict(c.decision());
            after = Replay.verdict(set.decideCampaign(c.request()));
        }
        counts.compared++;
        String transition = Changes.transition(before, after);
        if (transition == null) {
            counts.same++;
            return;
        }
        counts.transitions.merge(transition, 1L, Long::sum);
        Changes.countCodes(counts.codes, before, after);
    }

    @Override
    public void close() {
        closing = true;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
