package org.threadgate.facade.decision;

import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;

/**
 * One decision the service made, as its observers see it: its id, how it was asked, the complete facts the rules saw
 * (for a decision by reference, the facts read from the ledger), and the decision with its policy version.
 */
public sealed interface Decided {
    /**
     * The decision's id.
     *
     * @return unique per decision, also for each line of a batch
     */
    String decisionId();

    /**
     * How the decision was asked for.
     *
     * @return the origin
     */
    Origin origin();

    /**
     * The version of the policy set that decided.
     *
     * @return the version
     */
    String policyVersion();

    /**
     * Time spent evaluating a single decision; 0 for a line of a batch or stream (see the batch's end).
     *
     * @return nanoseconds
     */
    long nanos();

    /** Whether a sponsored message may land in one person's thread. */
    record Delivery(String decisionId, Origin origin, DeliveryRequest request, DeliveryDecision decision,
                    long nanos) implements Decided {
        @Override
        public String policyVersion() {
            return decision.policyVersion();
        }
    }

    /** Whether a business may run a campaign. */
    record Campaign(String decisionId, Origin origin, CampaignRequest request, CampaignDecision decision,
                    long nanos) implements Decided {
        @Override
        public String policyVersion() {
            return decision.policyVersion();
        }
    }
}
