package org.threadgate.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ledger knows of one thread, folded from its events. Folding is order-independent and idempotent: the last
 * interaction is the latest interaction's {@code occurredAt}; of BLOCK and UNBLOCK (and of MESSAGES_OFF and
 * MESSAGES_ON) the one with the later {@code occurredAt} wins, and at the same instant the restrictive one (BLOCK,
 * MESSAGES_OFF) wins, so that a tie never lets a message through.
 *
 * <p>Instants may be {@code null}: no interaction yet, no business message yet, never blocked or unblocked.
 */
public record ThreadState(String businessId, String personId, Instant lastPersonInteractionAt,
                          Instant lastBusinessMessageAt, boolean blocked, Instant blockChangedAt,
                          boolean messagesOff, Instant messagesChangedAt) {
    /**
     * Checks that the ids are non-blank.
     *
     * @param businessId              the business's id
     * @param personId                the person's id
     * @param lastPersonInteractionAt the person's last interaction, or {@code null} for none
     * @param lastBusinessMessageAt   the business's last message, or {@code null}
     * @param blocked                 whether the person blocked the business
     * @param blockChangedAt          when the block state last changed, or {@code null}
     * @param messagesOff             whether the person turned messages off
     * @param messagesChangedAt       when the messages state last changed, or {@code null}
     */
    public ThreadState {
        Checks.id(businessId, "businessId");
        Checks.id(personId, "personId");
    }

    /**
     * A thread with no event yet.
     *
     * @param businessId the business
     * @param personId   the person
     * @return the empty state
     */
    public static ThreadState empty(String businessId, String personId) {
        return new ThreadState(businessId, personId, null, null, false, null, false, null);
    }

    /**
     * Folds one more event in. Applying events in any order, or the same event twice, gives the same state.
     *
     * @param event an event of this thread
     * @return the new state
     * @throws IllegalArgumentException when the event is for another business or person
     */
    public ThreadState apply(MessagingEvent event) {
        if (!event.businessId().equals(businessId) || !event.personId().equals(personId)) {
            throw new IllegalArgumentException("event " + event.eventId() + " is for " + event.businessId() + "/"
                    + event.personId() + ", not " + businessId + "/" + personId);
        }
        Instant at = event.occurredAt();
        if (event.type().interaction()) {
            return new ThreadState(businessId, personId, later(lastPersonInteractionAt, at), lastBusinessMessageAt,
                    blocked, blockChangedAt, messagesOff, messagesChangedAt);
        }
        return switch (event.type()) {
            case BUSINESS_MESSAGE -> new ThreadState(businessId, personId, lastPersonInteractionAt,
                    later(lastBusinessMessageAt, at), blocked, blockChangedAt, messagesOff, messagesChangedAt);
            case BLOCK, UNBLOCK -> {
                Toggle block = Toggle.fold(blocked, blockChangedAt, event.type() == EventType.BLOCK, at);
                yield new ThreadState(businessId, personId, lastPersonInteractionAt, lastBusinessMessageAt,
                        block.on(), block.changedAt(), messagesOff, messagesChangedAt);
            }
            case MESSAGES_OFF, MESSAGES_ON -> {
                Toggle off = Toggle.fold(messagesOff, messagesChangedAt, event.type() == EventType.MESSAGES_OFF, at);
                yield new ThreadState(businessId, personId, lastPersonInteractionAt, lastBusinessMessageAt,
                        blocked, blockChangedAt, off.on(), off.changedAt());
            }
            default -> throw new IllegalStateException("unhandled event type " + event.type());
        };
    }

    /**
     * Whether the person is in the business's custom audience.
     *
     * @return true for an open thread that is neither blocked nor has messages turned off
     */
    public boolean audienceMember() {
        return lastPersonInteractionAt != null && !blocked && !messagesOff;
    }

    /**
     * The thread and blocks as the policies see them.
     *
     * @return the recipient, with a block for each of blocked and messages off
     */
    public Recipient toRecipient() {
        List<Block> blocks = new ArrayList<>(2);
        if (blocked) {
            blocks.add(new Block(personId, businessId, BlockKind.BLOCKED_BUSINESS, blockChangedAt));
        }
        if (messagesOff) {
            blocks.add(new Block(personId, businessId, BlockKind.MESSAGES_TURNED_OFF, messagesChangedAt));
        }
        return new Recipient(new Person(personId), new Conversation(businessId, personId, lastPersonInteractionAt),
                blocks);
    }

    /** An on/off state that the latest event sets; at the same instant "on" (the restrictive side) wins. */
    private record Toggle(boolean on, Instant changedAt) {
        static Toggle fold(boolean on, Instant changedAt, boolean eventOn, Instant at) {
            if (changedAt == null || at.isAfter(changedAt)) {
                return new Toggle(eventOn, at);
            }
            if (at.equals(changedAt)) {
                return new Toggle(on || eventOn, at);
            }
            return new Toggle(on, changedAt);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
