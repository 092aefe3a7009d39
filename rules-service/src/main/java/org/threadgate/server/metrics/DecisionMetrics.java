package org.threadgate.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.DecisionObserver;
import org.threadgate.facade.decision.Origin;
import org.threadgate.model.Reason;
import org.threadgate.server.decisionlog.DecisionLog;
import org.threadgate.server.impact.ShadowEvaluator;

/**
 * Decision counters by outcome and reason code, a latency histogram and the live policy version, for Prometheus; and
 * the JVM's memory, GC and thread meters. It learns of decisions as one observer of the decision hook.
 */
public final class DecisionMetrics implements DecisionObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public DecisionMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }
    /** Kind, then outcome: two lookups and no key built per decision. */
    private final Map<String, Map<String, Counter>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> reasons = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final AtomicReference<String> liveVersion = new AtomicReference<>();

    @Override
    public void decided(Decided decided) {
        if (decided instanceof Decided.Delivery d) {
            count("delivery", d.decision().outcome().name(), d.decision().reasons());
        } else if (decided instanceof Decided.Campaign c) {
            count("campaign", c.decision().outcome().name(), c.decision().reasons());
        }
        if (decided.origin().single()) {
            took(decided instanceof Decided.Delivery ? "delivery" : "campaign", decided.nanos());
        }
    }

    /** A whole batch or audience stream: its time under kind {@code batch} or {@code audience}. */
    @Override
    public void batchEnded(Origin origin, String policyVersion, long decisions, long nanos) {
        took(origin.form().name().toLowerCase(java.util.Locale.ROOT), nanos);
    }

    private void count(String kind, String outcome, Iterable<Reason> found) {
        outcomes.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Counter.builder("threadgate.decisions")
                        .description("Decisions made, by kind and outcome")
                        .tag("kind", kind).tag("outcome", outcome).register(registry)).increment();
        for (Reason reason : found) {
            reasons.computeIfAbsent(reason.code(), code -> Counter.builder("threadgate.decision.reasons")
                    .description("Reasons given, by reason code")
                    .tag("code", code).register(registry)).increment();
        }
    }

    private void took(String kind, long nanos) {
        latencies.computeIfAbsent(kind, k -> Timer.builder("threadgate.decision.latency")
                .description("Time to answer one decision request (a whole batch or audience stream for kind=batch or audience)")
                .tag("kind", k).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Publishes {@code version} as the live one: threadgate_policy_info{version=...} 1, the previous one gone. */
    public void policyVersion(String version) {
        String previous = liveVersion.getAndSet(version);
        if (version.equals(previous)) {
            return;
        }
        if (previous != null) {
            registry.find("threadgate.policy.info").tag("version", previous).meters().forEach(registry::remove);
        }
        Gauge.builder("threadgate.policy.info", () -> 1).description("The live policy version (value is always 1)")
                .tag("version", version).register(registry);
    }

    /** The decision log's meters: records written, dropped, failed writes (retried), decisions waiting. */
    public void decisionLog(DecisionLog log) {
        FunctionCounter.builder("threadgate.decision.log.written", log, DecisionLog::written)
                .description("Decision records written to the decision log").register(registry);
        FunctionCounter.builder("threadgate.decision.log.dropped", log, DecisionLog::dropped)
                .description("Decisions not recorded (the queue full with --decision-log-overflow drop, or the store"
                        + " failing through shutdown)").register(registry);
        FunctionCounter.builder("threadgate.decision.log.waits", log, DecisionLog::waits)
                .description("Decisions that waited for room in the log's queue (backpressure)").register(registry);
        FunctionCounter.builder("threadgate.decision.log.failed.writes", log, DecisionLog::failedWrites)
                .description("Writes to the decision log that failed and were retried").register(registry);
        Gauge.builder("threadgate.decision.log.queue", log, DecisionLog::queueDepth)
                .description("Decisions waiting to be written to the decision log").register(registry);
    }

    /** The shadow comparison's meters: decisions compared, those whose answer would change, skipped comparisons. */
    public void shadow(ShadowEvaluator evaluator) {
        FunctionCounter.builder("threadgate.shadow.compared", evaluator, e -> e.counts().compared())
                .description("Live decisions also evaluated by the candidate set (since its version loaded)")
                .register(registry);
        FunctionCounter.builder("threadgate.shadow.changed", evaluator,
                        e -> e.counts().compared() - e.counts().same())
                .description("Compared decisions the candidate would answer differently").register(registry);
        for (String transition : org.threadgate.server.impact.ImpactReport.TRANSITIONS) {
            FunctionCounter.builder("threadgate.shadow.transitions", evaluator,
                            e -> e.counts().transitions().getOrDefault(transition, 0L))
                    .description("Compared decisions the candidate would change, by kind of change")
                    .tag("transition", transition).register(registry);
        }
        FunctionCounter.builder("threadgate.shadow.skipped", evaluator, ShadowEvaluator::skipped)
                .description("Comparisons skipped because the shadow queue was full").register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
    /** A Messenger webhook delivery was stored: its events by kind and the items it ignored by kind. */
    public void webhookDelivered(java.util.List<org.threadgate.model.MessagingEvent> events,
                                 Map<String, Integer> ignored) {
        Counter.builder("threadgate.messenger.deliveries").description("Messenger webhook deliveries stored")
                .register(registry).increment();
        for (org.threadgate.model.MessagingEvent event : events) {
            Counter.builder("threadgate.messenger.events").description("Ledger events from Messenger deliveries")
                    .tag("type", event.type().name()).register(registry).increment();
        }
        ignored.forEach((kind, count) -> Counter.builder("threadgate.messenger.ignored")
                .description("Messenger webhook items of kinds the ledger does not use").tag("kind", kind)
                .register(registry).increment(count));
    }

    /** A Messenger delivery was refused for its signature ({@code missing} or {@code invalid}). */
    public void webhookSignatureFailed(String reason) {
        Counter.builder("threadgate.messenger.signature.failures")
                .description("Messenger webhook deliveries refused for their signature").tag("reason", reason)
                .register(registry).increment();
    }

    /** A subscription handshake was refused. */
    public void webhookVerificationFailed() {
        Counter.builder("threadgate.messenger.verification.failures")
                .description("Messenger subscription handshakes refused").register(registry).increment();
    }
}
