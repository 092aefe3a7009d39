package org.threadgate.server.feature;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

import org.threadgate.engine.PolicySet;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.authoring.PolicyReloader;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerFacts;
import org.threadgate.server.Limits;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.decisionlog.DecisionLog;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.server.http.HttpApi;
import org.threadgate.server.impact.Shadow;
import org.threadgate.server.impact.ShadowEvaluator;
import org.threadgate.server.metrics.DecisionMetrics;
import org.threadgate.storage.jdbc.JdbcDecisionStore;

/**
 * The server being assembled, as its features see it: the parts every one may use (the live policies, the ledger, the
 * database's decision store, the metrics, the HTTP host) and what one feature offers the others (the candidate set,
 * the decision log).
 *
 * @param config    the configuration tree
 * @param service   the live policies' facade
 * @param reloader  the live policies' reloader
 * @param metrics   the metrics every decision is counted in
 * @param ledger    the ledger
 * @param facts     the ledger's campaign facts for decisions by reference
 * @param store     the database's decision store (policy versions live there whatever the log's place)
 * @param versions  the policy versions that went live
 * @param http      the HTTP host routes are added to
 * @param wentLive  what to do when a set goes live other than through the reloader (a promoted candidate)
 * @param offers    what features offer each other
 */
public record Assembly(ServerConfig config, DeliveryPolicyService service, PolicyReloader reloader,
                       DecisionMetrics metrics, Ledger ledger, LedgerFacts facts, JdbcDecisionStore store,
                       PolicyVersions versions, HttpApi http, Consumer<PolicySet> wentLive, Offers offers) {
    /** The service's clock. */
    public Clock clock() {
        return config.clock;
    }

    /** The input limits. */
    public Limits limits() {
        return http.limits();
    }

    /** The candidate set, when one is configured. */
    public Optional<Shadow> candidate() {
        return Optional.ofNullable(offers.candidate);
    }

    /** The candidate's shadow evaluator, when one is configured. */
    public Optional<ShadowEvaluator> shadowEvaluator() {
        return candidate().map(Shadow::evaluator);
    }

    /** The decision log, when it is kept. */
    public Optional<DecisionLog> decisionLog() {
        return Optional.ofNullable(offers.log);
    }

    /** What one feature offers the others, filled in as they are installed. */
    public static final class Offers {
        private Shadow candidate;
        private DecisionLog log;

        void candidate(Shadow shadow) {
            this.candidate = shadow;
        }

        void decisionLog(DecisionLog decisionLog) {
            this.log = decisionLog;
        }
    }
}
