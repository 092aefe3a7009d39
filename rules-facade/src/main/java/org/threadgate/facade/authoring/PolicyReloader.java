package org.threadgate.facade.authoring;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.DeliveryPolicyService;

/**
 * Loads policy sets away from the request path, one at a time, and puts one live only when it compiles, passes the
 * lint and passes its own test cases; then in one atomic swap. A rejected set changes nothing: the live version keeps
 * serving. Requests that arrive while a reload is queued share it.
 */
public final class PolicyReloader implements AutoCloseable {
    /** Where policy sets come from: a directory re-read on each attempt, or the bundled set. */
    public interface Source {
        /**
         * Reads the set as it is now.
         *
         * @return the rule files, settings and cases
         * @throws IOException when it cannot be read
         */
        PolicySource read() throws IOException;

        /**
         * Where the set comes from, for the status.
         *
         * @return a path or {@code classpath:...}
         */
        String describe();
    }

    private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);

    private final Source source;
    private final DeliveryPolicyService service;
    private final Consumer<PolicySet> onLoaded;
    private final PolicyCompiler compiler;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "policy-reload");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicReference<ReloadStatus> last = new AtomicReference<>();
    /** A candidate built ahead from what the files held when a burst of changes began; used only if they still do. */
    private final AtomicReference<Prepared> prepared = new AtomicReference<>();

    private record Prepared(PolicySource source, Candidate candidate) {
    }
    private CompletableFuture<ReloadStatus> queued;

    /**
     * {@code onLoaded} learns of each set that goes live, after it went live (metrics publish its version).
     *
     * @param source where each attempt reads the set
     * @param service whose live set is replaced
     * @param clock stamps each attempt
     * @param onLoaded learns of each set that went live
     */
    public PolicyReloader(Source source, DeliveryPolicyService service, Clock clock, Consumer<PolicySet> onLoaded) {
        this.source = source;
        this.service = service;
        this.onLoaded = onLoaded;
        this.clock = clock;
        this.compiler = new PolicyCompiler(clock);
    }

    /**
     * A directory, read again on each attempt.
     *
     * @param dir the policy directory
     * @return the source
     */
    public static Source directory(java.nio.file.Path dir) {
        return new Source() {
            @Override
            public PolicySource read() throws IOException {
                return PolicySource.directory(dir);
            }

            @Override
            public String describe() {
                return dir.toAbsolutePath().normalize().toString();
            }
        };
    }

    /**
     * The set bundled in the engine's jar.
     *
     * @return the source
     */
    public static Source bundled() {
        return new Source() {
            @Override
            public PolicySource read() {
                return PolicySource.bundled();
            }

            @Override
            public String describe() {
                return "classpath:" + PolicySource.BUNDLED_ROOT;
            }
        };
    }

    /**
     * The last attempt, or {@code null} before the first.
     *
     * @return the status
     */
    public ReloadStatus status() {
        return last.get();
    }

    /**
     * A check a loadable set must also pass before it goes live (the impact gate): returns why it is refused, or
     * null to let it go live. Not applied to the first load, nor to a forced reload.
     */
    private volatile java.util.function.Function<PolicySet, String> gate;

    /** The problem that starts a refusal by the gate. */
    public static final String IMPACT_TOO_HIGH = "IMPACT_TOO_HIGH";

    /**
     * Sets the gate a loadable set must also pass.
     *
     * @param check returns why a set is refused, or {@code null} to let it go live
     */
    public void gate(java.util.function.Function<PolicySet, String> check) {
        this.gate = check;
    }

    /**
     * Asks for a reload; a request made while another is still queued shares its result.
     *
     * @param trigger why (file change, reload request), shown in the status
     * @return completes with the attempt's status
     */
    public synchronized CompletableFuture<ReloadStatus> request(String trigger) {
        return request(trigger, false);
    }

    /**
     * As {@link #request(String)}; with {@code force} the gate is not applied (and the request is not shared).
     *
     * @param trigger why, shown in the status
     * @param force go live without the gate
     * @return completes with the attempt's status
     */
    public synchronized CompletableFuture<ReloadStatus> request(String trigger, boolean force) {
        if (force) {
            CompletableFuture<ReloadStatus> forced = new CompletableFuture<>();
            worker.execute(() -> {
                try {
                    forced.complete(attempt(trigger, true));
                } catch (RuntimeException | Error e) {
                    LOG.error("policy reload failed unexpectedly", e);
                    forced.completeExceptionally(e);
                }
            });
            return forced;
        }
        if (queued != null) {
            return queued;
        }
        CompletableFuture<ReloadStatus> future = new CompletableFuture<>();
        queued = future;
        worker.execute(() -> {
            synchronized (this) {
                if (queued == future) {
                    queued = null; // from here on, changes need a new attempt
                }
            }
            try {
                future.complete(attempt(trigger, false));
            } catch (RuntimeException | Error e) {
                LOG.error("policy reload failed unexpectedly", e);
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /**
     * Builds a candidate from the files as they are now, on the reload thread, while a burst of changes settles. The
     * next reload uses it only if the files then hold exactly what it was built from (a half-written save read here
     * differs from the settled files, and is built again), so the settle period still decides what goes live; it
     * only no longer waits for the compiler.
     *
     * @return completes once the candidate is built
     */
    public CompletableFuture<Void> prepare() {
        return CompletableFuture.runAsync(() -> {
            try {
                PolicySource read = source.read();
                discard(prepared.getAndSet(new Prepared(read, Candidate.build(compiler, read))));
            } catch (IOException | RuntimeException e) {
                discard(prepared.getAndSet(null)); // the reload itself will read and report
            }
        }, worker);
    }

    private static void discard(Prepared stale) {
        if (stale != null && stale.candidate().policySet() != null) {
            stale.candidate().policySet().close();
        }
    }

    /**
     * Loads now, on the calling thread (used at start-up, before anything else can ask).
     *
     * @param trigger why, shown in the status
     * @return the attempt's status
     */
    public ReloadStatus loadNow(String trigger) {
        return attempt(trigger, false);
    }

    private ReloadStatus attempt(String trigger, boolean force) {
        long number = attempts.incrementAndGet();
        PolicySet live = service.isReady() ? service.policies() : null;
        String liveVersion = live == null ? null : live.version();
        PolicySource read;
        try {
            read = source.read();
        } catch (IOException | RuntimeException e) {
            return record(new ReloadStatus(number, clock.instant(), trigger, ReloadStatus.REJECTED, liveVersion,
                    null, source.describe(), List.of(source.describe() + ":0:0: cannot read the policy set: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()))));
        }
        Prepared ahead = prepared.getAndSet(null);
        Candidate candidate;
        if (ahead != null && ahead.source().equals(read)) {
            candidate = ahead.candidate(); // built from these very files while they settled
            LOG.debug("policy load #{}: built while the change settled", number);
        } else {
            discard(ahead);
            candidate = Candidate.build(compiler, read);
        }
        if (!candidate.acceptable()) {
            String candidateVersion = candidate.policySet() == null ? null : candidate.policySet().version();
            if (candidate.policySet() != null) {
                candidate.policySet().close();
            }
            return record(new ReloadStatus(number, clock.instant(), trigger, ReloadStatus.REJECTED, liveVersion,
                    candidateVersion, source.describe(), candidate.problems()));
        }
        PolicySet next = candidate.policySet();
        if (live != null && live.version().equals(next.version())) {
            next.close();
            return record(new ReloadStatus(number, clock.instant(), trigger, ReloadStatus.UNCHANGED, liveVersion,
                    next.version(), source.describe(), List.of()));
        }
        java.util.function.Function<PolicySet, String> check = gate;
        if (live != null && check != null) {
            String refusal = force ? null : check.apply(next);
            if (refusal != null) {
                next.close();
                return record(new ReloadStatus(number, clock.instant(), trigger, ReloadStatus.REJECTED, liveVersion,
                        next.version(), source.describe(), List.of(IMPACT_TOO_HIGH + ": " + refusal)));
            }
            if (force) {
                LOG.warn("policy load #{} ({}): version {} goes live without the impact gate (forced)", number,
                        trigger, next.version());
            }
        }
        // The replaced set is not closed: decisions still running on it finish there, then it is garbage.
        service.replace(next);
        onLoaded.accept(next);
        LOG.debug("policy load #{}: version {} runs as {}", number, next.version(), next.build());
        return record(new ReloadStatus(number, clock.instant(), trigger, ReloadStatus.LOADED, next.version(),
                next.version(), source.describe(), List.of()));
    }

    /**
     * Records that {@code set} went live by promotion from a candidate (the swap itself is the promoter's), so that
     * the status names the version that is live and where it came from.
     *
     * @param set the set now live
     * @param from where the candidate came from
     * @return the status recorded
     */
    public ReloadStatus promoted(PolicySet set, String from) {
        return record(new ReloadStatus(attempts.incrementAndGet(), clock.instant(), "promote (candidate)",
                ReloadStatus.LOADED, set.version(), set.version(), from, List.of()));
    }

    private ReloadStatus record(ReloadStatus status) {
        last.set(status);
        if (status.rejected()) {
            LOG.warn("policy load #{} ({}) REJECTED; {}:\n  {}", status.attempt(), status.trigger(),
                    status.liveVersion() == null ? "nothing is serving yet"
                            : "version " + status.liveVersion() + " keeps serving",
                    String.join("\n  ", status.problems()));
        } else {
            LOG.info("policy load #{} ({}): {} version {} from {}", status.attempt(), status.trigger(),
                    status.outcome(), status.liveVersion(), status.source());
        }
        return status;
    }

    /** Lets an attempt under way finish (interrupting Drools mid-build leaves half-loaded classes), then stops. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
