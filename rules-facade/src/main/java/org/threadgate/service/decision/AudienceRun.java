package org.threadgate.service.decision;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

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
     * Starts a run; {@link org.threadgate.service.DeliveryPolicyService#audience} is the usual way.
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
        // The engine reads recipients and hands decisions back in the same order, both on this thread.
        ArrayDeque<Recipient> awaiting = new ArrayDeque<>();
        Iterator<Recipient> remembered = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return recipients.hasNext();
            }

            @Override
            public Recipient next() {
                Recipient next = recipients.next();
                awaiting.add(next);
                return next;
            }
        };
        pinned.decideAudience(campaign, remembered, decision -> {
            Decided.Delivery d = new Decided.Delivery(ids.get(), origin,
                    new DeliveryRequest(campaign, awaiting.removeFirst()), decision, 0);
            observers.decided(d);
            decided++;
            sink.accept(d);
        });
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
