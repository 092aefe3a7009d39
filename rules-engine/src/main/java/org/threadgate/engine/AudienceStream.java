package org.threadgate.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Recipient;

/**
 * Many delivery decisions for one campaign, recipients pushed in one at a time and decisions handed to the sink in
 * the same order, on the pushing thread. The engine cuts the recipients into chunks (each one session, with the
 * campaign-level facts inserted once), evaluates up to one chunk per core at once, and keeps memory bounded by a few
 * chunks whatever the audience size: {@link #accept} waits when that many are being evaluated. No caller knows the
 * chunk size. Not thread-safe: one thread pushes, flushes and closes.
 */
public final class AudienceStream implements AutoCloseable {
    /** How many recipients one session evaluates. */
    static final int CHUNK_SIZE = 1_000;
    private static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService EVALUATORS = Executors.newFixedThreadPool(PARALLELISM, runnable -> {
        Thread thread = new Thread(runnable, "audience-evaluator");
        thread.setDaemon(true);
        return thread;
    });

    private final String businessId;
    private final Function<List<Recipient>, List<DeliveryDecision>> evaluate;
    private final Consumer<DeliveryDecision> sink;
    private final ArrayDeque<Future<List<DeliveryDecision>>> inFlight = new ArrayDeque<>();
    private List<Recipient> chunk = new ArrayList<>();
    private final Set<String> people = new HashSet<>();
    private boolean closed;

    AudienceStream(String businessId, Function<List<Recipient>, List<DeliveryDecision>> evaluate,
                   Consumer<DeliveryDecision> sink) {
        this.businessId = businessId;
        this.evaluate = evaluate;
        this.sink = sink;
    }

    /**
     * Adds one recipient. Decisions of chunks already evaluated go to the sink now, in order; when as many chunks are
     * being evaluated as there are cores, this waits for the oldest.
     *
     * @param recipient a person of the stream's business, with their facts
     * @throws IllegalArgumentException when the recipient's facts name another business
     * @throws IllegalStateException    after {@link #close()}
     */
    public void accept(Recipient recipient) {
        if (closed) {
            throw new IllegalStateException("the audience stream is closed");
        }
        Recipient checked = recipient.requireBusiness(businessId);
        // The same person twice in one session would merge their facts: start a new chunk instead.
        if (chunk.size() == CHUNK_SIZE || !people.add(checked.person().id())) {
            submit();
            people.add(checked.person().id());
        }
        chunk.add(checked);
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            drainOldest();
        }
    }

    /**
     * Decides every recipient accepted so far and hands their decisions to the sink before returning: for a stream
     * whose input has paused (a client waiting for answers before it sends more).
     */
    public void flush() {
        if (!chunk.isEmpty() && inFlight.isEmpty()) {
            List<Recipient> lone = takeChunk();
            evaluate.apply(lone).forEach(sink); // nothing else in flight (often a single decision): no hand-off
            return;
        }
        submit();
        while (!inFlight.isEmpty()) {
            drainOldest();
        }
    }

    /** Decides what is left, hands it to the sink, and ends the stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            inFlight.forEach(f -> f.cancel(false));
        }
    }

    /** Ends the stream at once, deciding nothing more (the caller failed): what is being evaluated is abandoned. */
    public void abandon() {
        closed = true;
        chunk = new ArrayList<>();
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
    }

    private List<Recipient> takeChunk() {
        List<Recipient> taken = chunk;
        chunk = new ArrayList<>();
        people.clear();
        return taken;
    }

    private void submit() {
        if (chunk.isEmpty()) {
            return;
        }
        List<Recipient> taken = takeChunk();
        if (inFlight.size() >= PARALLELISM) {
            drainOldest();
        }
        inFlight.add(EVALUATORS.submit(() -> evaluate.apply(taken)));
    }

    private void drainOldest() {
        Future<List<DeliveryDecision>> oldest = inFlight.removeFirst();
        List<DeliveryDecision> decisions;
        try {
            decisions = oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deciding an audience", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("audience evaluation failed", e.getCause());
        }
        decisions.forEach(sink);
    }
}
