package org.threadgate.model;

/**
 * An advertiser. {@code sponsoredMessagesEnabled} is its place in the gradual rollout: only enabled businesses may
 * send sponsored messages.
 */
public record Business(String id, boolean sponsoredMessagesEnabled) {
    /**
     * Checks that the id is non-blank; the message names the field.
     *
     * @param id                       the id, non-blank
     * @param sponsoredMessagesEnabled whether the business is in the sponsored-messages rollout
     */
    public Business {
        Checks.id(id, "business.id");
    }
}
