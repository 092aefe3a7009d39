package org.threadgate.service.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.threadgate.model.Recipient;

/**
 * Decides and writes the chunks of one streamed batch on a thread of their own, in order, while the request's thread
 * goes on reading and parsing the next lines: two stages on two cores instead of one. At most two chunks wait, so
 * memory stays bounded.
 */
final class PipelinedDecisions implements AutoCloseable {
    private static final int IN_FLIGHT = 2;

    private final NdjsonDecisionWriter out;
    private final ExecutorService decider = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "batch-decider");
        thread.setDaemon(true);
        return thread;
    });
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();

    PipelinedDecisions(NdjsonDecisionWriter out) {
        this.out = out;
    }

    /** Hands {@code chunk} (which the caller no longer touches) to the decider; with {@code flush}, sent at once. */
    void decide(List<Recipient> chunk, boolean flush) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        if (inFlight.size() >= IN_FLIGHT) {
            await(inFlight.removeFirst());
        }
        inFlight.add(decider.submit(() -> {
            try {
                out.decide(chunk, flush);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** Waits until every chunk handed on has been decided and written; then the caller may write to {@code out}. */
    NdjsonDecisionWriter drained() throws IOException {
        while (!inFlight.isEmpty()) {
            await(inFlight.removeFirst());
        }
        return out;
    }

    private static void await(Future<?> work) throws IOException {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while deciding a streamed batch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("deciding a streamed batch failed", cause);
        }
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(false));
        decider.shutdown();
    }
}
