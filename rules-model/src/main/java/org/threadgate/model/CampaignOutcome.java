package org.threadgate.model;

/** Whether a business may run a sponsored-message campaign. */
public enum CampaignOutcome {
    /** No policy is violated: the campaign may run. */
    APPROVE,
    /** At least one policy is violated; the decision's reasons say which. */
    REJECT
}
