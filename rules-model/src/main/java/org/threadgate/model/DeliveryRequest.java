package org.threadgate.model;

import java.time.Instant;

/** May this campaign's message land in this person's thread, at this instant? */
public record DeliveryRequest(CampaignRequest campaign, Recipient recipient) {
    /**
     * Checks that both parts are given and that the recipient's thread and blocks are with the business.
     *
     * @param campaign  the campaign
     * @param recipient the recipient
     */
    public DeliveryRequest {
        Checks.required(campaign, "campaign");
        Checks.required(recipient, "recipient").requireBusiness(campaign.business().id());
    }

    /**
     * The instant the decision is made for.
     *
     * @return the campaign request's {@code at}
     */
    public Instant at() {
        return campaign.at();
    }
}
