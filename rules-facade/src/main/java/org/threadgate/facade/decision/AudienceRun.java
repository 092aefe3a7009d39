package org.threadgate.facade.decision;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import org.threadgate.engine.AudienceStream;
import org.threadgate.engine.PolicySet;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

/**
 * Many delivery decisions for one campaign as one unit (a batch, an audience stream): one policy version throughout,
 * one batch id, every decision observed. Not thread-safe: one caller feeds it chunks in order, then closes it.
 */
public final class AudienceRun implements AutoCloseable {
    private final PolicySet pinned;
    private final CampaignRequest campaign;
    private final Origin origin;
    private final Observers observers;
    private final DecisionIds ids;
    private final long start = System.nanoTime();
    private long decided;

    /**
     * Starts a run; {@link org.threadgate.facade.DeliveryPolicyService#audience} is the usual way.
     *
     * @param pinned the version every decision of the run is made by
     * @param campaign the business and campaign
     * @param origin how it was asked; the run adds a new batch id
     * @param observers told of every decision and of the end
     * @param ids where decision ids come from
     */
    public AudienceRun(PolicySet pinned, CampaignRequest campaign, Origin origin, Observers observers,
                       DecisionIds ids) {
        this.pinned = pinned;
        this.campaign = campaign;
        this.origin = origin.inBatch(ids.get());
        this.observers = observers;
        this.ids = ids;
    }

    /**
     * The version deciding this run.
     *
     * @return the pinned set's version
     */
    public String policyVersion() {
        return pinned.version();
    }

    /**
     * Decides {@code recipients}, handing each decision to {@code sink} in input order after its observers.
     *
     * @param recipients the people
     * @param sink receives each decision
     */
    public void decide(List<Recipient> recipients, Consumer<Decided.Delivery> sink) {
        decide(recipients.iterator(), sink);
    }

    /**
     * Decides every recipient the iterator yields (chunks evaluated in parallel by the engine), handing each decision
     * to {@code sink} in input order, on the caller's thread.
     *
     * @param recipients the people, read once
     * @param sink receives each decision
     */
    public void decide(Iterator<Recipient> recipients, Consumer<Decided.Delivery> sink) {
        try (Feed feed = feed(sink)) {
            while (recipients.hasNext()) {
                feed.accept(recipients.next());
            }
        }
    }

    /**
     * The push form: recipients are handed in one at a time as they arrive (lines of a request body, rows of a
     * cursor, elements of a stream job), and each decision reaches {@code sink} in the same order, on the caller's
     * thread, after the run's observers. The engine chooses how many to evaluate together.
     *
     * @param sink receives each decision
     * @return the feed, to close (or flush) when the input ends (or pauses)
     */
    public Feed feed(Consumer<Decided.Delivery> sink) {
        return new Feed(sink);
    }

    /** Recipients pushed into the run, decisions out in order; see {@link #feed}. Not thread-safe. */
    public final class Feed implements AutoCloseable {
        private final ArrayDeque<Recipient> awaiting = new ArrayDeque<>();
        private final AudienceStream stream;

        private Feed(Consumer<Decided.Delivery> sink) {
            this.stream = pinned.audience(campaign, decision -> {
                Decided.Delivery d = new Decided.Delivery(ids.get(), origin,
                        new DeliveryRequest(campaign, awaiting.removeFirst()), decision, 0);
                observers.decided(d);
                decided++;
                sink.accept(d);
            });
        }

        /**
         * Adds one recipient; decisions already made go to the sink now.
         *
         * @param recipient a person of the run's business, with their facts
         */
        public void accept(Recipient recipient) {
            awaiting.add(recipient);
            try {
                stream.accept(recipient);
            } catch (IllegalArgumentException e) {
                awaiting.removeLast();
                throw e;
            }
        }

        /** Decides every recipient added so far before returning: the input has paused. */
        public void flush() {
            stream.flush();
        }

        /** Decides what is left; the run itself stays open until it is closed. */
        @Override
        public void close() {
            stream.close();
        }

        /** Stops deciding (the input failed): recipients not decided yet are dropped. */
        public void abandon() {
            stream.abandon();
            awaiting.clear();
        }
    }

    /**
     * Decides {@code recipients} and returns the decisions in input order.
     *
     * @param recipients the people
     * @return one decision each
     */
    public List<Decided.Delivery> decide(List<Recipient> recipients) {
        List<Decided.Delivery> all = new ArrayList<>(recipients.size());
        decide(recipients, all::add);
        return all;
    }

    /** Ends the run: its observers learn how many decisions it made and how long it took. */
    @Override
    public void close() {
        observers.batchEnded(origin, pinned.version(), decided, System.nanoTime() - start);
    }
}
