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
    public DeliveryDecision {
        Checks.required(outcome, "outcome");
        reasons = List.copyOf(reasons);
        firedRules = List.copyOf(firedRules);
        if ((outcome == DeliveryOutcome.DELIVER) != reasons.isEmpty()) {
            throw new IllegalArgumentException("DELIVER if and only if there is no reason: " + outcome + " " + reasons);
        }
    }
}
