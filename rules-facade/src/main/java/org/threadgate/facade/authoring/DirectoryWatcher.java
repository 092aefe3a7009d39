package org.threadgate.facade.authoring;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a policy directory (and its sub-directories) and calls back once a burst of changes has settled: an editor
 * saving in steps or a {@code git checkout} touching many files makes one reload, not many.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Path root;
    private final Duration quiet;
    private final Runnable onChange;
    private final Runnable onBurst;
    private final WatchService watcher;
    private final Thread thread;

    /**
     * Watches {@code root} and its subfolders, running {@code onChange} once each burst of changes has settled.
     *
     * @param root the directory
     * @param quiet how long no change must arrive for a burst to have settled
     * @param onChange run on the watcher's thread
     * @throws IOException when the directory cannot be watched
     */
    public DirectoryWatcher(Path root, Duration quiet, Runnable onChange) throws IOException {
        this(root, quiet, () -> { }, onChange);
    }

    /**
     * {@code onBurst} runs when the first change of a burst arrives, {@code onChange} once the burst has settled.
     *
     * @param root the directory, watched with its subfolders
     * @param quiet how long no change must arrive for a burst to have settled
     * @param onBurst run on the watcher's thread at a burst's first change
     * @param onChange run on the watcher's thread once the burst has settled
     * @throws IOException when the directory cannot be watched
     */
    public DirectoryWatcher(Path root, Duration quiet, Runnable onBurst, Runnable onChange) throws IOException {
        this.root = root;
        this.quiet = quiet;
        this.onBurst = onBurst;
        this.onChange = onChange;
        this.watcher = FileSystems.getDefault().newWatchService();
        registerTree(root);
        this.thread = new Thread(this::run, "policy-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                boolean relevant = drain(watcher.take());
                if (relevant) {
                    onBurst.run();
                }
                // settle: keep absorbing events until none has come for the quiet period
                WatchKey next;
                while ((next = watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    boolean more = drain(next);
                    if (more && !relevant) {
                        onBurst.run();
                    }
                    relevant |= more;
                }
                if (relevant) {
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Handles one key's events; true when a policy file (or a folder that may hold some) changed. */
    private boolean drain(WatchKey key) {
        boolean relevant = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path changed = dir.resolve((Path) event.context());
            String name = changed.getFileName().toString();
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                try {
                    registerTree(changed);
                } catch (IOException e) {
                    LOG.warn("cannot watch new folder {}: {}", changed, e.getMessage());
                }
                relevant = true;
            } else if (name.endsWith(".drl") || name.endsWith(".yaml") || name.endsWith(".yml")
                    || event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }

    @Override
    public String toString() {
        return "DirectoryWatcher[" + root + "]";
    }
}
