package org.threadgate.model;

/**
 * An advertiser. {@code sponsoredMessagesEnabled} is its place in the gradual rollout: only enabled businesses may
 * send sponsored messages.
 */
public record Business(String id, boolean sponsoredMessagesEnabled) {
    public Business {
        Checks.id(id, "business.id");
    }
}
