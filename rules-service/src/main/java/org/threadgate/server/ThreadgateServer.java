package org.threadgate.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.authoring.PolicyReloader;
import org.threadgate.facade.authoring.ReloadStatus;
import org.threadgate.facade.ledger.KafkaAddress;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerFacts;
import org.threadgate.model.Settings;
import org.threadgate.model.ThreadState;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.decisionlog.DecisionLog;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.server.events.EventTopic;
import org.threadgate.server.events.PublishingLedger;
import org.threadgate.server.feature.Assembly;
import org.threadgate.server.feature.CandidateFeature;
import org.threadgate.server.feature.DecisionLogFeature;
import org.threadgate.server.feature.Feature;
import org.threadgate.server.feature.PoliciesFeature;
import org.threadgate.server.feature.ReloadGateFeature;
import org.threadgate.server.feature.WebhookFeature;
import org.threadgate.server.http.ConsoleEndpoints;
import org.threadgate.server.http.DecisionEndpoints;
import org.threadgate.server.http.HttpApi;
import org.threadgate.server.http.LedgerEndpoints;
import org.threadgate.server.http.OperationsEndpoints;
import org.threadgate.server.http.PeopleEndpoints;
import org.threadgate.server.impact.ShadowEvaluator;
import org.threadgate.server.metrics.DecisionMetrics;
import org.threadgate.server.privacy.PersonErasure;
import org.threadgate.server.security.Access;
import org.threadgate.server.webhook.MessengerSecrets;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import org.threadgate.storage.jdbc.JdbcLedger;

/**
 * The running service, assembled from features ({@link #features}): the live policies and the ledger that every
 * feature shares, then each feature's routes, observers and background work. {@code threadgate serve} is this; tests
 * start it the same way.
 */
public final class ThreadgateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadgateServer.class);

    private final Database database;
    private final PolicyReloader reloader;
    private final HttpApi http;
    private final List<Feature> features;
    private final Assembly assembly;
    private final ReloadStatus firstLoad;
    private final EventTopic topic;

    private ThreadgateServer(Database database, PolicyReloader reloader, HttpApi http, List<Feature> features,
                             Assembly assembly, ReloadStatus firstLoad, EventTopic topic) {
        this.topic = topic;
        this.database = database;
        this.reloader = reloader;
        this.http = http;
        this.features = features;
        this.assembly = assembly;
        this.firstLoad = firstLoad;
    }

    /** The features {@code config} turns on, in the order they are installed (and closed in reverse). */
    static List<Feature> features(ServerConfig config, MessengerSecrets messenger) {
        ServerConfig.DecisionLog log = config.decisionLog;
        List<Feature> features = new ArrayList<>(List.of(
                Feature.routes("decisions", server -> new DecisionEndpoints(server.service(), server.facts(),
                        server.clock(), server.limits()).addTo(server.http().table())),
                Feature.routes("ledger", server -> new LedgerEndpoints(server.ledger(), server.facts(),
                        server.service(), server.clock(), server.limits()).addTo(server.http().table())),
                config.policies.rules == null ? PoliciesFeature.bundled()
                        : PoliciesFeature.watching(config.policies.rules),
                config.candidate.rules == null ? CandidateFeature.off()
                        : new CandidateFeature(config.candidate.rules, config.candidate.shadowSample),
                new DecisionLogFeature(log.parsed(), log.retention, log.queue, log.overflowPolicy())));
        if (config.candidate.maxFlipRate != null) {
            features.add(new ReloadGateFeature(config.candidate.maxFlipRate));
        }
        features.add(Feature.routes("erasure at DELETE /v1/people/{personId}", server -> new PeopleEndpoints(
                erasure(server, log.parsed()), server.limits().fields()).addTo(server.http().table())));
        features.add(messenger.enabled() ? WebhookFeature.with(messenger) : WebhookFeature.off());
        features.add(Feature.routes("console at /", server -> ConsoleEndpoints.load().addTo(server.http().table())));
        features.add(Feature.routes("health, metrics and /openapi.json", server -> new OperationsEndpoints(
                server.service(), server.metrics(), server.http().access(), server.http().document())
                .addTo(server.http().table())));
        return features;
    }

    /** A person's erasure over the server's ledger, decision log and database. */
    private static PersonErasure erasure(Assembly server, ServerConfig.DecisionLog.Where where) {
        PersonErasure.LogPlace place = where instanceof ServerConfig.DecisionLog.InDatabase
                ? PersonErasure.LogPlace.DATABASE : where instanceof ServerConfig.DecisionLog.InFiles
                ? PersonErasure.LogPlace.FILES : where instanceof ServerConfig.DecisionLog.InKafka
                ? PersonErasure.LogPlace.TOPIC : PersonErasure.LogPlace.OFF;
        return new PersonErasure(server.ledger(), server.store(), place, () -> server.decisionLog().ifPresent(log -> {
            try {
                log.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), server.store().erasures(), server.facts()::forgetBusinesses, server.clock());
    }

    /**
     * Opens the port at once (live, not ready), loads the policies while the database opens, then installs the
     * features.
     *
     * @throws PolicyRejectedException when the policy set is rejected at start; nothing is left running
     * @throws IllegalArgumentException when a setting is out of range (the message names the option)
     */
    public static ThreadgateServer start(ServerConfig config) throws IOException {
        long begin = System.nanoTime();
        Access access = config.security.resolve();
        requireSafeBinding(config.http.host, access);
        Limits limits = config.inputs.limits();
        config.candidate.check();
        List<Feature> features = features(config, config.webhook.resolve());
        DecisionMetrics metrics = new DecisionMetrics();
        DeliveryPolicyService service = new DeliveryPolicyService().observe(metrics);
        CompletableFuture<PolicyVersions> versions = new CompletableFuture<>();
        PolicyReloader reloader = new PolicyReloader(config.policies.rules == null ? PolicyReloader.bundled()
                : PolicyReloader.directory(config.policies.rules), service, config.clock,
                set -> wentLive(metrics, versions.getNow(null), set));
        // Compiling the rules is most of a cold start: it runs while the database and the port open.
        CompletableFuture<ReloadStatus> firstLoad = CompletableFuture.supplyAsync(() -> reloader.loadNow("startup"),
                runnable -> new Thread(runnable, "policy-startup").start());
        Database database = null;
        HttpApi http = null;
        EventTopic topic = null;
        List<Feature> installed = new ArrayList<>();
        try {
            database = config.storage.open();
            long databaseMillis = (System.nanoTime() - begin) / 1_000_000;
            JdbcDecisionStore store = new JdbcDecisionStore(database.dataSource(), database.description());
            PolicyVersions kept = new PolicyVersions(store);
            JdbcLedger stored = new JdbcLedger(database.dataSource(), config.clock)
                    .deliveryRetention(() -> deliveryRetention(service));
            if (config.storage.eventsTo != null) {
                topic = new EventTopic(KafkaAddress.parse(config.storage.eventsTo),
                        config.storage.eventsTimeout.toMillis());
            }
            Ledger ledger = topic == null ? stored : new PublishingLedger(stored, topic);
            http = new HttpApi(limits, access);
            Assembly assembly = new Assembly(config, service, reloader, metrics, ledger,
                    new LedgerFacts(ledger, config.policies.factsStaleness), store, kept, http,
                    set -> wentLive(metrics, kept, set), new Assembly.Offers());
            for (Feature feature : features) {
                feature.install(assembly);
                installed.add(feature);
            }
            http.start(config.http.host, config.http.port);
            ReloadStatus first = firstLoad.join();
            versions.complete(kept);
            if (service.isReady()) {
                wentLive(metrics, kept, service.policies());
            }
            if (first.rejected()) {
                throw new PolicyRejectedException(first);
            }
            ThreadgateServer server = new ThreadgateServer(database, reloader, http, installed, assembly, first,
                    topic);
            LOG.info("Threadgate listening on http://{}:{} with policy version {} from {}; ledger: {}",
                    config.http.host, http.port(), first.liveVersion(), first.source(), database.description());
            LOG.info("started in {} ms after the JVM ({} ms in all), the database open after {} ms",
                    (System.nanoTime() - begin) / 1_000_000, System.currentTimeMillis()
                            - ManagementFactory.getRuntimeMXBean().getStartTime(), databaseMillis);
            installed.forEach(feature -> LOG.info("{}", feature.describe()));
            return server;
        } catch (RuntimeException | IOException e) {
            firstLoad.exceptionally(failure -> null).join();
            closeAll(http, installed, reloader, service, topic, database);
            throw e;
        }
    }

    /** A set went live: the metrics show it, and it is stored so that its decisions can be evaluated again. */
    private static void wentLive(DecisionMetrics metrics, PolicyVersions versions, PolicySet set) {
        metrics.policyVersion(set.version());
        if (versions == null) {
            return; // the first load, before the database is open: stored once it is
        }
        try {
            versions.wentLive(set);
        } catch (RuntimeException e) {
            LOG.warn("policy version {} could not be stored for the decision log ({})", set.version(), e.toString());
        }
    }

    /** Without tokens anyone who can connect may change rules and feed events: then only loopback is allowed. */
    private static void requireSafeBinding(String host, Access access) {
        if (access.tokens() != null) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " does not resolve: " + e.getMessage());
        }
        if (!address.isLoopbackAddress()) {
            throw new InsecureBindingException("refusing to listen on " + host + " without --tokens: anyone who can"
                    + " reach it could change the policies and feed events. Give --tokens FILE (see 'threadgate"
                    + " token'), or listen on a loopback address such as 127.0.0.1");
        }
        LOG.warn("authentication is off (no --tokens): listening on loopback {} only", host);
    }

    /** Asked to listen beyond loopback without authentication. */
    public static final class InsecureBindingException extends RuntimeException {
        InsecureBindingException(String message) {
            super(message);
        }
    }

    /**
     * How long a thread keeps every delivery: the longest duration any live setting names (the windows a policy can
     * count over), {@link ThreadState#MAX_RETENTION} when no set is live yet; the thread caps it there too.
     */
    static Duration deliveryRetention(DeliveryPolicyService service) {
        if (!service.isReady()) {
            return ThreadState.MAX_RETENTION;
        }
        return service.policies().allSettings().entries().stream()
                .filter(e -> e.type() == Settings.Type.DURATION)
                .map(e -> (Duration) e.value())
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The port it listens on. */
    public int port() {
        return http.port();
    }

    /** The live policies' facade. */
    public DeliveryPolicyService service() {
        return assembly.service();
    }

    /** The live policies' reloader. */
    public PolicyReloader reloader() {
        return reloader;
    }

    /** The first load of the policies, at start. */
    public ReloadStatus firstLoad() {
        return firstLoad;
    }

    /** The candidate's shadow evaluator, with {@code --candidate-rules}. */
    public Optional<ShadowEvaluator> shadow() {
        return assembly.shadowEvaluator();
    }

    /** The decision log, unless it is off. */
    public Optional<DecisionLog> decisionLog() {
        return assembly.decisionLog();
    }

    /** The policy versions that went live on this database. */
    public PolicyVersions versions() {
        return assembly.versions();
    }

    /** The routes every feature added. */
    public List<HttpApi.Route> routes() {
        return http.routes();
    }

    @Override
    public void close() {
        closeAll(http, features, reloader, assembly.service(), topic, database);
    }

    /**
     * The port first, then the features in reverse (the log writes what is queued), the event topic's producer, then
     * the database.
     */
    private static void closeAll(HttpApi http, List<Feature> features, PolicyReloader reloader,
                                 DeliveryPolicyService service, EventTopic topic, Database database) {
        if (http != null) {
            http.close();
        }
        for (int i = features.size() - 1; i >= 0; i--) {
            features.get(i).close();
        }
        reloader.close();
        service.close();
        if (topic != null) {
            topic.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The policy set was rejected at start-up. */
    public static final class PolicyRejectedException extends RuntimeException {
        private final transient ReloadStatus status;

        PolicyRejectedException(ReloadStatus status) {
            super("the policy set was rejected: " + String.join("; ", status.problems()));
            this.status = status;
        }

        /** The rejected attempt. */
        public ReloadStatus status() {
            return status;
        }
    }
}
