package org.threadgate.model;

/**
 * A sponsored-message campaign of one business. {@code audienceSize} is the number of people in its custom audience,
 * which is built from the business's open conversations.
 */
public record Campaign(String id, String businessId, Objective objective, int audienceSize) {
    public Campaign {
        Checks.id(id, "campaign.id");
        Checks.id(businessId, "campaign.businessId");
        Checks.required(objective, "campaign.objective");
        if (audienceSize < 0) {
            throw new IllegalArgumentException("campaign.audienceSize must be 0 or more, was " + audienceSize);
        }
    }
}
