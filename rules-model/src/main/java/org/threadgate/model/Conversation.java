package org.threadgate.model;

import java.time.Instant;
import java.util.Optional;

/**
 * The thread between a business and a person (JSON field {@code thread}). {@code lastPersonInteractionAt} is the
 * latest of the person's own actions in it (a message, a button tap, a reaction, arriving through a ref link); it is
 * {@code null} when the person never interacted, as in a thread the business started alone. A business's own message
 * is not an interaction.
 */
public record Conversation(String businessId, String personId, Instant lastPersonInteractionAt) {
    public Conversation {
        Checks.id(businessId, "thread.businessId");
        Checks.id(personId, "thread.personId");
    }

    /** The person's last interaction, empty when they never interacted. */
    public Optional<Instant> lastInteraction() {
        return Optional.ofNullable(lastPersonInteractionAt);
    }
}
