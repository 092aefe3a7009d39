package org.threadgate.model;

import java.time.Instant;

/** May this business run this campaign, at this instant? */
public record CampaignRequest(Instant at, Business business, Campaign campaign) {
    /**
     * Checks that every part is given and that the campaign belongs to the business.
     *
     * @param at       the instant to decide for
     * @param business the business
     * @param campaign the campaign
     */
    public CampaignRequest {
        Checks.required(at, "at");
        Checks.required(business, "business");
        Checks.required(campaign, "campaign");
        if (!campaign.businessId().equals(business.id())) {
            throw new IllegalArgumentException("campaign.businessId must equal business.id (" + business.id()
                    + "), was " + campaign.businessId());
        }
    }
}
