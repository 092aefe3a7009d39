package org.threadgate.server.feature;

import java.time.Duration;
import java.util.Locale;

import org.threadgate.engine.PolicySet;
import org.threadgate.server.impact.ImpactAnalysis;
import org.threadgate.server.impact.ImpactReport;

/**
 * The reload gate of {@code --max-flip-rate}: a live reload goes ahead only if replaying the last day of logged
 * decisions under the new set changes at most that share of their outcomes.
 */
public final class ReloadGateFeature implements Feature {
    /** Decisions replayed by the gate: the most recent ones of the last day, at most this many. */
    public static final int GATE_RECORDS = 100_000;

    private final double maxRate;

    /**
     * A gate at {@code maxRate}.
     *
     * @param maxRate the largest share of outcomes a reload may change, 0 to 1
     */
    public ReloadGateFeature(double maxRate) {
        this.maxRate = maxRate;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "reload gate: at most %.2f%% of the last day's outcomes may change",
                maxRate * 100);
    }

    @Override
    public void install(Assembly server) {
        server.reloader().gate(next -> refusal(server, next));
    }

    /** Why {@code next} may not go live, or null when it may. */
    private String refusal(Assembly server, PolicySet next) {
        PolicySet live = server.service().isReady() ? server.service().policies() : null;
        ImpactAnalysis analysis = new ImpactAnalysis(next, version -> server.versions().policySet(version, live));
        server.store().recent(server.clock().instant().minus(Duration.ofHours(24)), GATE_RECORDS, analysis::add);
        ImpactReport report = analysis.report();
        long flipped = report.records() - report.unchanged()
                - report.transitions().getOrDefault(ImpactReport.OTHER_REASONS, 0L);
        double rate = report.records() == 0 ? 0 : (double) flipped / report.records();
        if (rate <= maxRate) {
            return null;
        }
        return String.format(Locale.ROOT, "replaying the last 24 hours' %d logged decisions under version %s flips"
                + " %d outcomes (%.2f%%), more than --max-flip-rate %.2f%% allows; transitions %s", report.records(),
                next.version(), flipped, rate * 100, maxRate * 100, report.transitions());
    }
}
