package org.threadgate.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;

/**
 * Builds requests for rule-level tests. It starts from a deliverable case (enabled business, Messages objective,
 * audience of 1,000, a thread the person last touched two days ago, no block) so that each test changes only the fact
 * it is about.
 */
public final class Scenario {
    public static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
    public static final String BUSINESS = "biz-1";
    public static final String PERSON = "person-1";

    private Instant at = AT;
    private boolean enabled = true;
    private Objective objective = Objective.MESSAGES;
    private int audienceSize = 1_000;
    private boolean hasThread = true;
    private Instant lastInteraction = AT.minus(Duration.ofDays(2));
    private final List<BlockKind> blocks = new ArrayList<>();
    private java.time.ZoneId timeZone;
    private final List<String[]> deliveries = new ArrayList<>();
    private final List<org.threadgate.model.PersonDelivery> personDeliveries = new ArrayList<>();
    private String campaignId = "campaign-1";

    public static Scenario deliverable() {
        return new Scenario();
    }

    public Scenario at(Instant value) {
        at = value;
        return this;
    }

    public Scenario advertiserEnabled(boolean value) {
        enabled = value;
        return this;
    }

    public Scenario objective(Objective value) {
        objective = value;
        return this;
    }

    public Scenario audienceSize(int value) {
        audienceSize = value;
        return this;
    }

    /** The person's last interaction, {@code null} for a thread the business started alone. */
    public Scenario lastInteraction(Instant value) {
        hasThread = true;
        lastInteraction = value;
        return this;
    }

    public Scenario lastInteractionAgo(Duration ago) {
        return lastInteraction(at.minus(ago));
    }

    public Scenario noThread() {
        hasThread = false;
        lastInteraction = null;
        return this;
    }

    public Scenario block(BlockKind kind) {
        blocks.add(kind);
        return this;
    }

    /** The person's time zone; none by default. */
    public Scenario timeZone(String zone) {
        timeZone = zone == null ? null : java.time.ZoneId.of(zone);
        return this;
    }

    /** The campaign of the request ({@code campaign-1} by default). */
    public Scenario campaign(String id) {
        campaignId = id;
        return this;
    }

    /** A sponsored delivery of {@code campaign} to the person at {@code deliveredAt}. */
    public Scenario delivered(String campaign, Instant deliveredAt) {
        deliveries.add(new String[] {campaign, deliveredAt.toString()});
        return this;
    }

    /** A sponsored delivery to the person from {@code business} (any business, this one included), for the person cap. */
    public Scenario personDelivered(String business, String campaign, Instant deliveredAt) {
        personDeliveries.add(new org.threadgate.model.PersonDelivery(business, campaign, deliveredAt));
        return this;
    }

    /** A delivery of another campaign, {@code ago} before the evaluation instant. */
    public Scenario deliveredAgo(Duration ago) {
        return delivered("other-campaign", at.minus(ago));
    }

    public CampaignRequest campaignRequest() {
        return new CampaignRequest(at, new Business(BUSINESS, enabled),
                new Campaign(campaignId, BUSINESS, objective, audienceSize));
    }

    public Recipient recipient(String personId) {
        Conversation thread = hasThread ? new Conversation(BUSINESS, personId, lastInteraction) : null;
        List<Block> listed = blocks.stream()
                .map(kind -> new Block(personId, BUSINESS, kind, at.minus(Duration.ofDays(30))))
                .toList();
        List<org.threadgate.model.SponsoredDelivery> history = deliveries.stream()
                .map(d -> new org.threadgate.model.SponsoredDelivery(personId, d[0], Instant.parse(d[1])))
                .toList();
        return new Recipient(new Person(personId, timeZone, personDeliveries), thread, listed, history);
    }

    public DeliveryRequest deliveryRequest() {
        return new DeliveryRequest(campaignRequest(), recipient(PERSON));
    }
}
