package org.threadgate.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * Random fact sets weighted towards the policies' boundaries (audience 99/100, interactions 24 h ± 1 ms ago, in the
 * future), so that a few thousand cases cross every edge many times. Seeded: the same seed gives the same cases.
 */
public final class RandomFacts {
    private static final Instant BASE = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private final Random random;

    public RandomFacts(long seed) {
        random = new Random(seed);
    }

    public Instant at() {
        return BASE.plusSeconds(random.nextInt(86_400 * 30)).plusMillis(random.nextInt(1000));
    }

    public CampaignRequest campaign(Instant at, String businessId) {
        int[] sizes = {0, 1, 99, 100, 101, 5_000, random.nextInt(1_000_000)};
        Objective objective = random.nextInt(3) == 0
                ? Objective.values()[random.nextInt(Objective.values().length)] : Objective.MESSAGES;
        return new CampaignRequest(at, new Business(businessId, random.nextInt(6) != 0),
                new Campaign("c-" + random.nextInt(6), businessId, objective,
                        random.nextInt(4) == 0 ? sizes[random.nextInt(sizes.length)] : 100 + random.nextInt(10_000)));
    }

    public Recipient recipient(Instant at, String businessId, String personId) {
        Conversation thread = switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> new Conversation(businessId, personId, null);
            default -> new Conversation(businessId, personId, lastInteraction(at));
        };
        List<Block> blocks = new ArrayList<>();
        int blockDraw = random.nextInt(10);
        if (blockDraw == 0 || blockDraw == 2) {
            blocks.add(new Block(personId, businessId, BlockKind.BLOCKED_BUSINESS, at.minus(DAY)));
        }
        if (blockDraw == 1 || blockDraw == 2) {
            blocks.add(new Block(personId, businessId, BlockKind.MESSAGES_TURNED_OFF, null));
        }
        return new Recipient(new Person(personId, zone(), personDeliveries(at, businessId)), thread, blocks,
                deliveries(at, personId));
    }

    /** Mostly no zone (the decision of before time zones were known), else one with and without daylight saving. */
    private java.time.ZoneId zone() {
        String[] zones = {"Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC",
                "Pacific/Chatham"};
        return random.nextInt(3) == 0 ? java.time.ZoneId.of(zones[random.nextInt(zones.length)]) : null;
    }

    /** Mostly none; else around the 48-hour cap's boundary, in the future, and of the request's campaigns. */
    private List<org.threadgate.model.SponsoredDelivery> deliveries(Instant at, String personId) {
        List<org.threadgate.model.SponsoredDelivery> list = new ArrayList<>();
        int count = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 0;
        Duration cap = Duration.ofHours(48);
        for (int i = 0; i < count; i++) {
            Instant when = switch (random.nextInt(6)) {
                case 0 -> at.minus(cap);
                case 1 -> at.minus(cap).plusMillis(1);
                case 2 -> at.plusMillis(1 + random.nextInt(60_000));
                case 3 -> at.minusMillis(random.nextLong(cap.toMillis()));
                default -> at.minus(cap).minusSeconds(random.nextInt(86_400 * 30));
            };
            list.add(new org.threadgate.model.SponsoredDelivery(personId, "c-" + random.nextInt(6), when));
        }
        return list;
    }

    /** Mostly none; else one to five from a few businesses, around the 24-hour person cap's boundary and beyond. */
    private List<org.threadgate.model.PersonDelivery> personDeliveries(Instant at, String businessId) {
        List<org.threadgate.model.PersonDelivery> list = new ArrayList<>();
        int count = random.nextInt(3) == 0 ? 1 + random.nextInt(5) : 0;
        Duration window = DAY;
        for (int i = 0; i < count; i++) {
            Instant when = switch (random.nextInt(6)) {
                case 0 -> at.minus(window);
                case 1 -> at.minus(window).plusMillis(1);
                case 2 -> at.plusMillis(1 + random.nextInt(60_000));
                case 3 -> at.minusMillis(random.nextLong(window.toMillis()));
                default -> at.minus(window).minusSeconds(random.nextInt(86_400 * 10));
            };
            String from = random.nextInt(4) == 0 ? businessId : "other-" + random.nextInt(5);
            list.add(new org.threadgate.model.PersonDelivery(from, "c-" + random.nextInt(6), when));
        }
        return list;
    }

    private Instant lastInteraction(Instant at) {
        return switch (random.nextInt(8)) {
            case 0 -> at.minus(DAY);
            case 1 -> at.minus(DAY).plusMillis(1);
            case 2 -> at.minus(DAY).minusMillis(1);
            case 3 -> at.plusMillis(1 + random.nextInt(600_000));
            case 4 -> at;
            case 5 -> at.minusMillis(random.nextLong(DAY.toMillis()));
            default -> at.minus(DAY).minusSeconds(random.nextInt(86_400 * 400));
        };
    }

    /**
     * A delivery request drawn as the equivalence tests draw them: an instant, then the campaign of business
     * {@code b-(i % businesses)}, then person {@code p-i}'s facts at that instant.
     */
    public DeliveryRequest delivery(int i, int businesses) {
        Instant at = at();
        CampaignRequest campaign = campaign(at, "b-" + (i % businesses));
        return new DeliveryRequest(campaign, recipient(at, campaign.business().id(), "p-" + i));
    }

    /** One drawn request with its number, for {@link #deliveries}. */
    @FunctionalInterface
    public interface Case {
        void check(int number, DeliveryRequest request);
    }

    /**
     * Draws {@code count} delivery requests from {@code seed} in order, as {@link #delivery} does, and hands each to
     * {@code check} with its number.
     */
    public static void deliveries(long seed, int count, int businesses, Case check) {
        RandomFacts random = new RandomFacts(seed);
        for (int i = 0; i < count; i++) {
            check.check(i, random.delivery(i, businesses));
        }
    }
}
