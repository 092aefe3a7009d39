package org.threadgate.model;

import java.time.Instant;

/** May this campaign's message land in this person's thread, at this instant? */
public record DeliveryRequest(CampaignRequest campaign, Recipient recipient) {
    public DeliveryRequest {
        Checks.required(campaign, "campaign");
        Checks.required(recipient, "recipient").requireBusiness(campaign.business().id());
    }

    public Instant at() {
        return campaign.at();
    }
}
