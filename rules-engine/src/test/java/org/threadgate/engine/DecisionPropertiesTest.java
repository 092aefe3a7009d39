package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Reason;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;

/**
 * Properties that hold for every fact set, whatever the policy details: seeded random cases ({@link Seeded}), each
 * mixing boundary values with values drawn from a range.
 */
class DecisionPropertiesTest {
    private static final Instant AT = Instant.parse("2026-05-01T08:30:00Z");
    private static final Duration WINDOW = Duration.ofHours(24);
    private final PolicySet policies = BundledPolicies.get();

    @Test
    void deliverIfAndOnlyIfThereIsNoReason() {
        Seeded.forAll(2000, random -> {
            DeliveryDecision decision = policies.decideDelivery(request(random));
            assertThat(decision.outcome() == DeliveryOutcome.DELIVER).isEqualTo(decision.reasons().isEmpty());
        });
    }

    @Test
    void aBlockOrAnInteractionInsideTheWindowNeverDelivers() {
        Seeded.forAll(2000, random -> {
            DeliveryRequest request = request(random);
            Recipient recipient = request.recipient();
            Instant last = recipient.conversation() == null ? null
                    : recipient.conversation().lastPersonInteractionAt();
            boolean insideWindow = last != null && request.at().isBefore(last.plus(WINDOW));
            if (!recipient.blocks().isEmpty() || insideWindow) {
                assertThat(policies.decideDelivery(request).outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
            }
        });
    }

    @Test
    void addingABlockNeverTurnsSuppressIntoDeliver() {
        Seeded.forAll(1000, random -> {
            DeliveryRequest request = request(random);
            BlockKind kind = Seeded.oneOf(random, BlockKind.values());
            DeliveryDecision before = policies.decideDelivery(request);
            Recipient recipient = request.recipient();
            List<Block> blocks = new ArrayList<>(recipient.blocks());
            blocks.add(new Block(recipient.person().id(), request.campaign().business().id(), kind, null));
            DeliveryDecision after = policies.decideDelivery(new DeliveryRequest(request.campaign(),
                    new Recipient(recipient.person(), recipient.conversation(), blocks,
                            recipient.recentDeliveries())));
            assertThat(after.outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
            assertThat(BundledPolicies.codes(after)).containsAll(BundledPolicies.codes(before)).contains(kind.name());
        });
    }

    @Test
    void retryAtIsPresentExactlyWhenEveryReasonIsTimeBound() {
        Seeded.forAll(2000, random -> {
            DeliveryRequest request = request(random);
            DeliveryDecision decision = policies.decideDelivery(request);
            boolean allTimeBound = !decision.reasons().isEmpty()
                    && decision.reasons().stream().allMatch(Reason::timeBound);
            assertThat(decision.retryAt() != null).isEqualTo(allTimeBound);
            if (allTimeBound) {
                // and at that instant, on the same facts, the message is deliverable
                DeliveryRequest later = new DeliveryRequest(new CampaignRequest(decision.retryAt(),
                        request.campaign().business(), request.campaign().campaign()), request.recipient());
                assertThat(policies.decideDelivery(later).outcome()).isEqualTo(DeliveryOutcome.DELIVER);
            }
        });
    }

    @Test
    void addingADeliveryNeverTurnsSuppressIntoDeliver() {
        Seeded.forAll(1000, random -> {
            DeliveryRequest request = request(random);
            long ago = deliveredAgo(random);
            DeliveryDecision before = policies.decideDelivery(request);
            Recipient recipient = request.recipient();
            List<SponsoredDelivery> history = new ArrayList<>(recipient.recentDeliveries());
            history.add(new SponsoredDelivery(recipient.person().id(), "c", AT.minusMillis(ago)));
            DeliveryDecision after = policies.decideDelivery(new DeliveryRequest(request.campaign(),
                    new Recipient(recipient.person(), recipient.conversation(), recipient.blocks(), history)));
            if (before.outcome() == DeliveryOutcome.SUPPRESS) {
                assertThat(after.outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
            }
            assertThat(BundledPolicies.codes(after)).containsAll(BundledPolicies.codes(before));
        });
    }

    /** How long ago a delivery was made: half the time a boundary of the windows, else anything in a range. */
    private static long deliveredAgo(Random random) {
        long w = WINDOW.toMillis();
        return Seeded.edgeOrBetween(random, 0.5, new long[] {w, w - 1, 2 * w, 2 * w - 1, 0L, -1L}, -3_600_000L,
                10 * w);
    }

    /** A request mixing every policy's boundaries with random values. */
    private static DeliveryRequest request(Random random) {
        boolean enabled = Seeded.oneOf(random, true, true, true, false);
        Objective objective = random.nextInt(7) < 6 ? Objective.MESSAGES : Seeded.oneOf(random, Objective.values());
        int audience = random.nextBoolean() ? Seeded.oneOf(random, 0, 99, 100, 101) : random.nextInt(2_000_001);
        long w = WINDOW.toMillis();
        // milliseconds between the last interaction and the evaluation instant: negative means in the future
        long sinceLast = Seeded.edgeOrBetween(random, 0.5, new long[] {w, w - 1, w + 1, 0L, -1L}, -3_600_000L,
                10 * w);
        int threadKind = Seeded.oneOf(random, 0, 1, 2, 2, 2, 2);
        Set<BlockKind> blockKinds = EnumSet.noneOf(BlockKind.class);
        if (random.nextInt(3) == 2) {
            for (BlockKind kind : BlockKind.values()) {
                if (random.nextBoolean()) {
                    blockKinds.add(kind);
                }
            }
        }
        String zone = Seeded.oneOf(random, "", "", "", "Europe/Paris", "America/New_York", "Australia/Lord_Howe",
                "Asia/Kolkata");
        List<Long> deliveredAgo = new ArrayList<>();
        if (random.nextBoolean()) {
            for (int i = random.nextInt(4); i > 0; i--) {
                deliveredAgo.add(deliveredAgo(random));
            }
        }
        return request(enabled, objective, audience, sinceLast, threadKind, blockKinds, zone, deliveredAgo);
    }

    private static DeliveryRequest request(boolean enabled, Objective objective, int audience, long sinceLast,
                                           int threadKind, Set<BlockKind> blockKinds, String zone,
                                           List<Long> deliveredAgo) {
        String business = "b";
        String person = "p";
        Conversation thread = switch (threadKind) {
            case 0 -> null;
            case 1 -> new Conversation(business, person, null);
            default -> new Conversation(business, person, AT.minusMillis(sinceLast));
        };
        List<Block> blocks = blockKinds.stream().sorted().map(k -> new Block(person, business, k, null)).toList();
        // deliveries of this campaign ("c") or another, by the parity of how long ago they were
        List<SponsoredDelivery> history = deliveredAgo.stream().map(ago -> new SponsoredDelivery(person,
                ago % 2 == 0 ? "c" : "d", AT.minusMillis(ago))).toList();
        return new DeliveryRequest(new CampaignRequest(AT, new Business(business, enabled),
                new Campaign("c", business, objective, audience)), new Recipient(new Person(person,
                zone.isEmpty() ? null : java.time.ZoneId.of(zone)), thread, blocks, history));
    }
}
