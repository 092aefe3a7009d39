package org.threadgate.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the ledger knows of one thread, folded from its events. Folding is order-independent and idempotent: the last
 * interaction is the latest interaction's {@code occurredAt}; of BLOCK and UNBLOCK (and of MESSAGES_OFF and
 * MESSAGES_ON) the one with the later {@code occurredAt} wins, and at the same instant the restrictive one (BLOCK,
 * MESSAGES_OFF) wins, so that a tie never lets a message through; the person's time zone is the latest
 * PERSON_PROFILE's (at the same instant, the greater zone id, so that any order gives one answer).
 *
 * <p>The delivery history keeps, of the SPONSORED_MESSAGE events, the deliveries within {@code retention} of the
 * newest one (what a frequency cap can still count; at most {@link #MAX_DELIVERIES}) and the latest delivery of each
 * campaign (what "one campaign once" needs; of at most {@link #MAX_DELIVERIES} campaigns), newest first. Deliveries
 * are told apart by campaign and instant.
 *
 * <p>Instants may be {@code null}: no interaction yet, no business message yet, never blocked or unblocked, no
 * profile yet.
 *
 * @param businessId              the business
 * @param personId                the person
 * @param lastPersonInteractionAt the person's last interaction, or {@code null}
 * @param lastBusinessMessageAt   the business's last message, or {@code null}
 * @param blocked                 whether the person blocked the business
 * @param blockChangedAt          when the block state last changed, or {@code null}
 * @param messagesOff             whether the person turned messages off
 * @param messagesChangedAt       when the messages state last changed, or {@code null}
 * @param timeZone                the person's time zone, or {@code null} when not reported
 * @param timeZoneChangedAt       when it was reported, or {@code null}
 * @param deliveries              the delivery history, newest first
 */
public record ThreadState(String businessId, String personId, Instant lastPersonInteractionAt,
                          Instant lastBusinessMessageAt, boolean blocked, Instant blockChangedAt,
                          boolean messagesOff, Instant messagesChangedAt, ZoneId timeZone,
                          Instant timeZoneChangedAt, List<SponsoredDelivery> deliveries) {
    /** The most deliveries a thread keeps within the retention, and the most campaigns it keeps the latest of. */
    public static final int MAX_DELIVERIES = 64;
    /** The longest retention of the delivery history, whatever the policies' windows. */
    public static final Duration MAX_RETENTION = Duration.ofDays(30);

    /**
     * Checks that the ids are non-blank and copies the history.
     *
     * @param businessId              the business's id
     * @param personId                the person's id
     * @param lastPersonInteractionAt the person's last interaction, or {@code null} for none
     * @param lastBusinessMessageAt   the business's last message, or {@code null}
     * @param blocked                 whether the person blocked the business
     * @param blockChangedAt          when the block state last changed, or {@code null}
     * @param messagesOff             whether the person turned messages off
     * @param messagesChangedAt       when the messages state last changed, or {@code null}
     * @param timeZone                the person's time zone, or {@code null}
     * @param timeZoneChangedAt       when it was reported, or {@code null}
     * @param deliveries              the delivery history; {@code null} reads as none
     */
    public ThreadState {
        Checks.id(businessId, "businessId");
        Checks.id(personId, "personId");
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    /**
     * A state with no profile and no delivery history.
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
    public ThreadState(String businessId, String personId, Instant lastPersonInteractionAt,
                       Instant lastBusinessMessageAt, boolean blocked, Instant blockChangedAt, boolean messagesOff,
                       Instant messagesChangedAt) {
        this(businessId, personId, lastPersonInteractionAt, lastBusinessMessageAt, blocked, blockChangedAt,
                messagesOff, messagesChangedAt, null, null, List.of());
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
     * Folds one more event in, keeping deliveries for {@link #MAX_RETENTION}. Applying events in any order, or the
     * same event twice, gives the same state.
     *
     * @param event an event of this thread
     * @return the new state
     * @throws IllegalArgumentException when the event is for another business or person
     */
    public ThreadState apply(MessagingEvent event) {
        return apply(event, MAX_RETENTION);
    }

    /**
     * Folds one more event in. Applying events in any order, or the same event twice, gives the same state.
     *
     * @param event     an event of this thread
     * @param retention how far back from the newest delivery the history keeps every delivery (capped at
     *                  {@link #MAX_RETENTION})
     * @return the new state
     * @throws IllegalArgumentException when the event is for another business or person
     */
    public ThreadState apply(MessagingEvent event, Duration retention) {
        if (!event.businessId().equals(businessId) || !event.personId().equals(personId)) {
            throw new IllegalArgumentException("event " + event.eventId() + " is for " + event.businessId() + "/"
                    + event.personId() + ", not " + businessId + "/" + personId);
        }
        Instant at = event.occurredAt();
        if (event.type().interaction()) {
            return with(later(lastPersonInteractionAt, at), lastBusinessMessageAt, blocked, blockChangedAt,
                    messagesOff, messagesChangedAt, timeZone, timeZoneChangedAt, deliveries);
        }
        return switch (event.type()) {
            case BUSINESS_MESSAGE -> with(lastPersonInteractionAt, later(lastBusinessMessageAt, at), blocked,
                    blockChangedAt, messagesOff, messagesChangedAt, timeZone, timeZoneChangedAt, deliveries);
            case BLOCK, UNBLOCK -> {
                Toggle block = Toggle.fold(blocked, blockChangedAt, event.type() == EventType.BLOCK, at);
                yield with(lastPersonInteractionAt, lastBusinessMessageAt, block.on(), block.changedAt(),
                        messagesOff, messagesChangedAt, timeZone, timeZoneChangedAt, deliveries);
            }
            case MESSAGES_OFF, MESSAGES_ON -> {
                Toggle off = Toggle.fold(messagesOff, messagesChangedAt, event.type() == EventType.MESSAGES_OFF, at);
                yield with(lastPersonInteractionAt, lastBusinessMessageAt, blocked, blockChangedAt, off.on(),
                        off.changedAt(), timeZone, timeZoneChangedAt, deliveries);
            }
            case PERSON_PROFILE -> {
                boolean newer = timeZoneChangedAt == null || at.isAfter(timeZoneChangedAt)
                        || at.equals(timeZoneChangedAt) && event.timeZone().getId().compareTo(timeZone.getId()) > 0;
                yield newer ? with(lastPersonInteractionAt, lastBusinessMessageAt, blocked, blockChangedAt,
                        messagesOff, messagesChangedAt, event.timeZone(), at, deliveries) : this;
            }
            case SPONSORED_MESSAGE -> {
                List<SponsoredDelivery> all = new ArrayList<>(deliveries);
                all.add(new SponsoredDelivery(personId, event.campaignId(), at));
                yield with(lastPersonInteractionAt, lastBusinessMessageAt, blocked, blockChangedAt, messagesOff,
                        messagesChangedAt, timeZone, timeZoneChangedAt, kept(all, retention));
            }
            default -> throw new IllegalStateException("unhandled event type " + event.type());
        };
    }

    /**
     * The history a thread keeps of {@code all}: newest first, without repeats, the newest {@link #MAX_DELIVERIES}
     * deliveries within {@code retention} of the newest one, and the latest delivery of each of the
     * {@link #MAX_DELIVERIES} campaigns delivered most recently. Both parts depend only on the set of deliveries, and
     * what either drops can never belong to it again as deliveries are added, which is what makes the fold
     * order-independent.
     *
     * @param all       deliveries in any order, repeats allowed
     * @param retention the window kept in full (capped at {@link #MAX_RETENTION})
     * @return the kept history
     */
    public static List<SponsoredDelivery> kept(Collection<SponsoredDelivery> all, Duration retention) {
        Duration window = retention.compareTo(MAX_RETENTION) > 0 ? MAX_RETENTION : retention;
        List<SponsoredDelivery> sorted = new ArrayList<>(new LinkedHashSet<>(all));
        sorted.sort(Comparator.comparing(SponsoredDelivery::deliveredAt).reversed()
                .thenComparing(SponsoredDelivery::campaignId));
        if (sorted.isEmpty()) {
            return List.of();
        }
        Instant oldestKept = sorted.get(0).deliveredAt().minus(window);
        Set<String> campaigns = new HashSet<>();
        int inWindow = 0;
        List<SponsoredDelivery> kept = new ArrayList<>();
        for (SponsoredDelivery d : sorted) {
            boolean windowPart = inWindow < MAX_DELIVERIES && oldestKept.isBefore(d.deliveredAt());
            boolean campaignPart = campaigns.size() < MAX_DELIVERIES && campaigns.add(d.campaignId());
            if (windowPart) {
                inWindow++;
            }
            if (windowPart || campaignPart) {
                kept.add(d);
            }
        }
        return List.copyOf(kept);
    }

    private ThreadState with(Instant lastInteraction, Instant lastBusinessMessage, boolean blocked,
                             Instant blockChangedAt, boolean messagesOff, Instant messagesChangedAt, ZoneId zone,
                             Instant zoneChangedAt, List<SponsoredDelivery> deliveries) {
        return new ThreadState(businessId, personId, lastInteraction, lastBusinessMessage, blocked, blockChangedAt,
                messagesOff, messagesChangedAt, zone, zoneChangedAt, deliveries);
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
     * The thread, blocks, time zone and delivery history as the policies see them.
     *
     * @return the recipient, with a block for each of blocked and messages off
     */
    public Recipient toRecipient() {
        return toRecipient(List.of());
    }

    /**
     * The thread as a recipient's facts, with the person's deliveries from every business (for the person cap).
     *
     * @param personDeliveries the person's deliveries from all businesses
     * @return the recipient
     */
    public Recipient toRecipient(List<PersonDelivery> personDeliveries) {
        List<Block> blocks = new ArrayList<>(2);
        if (blocked) {
            blocks.add(new Block(personId, businessId, BlockKind.BLOCKED_BUSINESS, blockChangedAt));
        }
        if (messagesOff) {
            blocks.add(new Block(personId, businessId, BlockKind.MESSAGES_TURNED_OFF, messagesChangedAt));
        }
        return new Recipient(new Person(personId, timeZone, personDeliveries),
                new Conversation(businessId, personId, lastPersonInteractionAt), blocks, deliveries);
    }

    /**
     * A person's deliveries from every business, as their threads keep them (each thread its business's), newest
     * first, at most {@link Person#MAX_RECENT_DELIVERIES}.
     *
     * @param threads the person's threads
     * @return the deliveries
     */
    public static List<PersonDelivery> personDeliveries(java.util.Collection<ThreadState> threads) {
        List<PersonDelivery> all = new ArrayList<>();
        for (ThreadState thread : threads) {
            for (SponsoredDelivery delivery : thread.deliveries) {
                all.add(new PersonDelivery(thread.businessId, delivery.campaignId(), delivery.deliveredAt()));
            }
        }
        return PersonDelivery.newestFirst(all);
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
