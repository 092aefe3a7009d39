package org.threadgate.bench;

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
 * Realistic inputs: about 40% deliverable, every reason code present. Campaigns: 85% fine, 5% each advertiser not
 * enabled, objective not Messages, audience too small. Recipients: 50% open and outside the window, 12% inside it,
 * 12% no thread, 8% a thread the business started, 9% blocked, 9% messages off.
 */
public final class BenchInputs {
    public static final Instant AT = Instant.parse("2026-06-15T12:00:00Z");

    private BenchInputs() {
    }

    public static CampaignRequest campaign(Random random, int index) {
        String business = "biz-" + index;
        int draw = random.nextInt(100);
        boolean enabled = draw >= 5;
        Objective objective = draw >= 5 && draw < 10 ? Objective.TRAFFIC : Objective.MESSAGES;
        int audience = draw >= 10 && draw < 15 ? random.nextInt(100) : 100 + random.nextInt(50_000);
        return new CampaignRequest(AT, new Business(business, enabled),
                new Campaign("camp-" + index, business, objective, audience));
    }

    public static Recipient recipient(Random random, String business, String person) {
        int draw = random.nextInt(100);
        Instant old = AT.minus(Duration.ofHours(25 + random.nextInt(24 * 60)));
        Instant recent = AT.minus(Duration.ofMinutes(random.nextInt(24 * 60)));
        Conversation thread;
        List<Block> blocks = new ArrayList<>(1);
        if (draw < 50) {
            thread = new Conversation(business, person, old);
        } else if (draw < 62) {
            thread = new Conversation(business, person, recent);
        } else if (draw < 74) {
            thread = null;
        } else if (draw < 82) {
            thread = new Conversation(business, person, null);
        } else if (draw < 91) {
            thread = new Conversation(business, person, old);
            blocks.add(new Block(person, business, BlockKind.BLOCKED_BUSINESS, old));
        } else {
            thread = new Conversation(business, person, recent);
            blocks.add(new Block(person, business, BlockKind.MESSAGES_TURNED_OFF, old));
        }
        return new Recipient(new Person(person), thread, blocks);
    }

    /** {@code count} distinct single-decision requests. */
    public static DeliveryRequest[] singleRequests(long seed, int count) {
        Random random = new Random(seed);
        DeliveryRequest[] requests = new DeliveryRequest[count];
        for (int i = 0; i < count; i++) {
            CampaignRequest campaign = campaign(random, i % 512);
            requests[i] = new DeliveryRequest(campaign, recipient(random, campaign.business().id(), "person-" + i));
        }
        return requests;
    }

    /** An audience of {@code size} distinct recipients of one business. */
    public static List<Recipient> audience(long seed, String business, int size) {
        Random random = new Random(seed);
        List<Recipient> recipients = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            recipients.add(recipient(random, business, "person-" + i));
        }
        return recipients;
    }
}
