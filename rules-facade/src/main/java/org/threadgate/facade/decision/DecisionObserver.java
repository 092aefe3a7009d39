package org.threadgate.facade.decision;

/**
 * Sees every decision the service makes, whatever the interface or form: metrics are one observer, a decision log or
 * a shadow evaluation others. Called on the deciding thread, after the decision and before it is answered; an
 * observer must be fast and thread-safe, and must not throw (what it throws is logged and dropped).
 */
public interface DecisionObserver {
    /**
     * One decision was made.
     *
     * @param decided the decision with its id, origin and facts
     */
    void decided(Decided decided);

    /**
     * A batch or audience stream ended after {@code decisions} decisions, each of which was observed before.
     *
     * @param origin the batch's origin, with its batch id
     * @param policyVersion the version that decided it
     * @param decisions how many decisions it made
     * @param nanos how long the whole batch took
     */
    default void batchEnded(Origin origin, String policyVersion, long decisions, long nanos) {
    }
}
