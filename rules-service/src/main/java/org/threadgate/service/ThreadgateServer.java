package org.threadgate.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicySet;
import org.threadgate.service.decisionlog.DecisionLog;
import org.threadgate.service.impact.ImpactAnalysis;
import org.threadgate.service.impact.ImpactReport;
import org.threadgate.service.impact.Shadow;
import org.threadgate.service.impact.ShadowEvaluator;
import org.threadgate.service.decisionlog.DecisionSink;
import org.threadgate.service.decisionlog.FileSink;
import org.threadgate.service.decisionlog.JdbcDecisionStore;
import org.threadgate.service.decisionlog.PolicyVersions;
import org.threadgate.service.authoring.DirectoryWatcher;
import org.threadgate.service.authoring.PolicyReloader;
import org.threadgate.service.authoring.ReloadStatus;
import org.threadgate.service.http.HttpApi;
import org.threadgate.service.ledger.jdbc.Database;
import org.threadgate.service.ledger.jdbc.JdbcLedger;
import org.threadgate.service.metrics.DecisionMetrics;
import org.threadgate.service.security.Access;
import org.threadgate.service.webhook.MessengerSecrets;

/**
 * The running service: the HTTP API, the live policies, their reloader and, with a rules directory, its watcher.
 * {@code threadgate serve} is this; tests start it the same way.
 */
public final class ThreadgateServer implements AutoCloseable {
    /** How long a burst of file changes must be quiet before it makes one reload. */
    public static final Duration SETTLE = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(ThreadgateServer.class);

    /**
     * How to run: where to listen, which rules (null: the bundled set), where the ledger lives (a JDBC URL with its
     * user and password, or else an H2 file under {@code dataDir}).
     */
    public record Options(String host, int port, Path rules, Path dataDir, String jdbcUrl, String dbUser,
                          String dbPassword, Limits limits, Clock clock, Access access, Duration factsStaleness,
                          LogOptions decisionLog, Path candidateRules, double shadowSample, Double maxFlipRate,
                          MessengerSecrets messenger) {
        /** How long a campaign's facts read for decisions by reference are reused unless changed through us. */
        public static final Duration FACTS_STALENESS = Duration.ofSeconds(1);

        public Options(String host, int port, Path rules, Path dataDir, String jdbcUrl, String dbUser,
                       String dbPassword, Limits limits, Clock clock, Access access) {
            this(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access, FACTS_STALENESS,
                    LogOptions.DEFAULT, null, 1.0, null, MessengerSecrets.NONE);
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 8080, null, Path.of("data"), null, null, null, Limits.DEFAULTS,
                    Clock.systemUTC(), Access.NONE);
        }

        public Options factsStaleness(Duration value) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access, value,
                    decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options access(Access value) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, value,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options limits(Limits value) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, value, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options port(int value) {
            return new Options(host, value, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options rules(Path value) {
            return new Options(host, port, value, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options dataDir(Path value) {
            return new Options(host, port, rules, value, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options jdbc(String url, String user, String password) {
            return new Options(host, port, rules, dataDir, url, user, password, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        public Options decisionLog(LogOptions value) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, value, candidateRules, shadowSample, maxFlipRate, messenger);
        }

        /** A candidate policy directory evaluated in shadow beside the live set, on {@code sample} of decisions. */
        public Options candidate(Path dir, double sample) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, dir, sample, maxFlipRate, messenger);
        }

        /**
         * Refuses a live reload whose replay over the last 24 hours of logged decisions (the most recent 100,000)
         * changes more than {@code rate} of their outcomes; null turns the gate off.
         */
        public Options maxFlipRate(Double rate) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, rate, messenger);
        }

        /** The Messenger webhook's secrets ({@link MessengerSecrets#NONE}: the webhook is off). */
        public Options messenger(MessengerSecrets value) {
            return new Options(host, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, value);
        }

        public Options host(String value) {
            return new Options(value, port, rules, dataDir, jdbcUrl, dbUser, dbPassword, limits, clock, access,
                    factsStaleness, decisionLog, candidateRules, shadowSample, maxFlipRate, messenger);
        }
    }

    /**
     * The decision log: in the ledger's database ({@code dir == null}, {@code off} false), in NDJSON files under
     * {@code dir}, or off; records older than {@code retention} are deleted; at most {@code capacity} decisions wait
     * for the writer (more are dropped and counted).
     */
    public record LogOptions(boolean off, Path dir, Duration retention, int capacity) {
        public static final LogOptions DEFAULT = new LogOptions(false, null, Duration.ofDays(30), 100_000);

        public LogOptions retention(Duration value) {
            return new LogOptions(off, dir, value, capacity);
        }

        public LogOptions capacity(int value) {
            return new LogOptions(off, dir, retention, value);
        }

        public static LogOptions files(Path dir) {
            return new LogOptions(false, dir, DEFAULT.retention(), DEFAULT.capacity());
        }

        public static LogOptions none() {
            return new LogOptions(true, null, DEFAULT.retention(), DEFAULT.capacity());
        }

        /** {@code database}, {@code off} or {@code file:DIR}, as {@code --decision-log} takes it. */
        public static LogOptions parse(String value) {
            if (value.equals("database")) {
                return DEFAULT;
            }
            if (value.equals("off")) {
                return none();
            }
            if (value.startsWith("file:") && value.length() > 5) {
                return files(Path.of(value.substring(5)));
            }
            throw new IllegalArgumentException("--decision-log must be database, off or file:DIR, was '" + value
                    + "'");
        }
    }

    private final Database database;
    private final Candidate candidate;
    private final DecisionLog decisionLog;
    private final DeliveryPolicyService service;
    private final PolicyReloader reloader;
    private final HttpApi api;
    private final DirectoryWatcher watcher;
    private final ReloadStatus firstLoad;

    private ThreadgateServer(Database database, DecisionLog decisionLog, DeliveryPolicyService service,
                             PolicyReloader reloader, HttpApi api, DirectoryWatcher watcher, ReloadStatus firstLoad,
                             Candidate candidate) {
        this.candidate = candidate;
        this.database = database;
        this.decisionLog = decisionLog;
        this.service = service;
        this.reloader = reloader;
        this.api = api;
        this.watcher = watcher;
        this.firstLoad = firstLoad;
    }

    /**
     * Opens the port at once (live, not ready), loads the policies, then watches {@code rules} when given.
     *
     * @throws PolicyRejectedException when the policy set is rejected at start; nothing is left running
     */
    public static ThreadgateServer start(Options options) throws IOException {
        requireSafeBinding(options);
        Path rules = options.rules();
        Clock clock = options.clock();
        DecisionMetrics metrics = new DecisionMetrics();
        DeliveryPolicyService service = new DeliveryPolicyService().observe(metrics);
        AtomicReference<PolicyVersions> versions = new AtomicReference<>();
        PolicyReloader reloader = new PolicyReloader(rules == null ? PolicyReloader.bundled()
                : PolicyReloader.directory(rules), service, clock, set -> {
                    metrics.policyVersion(set.version());
                    keepVersion(versions.get(), set);
                });
        // Compiling the rules is most of a cold start: it runs while the database opens and the port opens.
        CompletableFuture<ReloadStatus> firstLoad = new CompletableFuture<>();
        long[] compileMillis = new long[1];
        long begin = System.nanoTime();
        Thread compiler = new Thread(() -> {
            try {
                long compileStart = System.nanoTime();
                ReloadStatus loaded = reloader.loadNow("startup");
                compileMillis[0] = (System.nanoTime() - compileStart) / 1_000_000;
                firstLoad.complete(loaded);
            } catch (Throwable e) {
                firstLoad.completeExceptionally(e);
            }
        }, "policy-startup");
        compiler.start();
        Database database = null;
        DecisionLog log = null;
        Candidate candidate = null;
        long databaseMillis = 0;
        HttpApi api = null;
        ReloadStatus first;
        try {
            database = options.jdbcUrl() != null
                    ? Database.jdbc(options.jdbcUrl(), options.dbUser(), options.dbPassword())
                    : Database.h2File(options.dataDir());
            databaseMillis = (System.nanoTime() - begin) / 1_000_000;
            JdbcDecisionStore store = new JdbcDecisionStore(database.dataSource(), database.description());
            if (options.candidateRules() != null) {
                candidate = Candidate.start(options.candidateRules(), options.shadowSample(), service, clock,
                        metrics);
            }
            log = decisionLog(options, store, clock, candidate == null ? null : candidate.evaluator());
            if (log != null) {
                service.observe(log);
                metrics.decisionLog(log);
            }
            PolicyVersions kept = new PolicyVersions(store);
            JdbcLedger ledger = new JdbcLedger(database.dataSource(), clock)
                    .deliveryRetention(() -> deliveryRetention(service));
            api = new HttpApi(service, reloader, ledger, metrics, clock,
                    options.limits(), options.access(), options.factsStaleness(),
                    log != null && options.decisionLog().dir() == null ? store : null, kept, candidate == null ? null
                    : candidate.shadow((set, from) -> {
                        metrics.policyVersion(set.version());
                        keepVersion(versions.get(), set);
                        reloader.promoted(set, from);
                    }), options.messenger())
                    .start(options.host(), options.port());
            first = firstLoad.join();
            versions.set(kept);
            if (options.maxFlipRate() != null) {
                reloader.gate(flipGate(options.maxFlipRate(), store, kept, service, clock));
            }
            if (service.isReady()) {
                keepVersion(kept, service.policies());
            }
        } catch (RuntimeException e) {
            firstLoad.join();
            if (candidate != null) {
                candidate.close();
            }
            closeAll(api, log, reloader, database);
            throw e;
        }
        if (first.rejected()) {
            closeAll(api, log, reloader, database);
            throw new PolicyRejectedException(first);
        }
        DirectoryWatcher watcher = rules == null ? null
                : new DirectoryWatcher(rules, SETTLE, reloader::prepare, () -> reloader.request("file change"));
        LOG.info("Threadgate listening on http://{}:{} with policy version {} from {}{}; ledger: {}", options.host(),
                api.port(), first.liveVersion(), first.source(), watcher == null ? "" : " (watching for changes)",
                database.description());
        LOG.info("started in {} ms after the JVM ({} ms in all): rules {} ms, database {} ms, in parallel",
                (System.nanoTime() - begin) / 1_000_000, System.currentTimeMillis()
                        - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime(),
                compileMillis[0], databaseMillis);
        LOG.info("decision log: {}", log == null ? "off" : log.describe());
        LOG.info("Messenger webhook: {}", options.messenger().enabled() ? "on at /v1/webhooks/messenger" : "off");
        return new ThreadgateServer(database, log, service, reloader, api, watcher, first, candidate);
    }

    private static DecisionLog decisionLog(Options options, JdbcDecisionStore store, Clock clock,
                                           ShadowEvaluator shadow) {
        LogOptions chosen = options.decisionLog();
        if (chosen.off()) {
            return null;
        }
        DecisionSink sink = chosen.dir() == null ? store : new FileSink(chosen.dir());
        return new DecisionLog(sink, clock, chosen.capacity(), chosen.retention(),
                shadow == null ? decided -> null : shadow::shadowed);
    }

    /**
     * The candidate policy set of {@code --candidate-rules}: its own service, reloader and watcher (gated like the
     * live set), and the shadow evaluator that compares it with every live decision.
     */
    private record Candidate(DeliveryPolicyService service, PolicyReloader reloader, DirectoryWatcher watcher,
                             ShadowEvaluator evaluator) implements AutoCloseable {
        static Candidate start(Path dir, double sample, DeliveryPolicyService live, Clock clock,
                               DecisionMetrics metrics) throws IOException {
            DeliveryPolicyService candidate = new DeliveryPolicyService();
            PolicyReloader reloader = new PolicyReloader(PolicyReloader.directory(dir), candidate, clock, set -> {
            });
            ReloadStatus first = reloader.loadNow("startup (candidate)");
            if (first.rejected()) {
                LOG.warn("the candidate policy set in {} was rejected; nothing is evaluated in shadow until it loads:"
                        + "\n  {}", dir, String.join("\n  ", first.problems()));
            }
            DirectoryWatcher watcher = new DirectoryWatcher(dir, SETTLE, reloader::prepare,
                    () -> reloader.request("file change (candidate)"));
            ShadowEvaluator evaluator = new ShadowEvaluator(() -> candidate.isReady() ? candidate.policies() : null,
                    sample);
            live.observe(evaluator);
            metrics.shadow(evaluator);
            LOG.info("candidate policies from {} evaluated in shadow on {} of decisions", dir, sample);
            return new Candidate(candidate, reloader, watcher, evaluator);
        }

        Shadow shadow(java.util.function.BiConsumer<PolicySet, String> onPromoted) {
            return new Shadow(service, reloader, evaluator, onPromoted);
        }

        @Override
        public void close() {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the candidate's watcher", e);
            }
            evaluator.close();
            reloader.close();
            service.close();
        }
    }

    /** Decisions replayed by the reload gate: the most recent ones of the last day, at most this many. */
    static final int GATE_RECORDS = 100_000;

    /** The reload gate of {@code --max-flip-rate}: the candidate replayed over the last day of logged decisions. */
    private static java.util.function.Function<PolicySet, String> flipGate(double maxRate, JdbcDecisionStore store,
                                                                           PolicyVersions versions,
                                                                           DeliveryPolicyService service,
                                                                           Clock clock) {
        return next -> {
            PolicySet live = service.isReady() ? service.policies() : null;
            ImpactAnalysis analysis = new ImpactAnalysis(next, version -> versions.policySet(version, live));
            store.recent(clock.instant().minus(Duration.ofHours(24)), GATE_RECORDS, analysis::add);
            ImpactReport report = analysis.report();
            long flipped = report.records() - report.unchanged()
                    - report.transitions().getOrDefault(ImpactReport.OTHER_REASONS, 0L);
            double rate = report.records() == 0 ? 0 : (double) flipped / report.records();
            if (rate <= maxRate) {
                return null;
            }
            return String.format(java.util.Locale.ROOT, "replaying the last 24 hours' %d logged decisions under"
                    + " version %s flips %d outcomes (%.2f%%), more than --max-flip-rate %.2f%% allows; transitions"
                    + " %s", report.records(), next.version(), flipped, rate * 100, maxRate * 100,
                    report.transitions());
        };
    }

    /** Stores a version that went live, so that its decisions can be evaluated again; a failure only warns. */
    private static void keepVersion(PolicyVersions versions, PolicySet set) {
        if (versions == null) {
            return;
        }
        try {
            versions.wentLive(set);
        } catch (RuntimeException e) {
            LOG.warn("policy version {} could not be stored for the decision log ({})", set.version(), e.toString());
        }
    }

    /** Without tokens anyone who can connect may change rules and feed events: then only loopback is allowed. */
    private static void requireSafeBinding(Options options) throws IOException {
        if (options.access().tokens() != null) {
            return;
        }
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(options.host());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--host " + options.host() + " does not resolve: " + e.getMessage());
        }
        if (!address.isLoopbackAddress()) {
            throw new InsecureBindingException("refusing to listen on " + options.host() + " without --tokens:"
                    + " anyone who can reach it could change the policies and feed events. Give --tokens FILE"
                    + " (see 'threadgate token'), or listen on a loopback address such as 127.0.0.1");
        }
        LOG.warn("authentication is off (no --tokens): listening on loopback {} only", options.host());
    }

    /** Asked to listen beyond loopback without authentication. */
    public static final class InsecureBindingException extends RuntimeException {
        InsecureBindingException(String message) {
            super(message);
        }
    }

    private static void closeAll(HttpApi api, DecisionLog log, PolicyReloader reloader, Database database) {
        if (api != null) {
            api.close();
        }
        if (log != null) {
            log.close();
        }
        reloader.close();
        if (database != null) {
            database.close();
        }
    }

    /**
     * How long a thread keeps every delivery: the longest duration any live setting names (the windows a policy can
     * count over), {@link ThreadState#MAX_RETENTION} when no set is live yet; the thread caps it there too.
     */
    static java.time.Duration deliveryRetention(DeliveryPolicyService service) {
        if (!service.isReady()) {
            return org.threadgate.model.ThreadState.MAX_RETENTION;
        }
        return service.policies().allSettings().entries().stream()
                .filter(e -> e.type() == org.threadgate.model.Settings.Type.DURATION)
                .map(e -> (java.time.Duration) e.value())
                .max(java.time.Duration::compareTo).orElse(java.time.Duration.ZERO);
    }

    public int port() {
        return api.port();
    }

    public DeliveryPolicyService service() {
        return service;
    }

    public PolicyReloader reloader() {
        return reloader;
    }

    public ReloadStatus firstLoad() {
        return firstLoad;
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the watcher", e);
            }
        }
        api.close();
        if (candidate != null) {
            candidate.close();
        }
        if (decisionLog != null) {
            decisionLog.close(); // every answered decision is written before the database closes
        }
        reloader.close();
        service.close();
        database.close();
    }

    /** The shadow evaluator of {@code --candidate-rules}, or {@code null} without a candidate. */
    public ShadowEvaluator shadow() {
        return candidate == null ? null : candidate.evaluator();
    }

    /** The decision log, or {@code null} when it is off. */
    public DecisionLog decisionLog() {
        return decisionLog;
    }

    /** The policy set was rejected at start-up. */
    public static final class PolicyRejectedException extends RuntimeException {
        private final transient ReloadStatus status;

        PolicyRejectedException(ReloadStatus status) {
            super("the policy set was rejected: " + String.join("; ", status.problems()));
            this.status = status;
        }

        public ReloadStatus status() {
            return status;
        }
    }
}
