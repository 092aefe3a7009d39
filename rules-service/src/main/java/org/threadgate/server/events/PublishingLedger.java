package org.threadgate.server.events;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.threadgate.facade.ledger.Ledger;
import org.threadgate.model.Business;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Recipient;
import org.threadgate.model.ThreadState;

/**
 * The ledger of a service whose events go to Kafka ({@code serve --events-to}): everything is read from the ledger's
 * database as usual, which the fold job keeps (one writer per ledger); what the service would have stored goes to
 * the topic instead, and is answered only once the broker has acknowledged it:
 * <ul>
 *   <li>{@link #ingest}: {@code POST /v1/events} and the Messenger webhook; {@code stored} counts the events the
 *       broker acknowledged, {@code duplicates} is 0 (the fold drops an event it already has);</li>
 *   <li>{@link #decideAndRecord}: the delivery of a {@code record: true} decision is sent while the person is still
 *       locked, so the answer's {@code recorded: true} means it is on the topic. Until the fold has written it, later
 *       decisions do not see it: the caps are exact up to the fold's lag (the README says so).</li>
 * </ul>
 * Registrations of businesses and campaigns are not events and stay in the database.
 */
public final class PublishingLedger implements Ledger {
    private final Ledger ledger;
    private final EventTopic topic;

    /**
     * Reads from {@code ledger}, sends events to {@code topic}.
     *
     * @param ledger the ledger's database, written by the fold
     * @param topic  where events go
     */
    public PublishingLedger(Ledger ledger, EventTopic topic) {
        this.ledger = ledger;
        this.topic = topic;
    }

    @Override
    public Ingested ingest(List<MessagingEvent> events) {
        topic.publish(events);
        return new Ingested(events.size(), 0);
    }

    @Override
    public <D> Recorded<D> decideAndRecord(String campaignId, String personId, Function<CampaignFacts, D> decide,
                                           Function<D, MessagingEvent> toRecord) {
        MessagingEvent[] sent = new MessagingEvent[1];
        Recorded<D> decided = ledger.decideAndRecord(campaignId, personId, facts -> {
            D decision = decide.apply(facts);
            MessagingEvent event = toRecord.apply(decision);
            if (event != null) {
                topic.publish(List.of(event)); // under the person's lock, before the answer
                sent[0] = event;
            }
            return decision;
        }, decision -> null);
        return new Recorded<>(decided.decision(), sent[0]);
    }

    @Override
    public boolean putBusiness(Business business) {
        return ledger.putBusiness(business);
    }

    @Override
    public boolean putCampaign(CampaignRecord campaign) {
        return ledger.putCampaign(campaign);
    }

    @Override
    public Optional<Business> business(String id) {
        return ledger.business(id);
    }

    @Override
    public Optional<CampaignRecord> campaign(String id) {
        return ledger.campaign(id);
    }

    @Override
    public Optional<CampaignFacts> campaignFacts(String campaignId, String personId) {
        return ledger.campaignFacts(campaignId, personId);
    }

    @Override
    public int audienceSize(String businessId) {
        return ledger.audienceSize(businessId);
    }

    @Override
    public Optional<ThreadState> thread(String businessId, String personId) {
        return ledger.thread(businessId, personId);
    }

    @Override
    public PersonFacts person(String businessId, String personId) {
        return ledger.person(businessId, personId);
    }

    @Override
    public List<ThreadState> threads(String personId) {
        return ledger.threads(personId);
    }

    @Override
    public void audience(String businessId, Consumer<ThreadState> each) {
        ledger.audience(businessId, each);
    }

    @Override
    public void audienceRecipients(String businessId, Consumer<Recipient> each) {
        ledger.audienceRecipients(businessId, each);
    }

    @Override
    public Erasure erase(String personId) {
        return ledger.erase(personId);
    }
}
