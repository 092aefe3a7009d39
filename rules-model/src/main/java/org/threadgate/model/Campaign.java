package org.threadgate.model;

/**
 * A sponsored-message campaign of one business. {@code audienceSize} is the number of people in its custom audience,
 * which is built from the business's open conversations.
 */
public record Campaign(String id, String businessId, Objective objective, int audienceSize) {
    /**
     * Checks the ids, the objective and that the audience size is not negative; messages name the field.
     *
     * @param id           the id, non-blank
     * @param businessId   the business's id
     * @param objective    the advertising objective
     * @param audienceSize people in the custom audience, 0 or more
     */
    public Campaign {
        Checks.id(id, "campaign.id");
        Checks.id(businessId, "campaign.businessId");
        Checks.required(objective, "campaign.objective");
        if (audienceSize < 0) {
            throw new IllegalArgumentException("campaign.audienceSize must be 0 or more, was " + audienceSize);
        }
    }
}
