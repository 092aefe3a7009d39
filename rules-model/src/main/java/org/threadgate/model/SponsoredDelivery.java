package org.threadgate.model;

import java.time.Instant;

/**
 * A sponsored message that was delivered to a person by the business of the evaluation: the delivery history that
 * anti-spam policies count (frequency cap, one campaign once).
 *
 * @param personId    the person it was delivered to
 * @param campaignId  the campaign it belonged to
 * @param deliveredAt when it was delivered
 */
public record SponsoredDelivery(String personId, String campaignId, Instant deliveredAt) {
    /**
     * Checks that every field is given.
     *
     * @param personId    the person's id
     * @param campaignId  the campaign's id
     * @param deliveredAt when it was delivered
     */
    public SponsoredDelivery {
        Checks.id(personId, "recentDeliveries[].personId");
        Checks.id(campaignId, "recentDeliveries[].campaignId");
        Checks.required(deliveredAt, "recentDeliveries[].deliveredAt");
    }
}
