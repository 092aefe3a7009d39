package org.threadgate.model;

import java.time.Instant;

/**
 * A sponsored message that reached a person from any business: the person-level history the person cap counts
 * ({@link Person#recentDeliveries()}). Today's per-thread history ({@link SponsoredDelivery}) is one business's only.
 *
 * @param businessId  the business that sent it
 * @param campaignId  its campaign
 * @param deliveredAt when it was delivered
 */
public record PersonDelivery(String businessId, String campaignId, Instant deliveredAt) {
    /**
     * Checks every field; the message names it.
     *
     * @param businessId  the business, non-blank
     * @param campaignId  the campaign, non-blank
     * @param deliveredAt the instant, required
     */
    public PersonDelivery {
        Checks.id(businessId, "person.recentDeliveries[].businessId");
        Checks.id(campaignId, "person.recentDeliveries[].campaignId");
        Checks.required(deliveredAt, "person.recentDeliveries[].deliveredAt");
    }
}
