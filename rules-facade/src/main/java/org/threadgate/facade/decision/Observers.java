package org.threadgate.facade.decision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The observers of one service; a failing observer is logged and never fails the decision. */
public final class Observers {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);
    private final List<DecisionObserver> list = new CopyOnWriteArrayList<>();

    /**
     * Adds an observer.
     *
     * @param observer told of every decision from now on
     */
    public void add(DecisionObserver observer) {
        list.add(observer);
    }

    /**
     * True when nobody observes: a caller that needs no decision id may then skip making one.
     *
     * @return whether there is no observer
     */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * Tells every observer of a decision.
     *
     * @param decided the decision
     */
    public void decided(Decided decided) {
        for (DecisionObserver observer : list) {
            try {
                observer.decided(decided);
            } catch (RuntimeException e) {
                LOG.error("decision observer {} failed on decision {}", observer, decided.decisionId(), e);
            }
        }
    }

    /**
     * Tells every observer that a batch ended.
     *
     * @param origin the batch's origin
     * @param policyVersion the version that decided it
     * @param decisions how many decisions it made
     * @param nanos how long it took
     */
    public void batchEnded(Origin origin, String policyVersion, long decisions, long nanos) {
        for (DecisionObserver observer : list) {
            try {
                observer.batchEnded(origin, policyVersion, decisions, nanos);
            } catch (RuntimeException e) {
                LOG.error("decision observer {} failed at the end of batch {}", observer, origin.batchId(), e);
            }
        }
    }
}
