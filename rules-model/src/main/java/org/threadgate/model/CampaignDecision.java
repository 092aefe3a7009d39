package org.threadgate.model;

import java.time.Instant;
import java.util.List;

/** The answer for a campaign: APPROVE means no reason at all. */
public record CampaignDecision(String campaignId, CampaignOutcome outcome, List<Reason> reasons,
                               String policyVersion, Instant evaluatedAt, List<String> firedRules) {
    /**
     * Copies the lists and checks that the outcome is APPROVE exactly when there is no reason.
     *
     * @param campaignId    the campaign's id
     * @param outcome       the outcome
     * @param reasons       every violated policy, ordered by code
     * @param policyVersion the version of the policy set that decided
     * @param evaluatedAt   the instant decided for
     * @param firedRules    the names of the rules that fired
     */
    public CampaignDecision {
        Checks.required(outcome, "outcome");
        reasons = List.copyOf(reasons);
        firedRules = List.copyOf(firedRules);
        if ((outcome == CampaignOutcome.APPROVE) != reasons.isEmpty()) {
            throw new IllegalArgumentException("APPROVE if and only if there is no reason: " + outcome + " " + reasons);
        }
    }
}
