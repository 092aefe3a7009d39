package org.threadgate.server.feature;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.authoring.DirectoryWatcher;
import org.threadgate.facade.authoring.PolicyDirectory;
import org.threadgate.facade.authoring.PolicyReloader;
import org.threadgate.facade.authoring.ReloadStatus;
import org.threadgate.server.http.CandidateEndpoints;
import org.threadgate.server.impact.Shadow;
import org.threadgate.server.impact.ShadowEvaluator;

/**
 * The candidate policy set of {@code --candidate-rules}: its own service, reloader and watcher (gated like the live
 * set), the shadow evaluator that compares it with every live decision, and its routes (comparison, promotion).
 * {@link #off()}: those routes answer 404 CANDIDATE_NOT_CONFIGURED.
 */
public final class CandidateFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateFeature.class);

    private final Path dir;
    private final double sample;
    private DeliveryPolicyService candidate;
    private PolicyReloader reloader;
    private DirectoryWatcher watcher;
    private ShadowEvaluator evaluator;

    /**
     * A candidate directory evaluated in shadow on {@code sample} of the decisions.
     *
     * @param dir    the candidate policy directory
     * @param sample the share of decisions it also evaluates, 0 to 1
     */
    public CandidateFeature(Path dir, double sample) {
        this.dir = dir;
        this.sample = sample;
    }

    /** No candidate set: its routes say so. */
    public static Feature off() {
        return Feature.routes("candidate policies: none",
                server -> CandidateEndpoints.addNotConfigured(server.http().table()));
    }

    @Override
    public String describe() {
        return "candidate policies from " + dir + " evaluated in shadow on " + sample + " of decisions";
    }

    @Override
    public void install(Assembly server) throws IOException {
        candidate = new DeliveryPolicyService();
        reloader = new PolicyReloader(PolicyReloader.directory(dir), candidate, server.clock(), set -> {
        });
        ReloadStatus first = reloader.loadNow("startup (candidate)");
        if (first.rejected()) {
            LOG.warn("the candidate policy set in {} was rejected; nothing is evaluated in shadow until it loads:"
                    + "\n  {}", dir, String.join("\n  ", first.problems()));
        }
        watcher = new DirectoryWatcher(dir, PolicyDirectory.SETTLE, reloader::prepare,
                () -> reloader.request("file change (candidate)"));
        evaluator = new ShadowEvaluator(() -> candidate.isReady() ? candidate.policies() : null, sample);
        server.service().observe(evaluator);
        server.metrics().shadow(evaluator);
        Shadow shadow = new Shadow(candidate, reloader, evaluator, (set, from) -> {
            server.wentLive().accept(set);
            server.reloader().promoted(set, from);
        });
        server.offers().candidate(shadow);
        new CandidateEndpoints(shadow, server.service(), server.clock(), server.limits()).addTo(server.http().table());
    }

    @Override
    public void close() {
        PoliciesFeature.stop(watcher);
        if (evaluator != null) {
            evaluator.close();
        }
        if (reloader != null) {
            reloader.close();
        }
        if (candidate != null) {
            candidate.close();
        }
    }
}
