package org.threadgate.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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
 * Cuts an audience into chunks of {@link PolicySet#CHUNK_SIZE} distinct people, evaluates up to one chunk per core at
 * once, and hands the decisions on in input order on the caller's thread; memory stays bounded by a few chunks
 * whatever the audience size.
 */
final class AudienceScheduler {
    private static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService EVALUATORS = Executors.newFixedThreadPool(PARALLELISM, runnable -> {
        Thread thread = new Thread(runnable, "audience-evaluator");
        thread.setDaemon(true);
        return thread;
    });

    private final Function<List<Recipient>, List<DeliveryDecision>> evaluate;
    private final Consumer<DeliveryDecision> sink;
    private final ArrayDeque<Future<List<DeliveryDecision>>> inFlight = new ArrayDeque<>();

    private AudienceScheduler(Function<List<Recipient>, List<DeliveryDecision>> evaluate,
                              Consumer<DeliveryDecision> sink) {
        this.evaluate = evaluate;
        this.sink = sink;
    }

    /** Decides every recipient with {@code evaluate} (one chunk at a time) and gives each decision to {@code sink}. */
    static void run(String businessId, Iterator<Recipient> recipients,
                    Function<List<Recipient>, List<DeliveryDecision>> evaluate, Consumer<DeliveryDecision> sink) {
        new AudienceScheduler(evaluate, sink).schedule(businessId, recipients);
    }

    private void schedule(String businessId, Iterator<Recipient> recipients) {
        List<Recipient> chunk = new ArrayList<>(PolicySet.CHUNK_SIZE);
        Set<String> people = new HashSet<>();
        try {
            while (recipients.hasNext()) {
                Recipient recipient = recipients.next().requireBusiness(businessId);
                // The same person twice in one session would merge their facts: start a new chunk instead.
                if (chunk.size() == PolicySet.CHUNK_SIZE || !people.add(recipient.person().id())) {
                    submit(chunk);
                    chunk = new ArrayList<>(PolicySet.CHUNK_SIZE);
                    people.clear();
                    people.add(recipient.person().id());
                }
                chunk.add(recipient);
            }
            if (!chunk.isEmpty()) {
                if (inFlight.isEmpty()) {
                    evaluate.apply(chunk).forEach(sink); // a lone chunk (a single decision): no hand-off
                } else {
                    submit(chunk);
                }
            }
            while (!inFlight.isEmpty()) {
                drainOldest();
            }
        } finally {
            inFlight.forEach(f -> f.cancel(false));
        }
    }

    private void submit(List<Recipient> chunk) {
        if (inFlight.size() >= PARALLELISM) {
            drainOldest();
        }
        inFlight.add(EVALUATORS.submit(() -> evaluate.apply(chunk)));
    }

    private void drainOldest() {
        Future<List<DeliveryDecision>> oldest = inFlight.removeFirst();
        try {
            oldest.get().forEach(sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deciding an audience", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("audience evaluation failed", e.getCause());
        }
    }
}
