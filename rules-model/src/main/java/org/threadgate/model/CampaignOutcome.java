package org.threadgate.model;

/** Whether a business may run a sponsored-message campaign. */
public enum CampaignOutcome {
    APPROVE, REJECT
}
