package org.threadgate.model;

import java.util.List;

/**
 * One person of an audience with what is known of their thread with the business. {@code conversation} is
 * {@code null} when there is no thread at all.
 */
public record Recipient(Person person, Conversation conversation, List<Block> blocks) {
    /**
     * Copies the blocks and checks that the thread and blocks are the person's own.
     *
     * @param person       the person
     * @param conversation the thread, or {@code null} when there is none
     * @param blocks       the person's blocks on the business; {@code null} reads as none
     */
    public Recipient {
        Checks.required(person, "person");
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
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
