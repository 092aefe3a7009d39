package org.threadgate.server.impact;

import java.util.function.BiConsumer;

import org.threadgate.engine.PolicySet;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.authoring.PolicyReloader;
import org.threadgate.facade.authoring.ReloadStatus;

/**
 * The candidate policy set as the API sees it: how its last load went, what the shadow comparison has counted, and
 * promotion (the candidate's compiled set made live in the same atomic swap as a reload).
 */
public final class Shadow {
    private final DeliveryPolicyService candidate;
    private final PolicyReloader reloader;
    private final ShadowEvaluator evaluator;
    /** Told of each promoted set and where the candidate was loaded from. */
    private final BiConsumer<PolicySet, String> onPromoted;

    public Shadow(DeliveryPolicyService candidate, PolicyReloader reloader, ShadowEvaluator evaluator,
                  BiConsumer<PolicySet, String> onPromoted) {
        this.candidate = candidate;
        this.reloader = reloader;
        this.evaluator = evaluator;
        this.onPromoted = onPromoted;
    }

    /** The evaluator comparing the candidate with every live decision. */
    public ShadowEvaluator evaluator() {
        return evaluator;
    }

    /** The candidate's version, or null while none has loaded. */
    public String version() {
        return candidate.isReady() ? candidate.policies().version() : null;
    }

    /** The candidate's compiled set, or null while none has loaded. */
    public PolicySet candidateSet() {
        return candidate.isReady() ? candidate.policies() : null;
    }

    public ReloadStatus status() {
        return reloader.status();
    }

    public ShadowEvaluator.Counts counts() {
        return evaluator.counts();
    }

    public long skipped() {
        return evaluator.skipped();
    }

    /** Makes the candidate live; returns the set that was live before, or throws when no candidate has loaded. */
    public PolicySet promote(DeliveryPolicyService live) {
        if (!candidate.isReady()) {
            throw new IllegalStateException("no candidate policy set has loaded");
        }
        PolicySet next = candidate.policies();
        PolicySet previous = live.replace(next);
        ReloadStatus loaded = reloader.status();
        onPromoted.accept(next, loaded == null ? "candidate" : loaded.source());
        return previous;
    }
}
