package org.threadgate.facade.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.threadgate.model.Business;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.Recipient;
import org.threadgate.model.ThreadState;

/**
 * The conversation ledger, as the rest of the service sees it (the storage port): stores messaging events once each,
 * folds them into each thread's state, keeps each business's audience size, and answers the facts decisions need. A
 * write returns only once it is durable. Failures to reach the storage are {@link LedgerUnavailableException}s.
 * {@code ledger.jdbc} holds the implementation on JDBC (embedded H2 or PostgreSQL).
 */
public interface Ledger {
    /** The result of storing a batch of events. */
    record Ingested(int stored, int duplicates) {
    }

    /** A registered campaign; its audience size comes from the ledger, not from the caller. */
    record CampaignRecord(String id, String businessId, Objective objective) {
    }

    /**
     * What a decision by reference needs, read together: the campaign, its business (absent when not registered),
     * the business's audience size, the person's thread (absent when there is none, or when no person was asked) and
     * the person's deliveries from every business (the person-level cap counts them; empty when none is kept).
     */
    record CampaignFacts(CampaignRecord campaign, Optional<Business> business, int audienceSize,
                         Optional<ThreadState> thread, List<PersonDelivery> personDeliveries) {
        /**
         * Copies the deliveries.
         *
         * @param campaign         the campaign
         * @param business         its business, when registered
         * @param audienceSize     the business's audience size
         * @param thread           the person's thread with the business
         * @param personDeliveries the person's deliveries from every business ({@code null}: none)
         */
        public CampaignFacts {
            personDeliveries = personDeliveries == null ? List.of() : List.copyOf(personDeliveries);
        }

        /**
         * Facts without the person's deliveries from other businesses (a ledger that does not keep them).
         *
         * @param campaign     the campaign
         * @param business     its business, when registered
         * @param audienceSize the business's audience size
         * @param thread       the person's thread with the business
         */
        public CampaignFacts(CampaignRecord campaign, Optional<Business> business, int audienceSize,
                             Optional<ThreadState> thread) {
            this(campaign, business, audienceSize, thread,
                    thread.map(t -> ThreadState.personDeliveries(List.of(t))).orElse(List.of()));
        }
    }

    /**
     * A person's facts with one business: the thread with it, and the deliveries from every business.
     *
     * @param thread           the thread with the business, absent when there is none
     * @param personDeliveries the person's sponsored deliveries from all businesses that are kept
     */
    record PersonFacts(Optional<ThreadState> thread, List<PersonDelivery> personDeliveries) {
        /**
         * Copies the deliveries.
         *
         * @param thread           the thread with the business, absent when there is none
         * @param personDeliveries the person's sponsored deliveries from all businesses that are kept
         */
        public PersonFacts {
            personDeliveries = List.copyOf(personDeliveries);
        }

        /**
         * The recipient for a decision: the thread's facts, or a person with no thread, with the person's deliveries
         * from every business.
         *
         * @param personId the person
         * @return the recipient
         */
        public Recipient recipient(String personId) {
            return thread.map(t -> t.toRecipient(personDeliveries)).orElseGet(() -> new Recipient(
                    new Person(personId, null, personDeliveries), null, List.of()));
        }
    }

    /**
     * What {@link #decideAndRecord} did: the decision made on the locked facts, and the event recorded with it.
     *
     * @param decision what the decision function answered
     * @param recorded the event stored in the same transaction, or {@code null} when none was asked for
     * @param <D>      the decision's type
     */
    record Recorded<D>(D decision, MessagingEvent recorded) {
    }

    /**
     * Decides on the facts of one person's thread with a campaign's business and records what the decision asks for,
     * as one step: the person is locked from the read of the facts to the write of the event, so that two concurrent
     * calls for the same person see each other's deliveries, whatever the business (a frequency cap of one lets
     * exactly one through, a person cap of three exactly three), also across service instances sharing a database. A ledger that cannot do this atomically does not
     * offer it.
     *
     * @param campaignId the campaign
     * @param personId   the person
     * @param decide     decides on the facts read under the lock (absent thread: none)
     * @param toRecord   the event to record for a decision ({@code null}: nothing); it is folded into the thread
     * @param <D>        the decision's type
     * @return the decision and the recorded event
     * @throws UnknownRecordException when the campaign is not registered
     * @throws UnsupportedOperationException when this ledger cannot record atomically
     */
    default <D> Recorded<D> decideAndRecord(String campaignId, String personId,
                                            java.util.function.Function<CampaignFacts, D> decide,
                                            java.util.function.Function<D, MessagingEvent> toRecord) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot decide and record atomically");
    }

    /**
     * Stores the events that are new, all or none, and folds them into their threads.
     *
     * @param events the events
     * @return how many were new and how many already stored
     */
    Ingested ingest(List<MessagingEvent> events);

    /**
     * Registers or updates a business; true when it was new.
     *
     * @param business the business
     * @return true when it was new
     */
    boolean putBusiness(Business business);

    /**
     * Registers or updates a campaign; true when it was new.
     *
     * @param campaign the campaign; its business must be registered
     * @return true when it was new
     */
    boolean putCampaign(CampaignRecord campaign);

    /**
     * A registered business.
     *
     * @param id the business's id
     * @return the business, empty when not registered
     */
    Optional<Business> business(String id);

    /**
     * A registered campaign.
     *
     * @param id the campaign's id
     * @return the campaign, empty when not registered
     */
    Optional<CampaignRecord> campaign(String id);

    /**
     * The facts of a decision by reference in one read (one round trip on a database): empty when the campaign is
     * not registered. {@code personId} may be null for a campaign decision.
     *
     * @param campaignId the campaign
     * @param personId the person, or {@code null}
     * @return the facts
     */
    Optional<CampaignFacts> campaignFacts(String campaignId, String personId);

    /**
     * The number of people in the business's custom audience.
     *
     * @param businessId the business
     * @return open threads that are neither blocked nor turned off
     */
    int audienceSize(String businessId);

    /**
     * The stored state of one thread.
     *
     * @param businessId the business
     * @param personId the person
     * @return the state, empty when no event of the thread was stored
     */
    Optional<ThreadState> thread(String businessId, String personId);

    /**
     * The person's thread with a business and their deliveries from every business, in one read. This default reads
     * the one thread: the deliveries are that business's only.
     *
     * @param businessId the business
     * @param personId the person
     * @return the facts
     */
    default PersonFacts person(String businessId, String personId) {
        Optional<ThreadState> thread = thread(businessId, personId);
        return new PersonFacts(thread, thread.map(t -> ThreadState.personDeliveries(List.of(t))).orElse(List.of()));
    }

    /**
     * Every thread of the person, with every business, by business id: the person view. A ledger that cannot list
     * them throws {@link UnsupportedOperationException} (the service's ledger can).
     *
     * @param personId the person
     * @return the threads, empty when nothing is stored for the person
     */
    default List<ThreadState> threads(String personId) {
        throw new UnsupportedOperationException("this ledger does not list a person's threads");
    }

    /**
     * Hands every member of the business's audience to {@code each}, by person id, in bounded memory.
     *
     * @param businessId the business
     * @param each receives each member's thread
     */
    void audience(String businessId, Consumer<ThreadState> each);

    /**
     * Hands every member of the business's audience to {@code each} as a recipient, by person id, in bounded memory,
     * with the member's deliveries from every business (for the person cap). This default gives each member the
     * business's own deliveries only; a ledger that keeps every thread reads the others in the same pass, never with
     * a query per member.
     *
     * @param businessId the business
     * @param each receives each member
     */
    default void audienceRecipients(String businessId, Consumer<Recipient> each) {
        audience(businessId, thread -> each.accept(thread.toRecipient(ThreadState.personDeliveries(List.of(thread)))));
    }

    /**
     * What {@link #erase} removed.
     *
     * @param threads    the person's threads, one per business
     * @param events     the person's stored events
     * @param deliveries the sponsored deliveries those threads remembered
     * @param businesses the businesses those threads were with (their audiences may have shrunk)
     */
    record Erasure(int threads, int events, int deliveries, java.util.Set<String> businesses) {
    }

    /**
     * Forgets a person: their threads with every business, their events and their delivery history, in one
     * transaction; the audiences they belonged to shrink accordingly. A later event for the same person starts a fresh
     * thread. Nothing held: all zeros.
     *
     * @param personId the person
     * @return what was removed
     * @throws UnsupportedOperationException when this ledger cannot erase
     */
    default Erasure erase(String personId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot erase a person");
    }
}
