package org.threadgate.service.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.threadgate.model.Reason;

/**
 * Decision counters by outcome and reason code, a latency histogram and the live policy version, for Prometheus; and
 * the JVM's memory, GC and thread meters.
 */
public final class DecisionMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public DecisionMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> reasons = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final AtomicReference<String> liveVersion = new AtomicReference<>();

    public void decided(String kind, String outcome, Iterable<Reason> found) {
        outcomes.computeIfAbsent(kind + "/" + outcome, k -> Counter.builder("threadgate.decisions")
                .description("Decisions made, by kind and outcome")
                .tag("kind", kind).tag("outcome", outcome).register(registry)).increment();
        for (Reason reason : found) {
            reasons.computeIfAbsent(reason.code(), code -> Counter.builder("threadgate.decision.reasons")
                    .description("Reasons given, by reason code")
                    .tag("code", code).register(registry)).increment();
        }
    }

    public void took(String kind, long nanos) {
        latencies.computeIfAbsent(kind, k -> Timer.builder("threadgate.decision.latency")
                .description("Time to answer one decision request (a whole batch for kind=batch)")
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

    public String scrape() {
        return registry.scrape();
    }
}
