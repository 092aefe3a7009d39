package org.threadgate.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

    /**
     * A person's deliveries as a person lists them: newest first, at most {@link Person#MAX_RECENT_DELIVERIES}.
     *
     * @param deliveries the deliveries, in any order
     * @return a new list
     */
    public static List<PersonDelivery> newestFirst(List<PersonDelivery> deliveries) {
        List<PersonDelivery> sorted = new ArrayList<>(deliveries);
        sorted.sort(Comparator.comparing(PersonDelivery::deliveredAt).reversed());
        return sorted.size() > Person.MAX_RECENT_DELIVERIES
                ? new ArrayList<>(sorted.subList(0, Person.MAX_RECENT_DELIVERIES)) : sorted;
    }
}
