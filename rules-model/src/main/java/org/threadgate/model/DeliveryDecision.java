package org.threadgate.model;

import java.time.Instant;
import java.util.List;

/**
 * The answer for one recipient. DELIVER means no reason at all. {@code retryAt} is set only when every reason is
 * time-bound (otherwise {@code null}). {@code firedRules} names every rule that fired for this recipient, for
 * explanation.
 */
public record DeliveryDecision(String personId, DeliveryOutcome outcome, List<Reason> reasons, Instant retryAt,
                               String policyVersion, Instant evaluatedAt, List<String> firedRules) {
    /**
     * Copies the lists and checks that the outcome is DELIVER exactly when there is no reason.
     *
     * @param personId      the person's id
     * @param outcome       the outcome
     * @param reasons       every violated policy, ordered by code
     * @param retryAt       when it lifts on the same facts, or {@code null}
     * @param policyVersion the version of the policy set that decided
     * @param evaluatedAt   the instant decided for
     * @param firedRules    the names of the rules that fired
     */
    public DeliveryDecision {
        Checks.required(outcome, "outcome");
        reasons = List.copyOf(reasons);
        firedRules = List.copyOf(firedRules);
        if ((outcome == DeliveryOutcome.DELIVER) != reasons.isEmpty()) {
            throw new IllegalArgumentException("DELIVER if and only if there is no reason: " + outcome + " " + reasons);
        }
    }
}
