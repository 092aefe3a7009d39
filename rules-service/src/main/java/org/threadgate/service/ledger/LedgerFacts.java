package org.threadgate.service.ledger;

import java.time.Instant;
import java.util.List;

import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.model.ThreadState;

/** Builds decision requests from ids alone, with the facts the ledger holds. */
public final class LedgerFacts {
    private final Ledger ledger;

    public LedgerFacts(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * The campaign with its business and its audience size as the ledger counts it now.
     *
     * @throws UnknownRecordException when the campaign or its business is not registered
     */
    public CampaignRequest campaign(String campaignId, Instant at) {
        return request(read(campaignId, null), at);
    }

    /** A person with no thread is an ordinary request: no thread, so NO_OPEN_THREAD. */
    public DeliveryRequest delivery(String campaignId, String personId, Instant at) {
        Ledger.CampaignFacts facts = read(campaignId, personId);
        Recipient recipient = facts.thread().map(ThreadState::toRecipient)
                .orElseGet(() -> new Recipient(new Person(personId), null, List.of()));
        return new DeliveryRequest(request(facts, at), recipient);
    }

    private Ledger.CampaignFacts read(String campaignId, String personId) {
        return ledger.campaignFacts(campaignId, personId).orElseThrow(() -> new UnknownRecordException(
                UnknownRecordException.Kind.CAMPAIGN, campaignId));
    }

    private static CampaignRequest request(Ledger.CampaignFacts facts, Instant at) {
        Ledger.CampaignRecord campaign = facts.campaign();
        Business business = facts.business().orElseThrow(() -> new UnknownRecordException(
                UnknownRecordException.Kind.BUSINESS, campaign.businessId()));
        return new CampaignRequest(at, business, new Campaign(campaign.id(), business.id(), campaign.objective(),
                facts.audienceSize()));
    }
}
