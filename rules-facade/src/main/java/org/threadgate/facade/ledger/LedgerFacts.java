package org.threadgate.facade.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.model.ThreadState;

/**
 * Builds decision requests from ids alone, with the facts the ledger holds, in at most one read: a campaign's own
 * facts (its business, objective, rollout flag and audience size) are kept for {@code staleness} after they were read,
 * so that a decision usually reads only the person's thread; a cold one reads everything in one query. A registration
 * through this service forgets the campaign's facts at once; one made through another instance, and the audience
 * count, are seen within {@code staleness}. The thread, which carries blocks, is never kept.
 */
public final class LedgerFacts {
    /** Campaigns kept at most; past it the cache starts afresh (memory stays bounded whatever the traffic). */
    private static final int MAX_CAMPAIGNS = 10_000;

    private record Kept(Ledger.CampaignFacts facts, long readAtNanos) {
    }

    private final Ledger ledger;
    private final long stalenessNanos;
    private final Map<String, Kept> campaigns = new ConcurrentHashMap<>();

    /**
     * Facts that keep each campaign's facts for up to {@code staleness}.
     *
     * @param ledger the ledger read
     * @param staleness how old kept campaign facts may be; zero keeps nothing
     */
    public LedgerFacts(Ledger ledger, Duration staleness) {
        this.ledger = ledger;
        this.stalenessNanos = staleness.toNanos();
    }

    /**
     * No caching: every request reads the ledger.
     *
     * @param ledger the ledger read
     */
    public LedgerFacts(Ledger ledger) {
        this(ledger, Duration.ZERO);
    }

    /**
     * The campaign with its business and its audience size as the ledger counts it (at most {@code staleness} ago).
     *
     * @throws UnknownRecordException when the campaign or its business is not registered
     * @param campaignId the campaign
     * @param at the instant to decide for
     * @return the campaign request
     */
    public CampaignRequest campaign(String campaignId, Instant at) {
        Ledger.CampaignFacts kept = fresh(campaignId);
        return request(kept != null ? kept : read(campaignId, null), at);
    }

    /**
     * A person with no thread is an ordinary request: no thread, so NO_OPEN_THREAD.
     *
     * @param campaignId the campaign
     * @param personId the person
     * @param at the instant to decide for
     * @return the delivery request
     * @throws UnknownRecordException when the campaign or its business is not registered
     */
    public DeliveryRequest delivery(String campaignId, String personId, Instant at) {
        Ledger.CampaignFacts kept = fresh(campaignId);
        Ledger.PersonFacts person;
        if (kept != null) {
            person = ledger.person(kept.campaign().businessId(), personId);
        } else {
            kept = read(campaignId, personId);
            person = new Ledger.PersonFacts(kept.thread(), kept.personDeliveries());
        }
        return new DeliveryRequest(request(kept, at), person.recipient(personId));
    }

    /**
     * A delivery decision on the ledger's facts, with the delivery recorded in the same step when the decision asks
     * for it (see {@link Ledger#decideAndRecord}); the facts are read fresh, never from what is kept.
     *
     * @param campaignId the campaign
     * @param personId   the person
     * @param at         the instant to decide for
     * @param decide     decides on the request built from the locked facts
     * @param toRecord   the event to record for a decision, or {@code null}
     * @param <D>        the decision's type
     * @return the decision and what was recorded
     * @throws UnknownRecordException when the campaign or its business is not registered
     */
    public <D> Ledger.Recorded<D> deliveryRecorded(String campaignId, String personId, Instant at,
                                                   java.util.function.Function<DeliveryRequest, D> decide,
                                                   java.util.function.Function<D, org.threadgate.model.MessagingEvent>
                                                           toRecord) {
        return ledger.decideAndRecord(campaignId, personId, facts -> decide.apply(new DeliveryRequest(
                request(facts, at), new Ledger.PersonFacts(facts.thread(), facts.personDeliveries())
                        .recipient(personId))), toRecord);
    }

    /**
     * Forgets what is kept of a campaign (it was just registered or changed).
     *
     * @param campaignId the campaign
     */
    public void forgetCampaign(String campaignId) {
        campaigns.remove(campaignId);
    }

    /**
     * Forgets what is kept of every campaign of a business (it was just registered or changed).
     *
     * @param businessId the business
     */
    public void forgetBusiness(String businessId) {
        forgetBusinesses(java.util.Set.of(businessId));
    }

    /**
     * Forgets what is kept of every campaign of these businesses, in one pass.
     *
     * @param businessIds the businesses
     */
    public void forgetBusinesses(java.util.Set<String> businessIds) {
        if (!campaigns.isEmpty()) {
            campaigns.values().removeIf(kept -> businessIds.contains(kept.facts().campaign().businessId()));
        }
    }

    private Ledger.CampaignFacts fresh(String campaignId) {
        if (stalenessNanos <= 0) {
            return null;
        }
        Kept kept = campaigns.get(campaignId);
        return kept != null && System.nanoTime() - kept.readAtNanos() < stalenessNanos ? kept.facts() : null;
    }

    private Ledger.CampaignFacts read(String campaignId, String personId) {
        long readAt = System.nanoTime();
        Ledger.CampaignFacts facts = ledger.campaignFacts(campaignId, personId).orElseThrow(() ->
                new UnknownRecordException(UnknownRecordException.Kind.CAMPAIGN, campaignId));
        if (stalenessNanos > 0 && facts.business().isPresent()) {
            if (campaigns.size() >= MAX_CAMPAIGNS) {
                campaigns.clear();
            }
            campaigns.put(campaignId, new Kept(new Ledger.CampaignFacts(facts.campaign(), facts.business(),
                    facts.audienceSize(), Optional.empty()), readAt));
        }
        return facts;
    }

    private static CampaignRequest request(Ledger.CampaignFacts facts, Instant at) {
        Ledger.CampaignRecord campaign = facts.campaign();
        Business business = facts.business().orElseThrow(() -> new UnknownRecordException(
                UnknownRecordException.Kind.BUSINESS, campaign.businessId()));
        return new CampaignRequest(at, business, new Campaign(campaign.id(), business.id(), campaign.objective(),
                facts.audienceSize()));
    }
}
