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
    /**
     * Checks that the ids are non-blank; the message names the field.
     *
     * @param businessId              the business's id
     * @param personId                the person's id
     * @param lastPersonInteractionAt the person's last interaction, or {@code null} for none
     */
    public Conversation {
        Checks.id(businessId, "thread.businessId");
        Checks.id(personId, "thread.personId");
    }

    /**
     * The person's last interaction.
     *
     * @return the instant, empty when they never interacted
     */
    public Optional<Instant> lastInteraction() {
        return Optional.ofNullable(lastPersonInteractionAt);
    }
}
