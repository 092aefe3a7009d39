package org.threadgate.facade.authoring;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.threadgate.engine.PolicySet;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.PolicyLoadException;

/**
 * A policy directory kept live in a service, as {@code serve --rules DIR} does it: loaded now, then watched; a change
 * goes live only when it compiles, passes the lint and passes its own cases (otherwise the version in use keeps
 * serving and {@link #status()} says why). Closing stops the watching, not the service.
 */
public final class PolicyDirectory implements AutoCloseable {
    /** How long a burst of file changes must be quiet before it is reloaded. */
    public static final Duration SETTLE = Duration.ofMillis(100);

    private final PolicyReloader reloader;
    private final DirectoryWatcher watcher;

    private PolicyDirectory(PolicyReloader reloader, DirectoryWatcher watcher) {
        this.reloader = reloader;
        this.watcher = watcher;
    }

    /**
     * Loads {@code dir} into {@code service} now and watches it from then on.
     *
     * @param service  the service whose live set the directory replaces
     * @param dir      the policy directory (rule files, {@code settings.yaml}, {@code tests/})
     * @param onLoaded told of each set after it went live (for example to publish its version); may do nothing
     * @return the watch, to close when the directory should no longer be followed
     * @throws PolicyLoadException when the directory cannot go live now (nothing is watched then)
     * @throws IOException         when the directory cannot be watched
     */
    public static PolicyDirectory watch(DeliveryPolicyService service, Path dir, Consumer<PolicySet> onLoaded)
            throws IOException {
        PolicyReloader reloader = new PolicyReloader(PolicyReloader.directory(dir), service, Clock.systemUTC(),
                onLoaded);
        ReloadStatus first = reloader.loadNow("startup");
        if (first.rejected()) {
            reloader.close();
            throw new PolicyLoadException(dir.toString(), first.problems());
        }
        try {
            return new PolicyDirectory(reloader, new DirectoryWatcher(dir, SETTLE, reloader::prepare,
                    () -> reloader.request("file change")));
        } catch (IOException | RuntimeException e) {
            reloader.close();
            throw e;
        }
    }

    /** @return the last load attempt: its outcome, the version live after it, and its problems */
    public ReloadStatus status() {
        return reloader.status();
    }

    /**
     * Reloads now, as a file change would.
     *
     * @return the attempt's status once it is done
     */
    public CompletableFuture<ReloadStatus> reload() {
        return reloader.request("reload");
    }

    /** Stops watching; the set that is live stays live. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // the watch service is gone either way
        }
        reloader.close();
    }
}
