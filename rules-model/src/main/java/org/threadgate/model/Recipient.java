package org.threadgate.model;

import java.util.List;

/**
 * One person of an audience with what is known of their thread with the business. {@code conversation} is
 * {@code null} when there is no thread at all; {@code recentDeliveries} is the business's sponsored messages that
 * reached the person and that a policy could still count (empty when none or not known).
 */
public record Recipient(Person person, Conversation conversation, List<Block> blocks,
                        List<SponsoredDelivery> recentDeliveries) {
    /**
     * Copies the blocks and checks that the thread and blocks are the person's own.
     *
     * @param person       the person
     * @param conversation the thread, or {@code null} when there is none
     * @param blocks       the person's blocks on the business; {@code null} reads as none
     * @param recentDeliveries the person's recent sponsored deliveries from the business; {@code null} reads as none
     */
    public Recipient {
        Checks.required(person, "person");
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        recentDeliveries = recentDeliveries == null ? List.of() : List.copyOf(recentDeliveries);
        for (SponsoredDelivery delivery : recentDeliveries) {
            if (!delivery.personId().equals(person.id())) {
                throw new IllegalArgumentException("recentDeliveries[].personId must equal person.id ("
                        + person.id() + "), was " + delivery.personId());
            }
        }
        if (conversation != null && !conversation.personId().equals(person.id())) {
            throw new IllegalArgumentException("thread.personId must equal person.id (" + person.id() + "), was "
                    + conversation.personId());
        }
        for (Block block : blocks) {
            if (!block.personId().equals(person.id())) {
                throw new IllegalArgumentException("blocks[].personId must equal person.id (" + person.id()
                        + "), was " + block.personId());
            }
        }
    }

    /**
     * A recipient with no delivery history.
     *
     * @param person       the person
     * @param conversation the thread, or {@code null} when there is none
     * @param blocks       the person's blocks on the business; {@code null} reads as none
     */
    public Recipient(Person person, Conversation conversation, List<Block> blocks) {
        this(person, conversation, blocks, List.of());
    }

    /**
     * The person's last interaction in the thread: {@code null} when there is no thread or the person never
     * interacted in it (the thread is not open). Rules read it as {@code lastInteractionAt}.
     *
     * @return the instant, or {@code null}
     */
    public java.time.Instant lastInteractionAt() {
        return conversation == null ? null : conversation.lastPersonInteractionAt();
    }

    /**
     * Whether the person has a block of this kind on the business (whatever its since).
     *
     * @param kind the kind of block
     * @return true when one is listed
     */
    public boolean hasBlock(BlockKind kind) {
        for (Block block : blocks) {
            if (block.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /**
     * The earliest of the person's recent deliveries of a campaign (the first listed of equally early ones).
     *
     * @param campaignId the campaign
     * @return the delivery, or {@code null} when none is listed
     */
    public SponsoredDelivery firstDelivery(String campaignId) {
        SponsoredDelivery first = null;
        for (SponsoredDelivery delivery : recentDeliveries) {
            if (delivery.campaignId().equals(campaignId)
                    && (first == null || delivery.deliveredAt().isBefore(first.deliveredAt()))) {
                first = delivery;
            }
        }
        return first;
    }

    /**
     * The per-recipient facts of the first fact contract, in the order the engine inserts them for rule files that
     * match on them: the person, the thread (when there is one), each block and each recent delivery. Rule files
     * written since match on the recipient itself, one fact carrying all of these.
     *
     * @return the facts
     */
    public List<Object> facts() {
        List<Object> facts = new java.util.ArrayList<>(2 + blocks.size() + recentDeliveries.size());
        facts.add(person);
        if (conversation != null) {
            facts.add(conversation);
        }
        facts.addAll(blocks);
        facts.addAll(recentDeliveries);
        return facts;
    }

    /**
     * Fails, naming the field, unless this recipient's thread and blocks are with {@code businessId}.
     *
     * @param businessId the business of the request
     * @return this recipient
     * @throws IllegalArgumentException when a thread or block is with another business
     */
    public Recipient requireBusiness(String businessId) {
        if (conversation != null && !conversation.businessId().equals(businessId)) {
            throw new IllegalArgumentException("thread.businessId must equal business.id (" + businessId + "), was "
                    + conversation.businessId());
        }
        for (Block block : blocks) {
            if (!block.businessId().equals(businessId)) {
                throw new IllegalArgumentException("blocks[].businessId must equal business.id (" + businessId
                        + "), was " + block.businessId());
            }
        }
        return this;
    }
}
