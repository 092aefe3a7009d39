package org.threadgate.model;

import java.time.Instant;
import java.util.List;

/** The answer for a campaign: APPROVE means no reason at all. */
public record CampaignDecision(String campaignId, CampaignOutcome outcome, List<Reason> reasons,
                               String policyVersion, Instant evaluatedAt, List<String> firedRules) {
    public CampaignDecision {
        Checks.required(outcome, "outcome");
        reasons = List.copyOf(reasons);
        firedRules = List.copyOf(firedRules);
        if ((outcome == CampaignOutcome.APPROVE) != reasons.isEmpty()) {
            throw new IllegalArgumentException("APPROVE if and only if there is no reason: " + outcome + " " + reasons);
        }
    }
}
