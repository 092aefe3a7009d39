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
     * Every fact the policies see for this recipient, in the order the engine inserts them: the person, the thread
     * (when there is one), each block and each recent delivery. A new per-recipient fact is added here, and the
     * engine inserts it without knowing what it is.
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
