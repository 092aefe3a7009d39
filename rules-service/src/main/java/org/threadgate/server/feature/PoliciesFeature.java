package org.threadgate.server.feature;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.facade.authoring.DirectoryWatcher;
import org.threadgate.facade.authoring.PolicyDirectory;
import org.threadgate.server.http.PolicyEndpoints;

/**
 * The live policies over HTTP (what is live, the last load attempt, reload on request) and, for a policy directory,
 * its watcher: a settled burst of file changes makes one reload, which goes live only if it passes every check.
 */
public final class PoliciesFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(PoliciesFeature.class);

    private final Path watched;
    private DirectoryWatcher watcher;

    private PoliciesFeature(Path watched) {
        this.watched = watched;
    }

    /** The bundled set: nothing to watch. */
    public static PoliciesFeature bundled() {
        return new PoliciesFeature(null);
    }

    /** A policy directory, watched for changes. */
    public static PoliciesFeature watching(Path dir) {
        return new PoliciesFeature(dir);
    }

    @Override
    public String describe() {
        return watched == null ? "policies: the bundled set" : "policies: " + watched + " (watching for changes)";
    }

    @Override
    public void install(Assembly server) throws IOException {
        new PolicyEndpoints(server.service(), server.reloader()).addTo(server.http().table());
        if (watched != null) {
            watcher = new DirectoryWatcher(watched, PolicyDirectory.SETTLE, server.reloader()::prepare,
                    () -> server.reloader().request("file change"));
        }
    }

    @Override
    public void close() {
        stop(watcher);
    }

    /** Stops a policy directory's watcher, if there is one; the watch service is gone either way. */
    static void stop(DirectoryWatcher watcher) {
        if (watcher == null) {
            return;
        }
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing a policy directory's watcher", e);
        }
    }
}
