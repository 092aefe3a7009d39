package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

/** Properties that hold for every fact set, whatever the policy details. */
class DecisionPropertiesTest {
    private static final Instant AT = Instant.parse("2026-05-01T08:30:00Z");
    private static final Duration WINDOW = Duration.ofHours(24);
    private final PolicySet policies = BundledPolicies.get();

    @Property(tries = 2000)
    void deliverIfAndOnlyIfThereIsNoReason(@ForAll("requests") DeliveryRequest request) {
        DeliveryDecision decision = policies.decideDelivery(request);
        assertThat(decision.outcome() == DeliveryOutcome.DELIVER).isEqualTo(decision.reasons().isEmpty());
    }

    @Property(tries = 2000)
    void aBlockOrAnInteractionInsideTheWindowNeverDelivers(@ForAll("requests") DeliveryRequest request) {
        Recipient recipient = request.recipient();
        Instant last = recipient.conversation() == null ? null : recipient.conversation().lastPersonInteractionAt();
        boolean insideWindow = last != null && request.at().isBefore(last.plus(WINDOW));
        if (!recipient.blocks().isEmpty() || insideWindow) {
            assertThat(policies.decideDelivery(request).outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
        }
    }

    @Property(tries = 1000)
    void addingABlockNeverTurnsSuppressIntoDeliver(@ForAll("requests") DeliveryRequest request,
                                                   @ForAll BlockKind kind) {
        DeliveryDecision before = policies.decideDelivery(request);
        Recipient recipient = request.recipient();
        List<Block> blocks = new ArrayList<>(recipient.blocks());
        blocks.add(new Block(recipient.person().id(), request.campaign().business().id(), kind, null));
        DeliveryDecision after = policies.decideDelivery(new DeliveryRequest(request.campaign(),
                new Recipient(recipient.person(), recipient.conversation(), blocks, recipient.recentDeliveries())));
        assertThat(after.outcome()).isEqualTo(DeliveryOutcome.SUPPRESS);
        assertThat(BundledPolicies.codes(after)).containsAll(BundledPolicies.codes(before)).contains(kind.name());
    }

    @Property(tries = 2000)
    void retryAtIsPresentExactlyWhenEveryReasonIsTimeBound(@ForAll("requests") DeliveryRequest request) {
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
    }

    @Property(tries = 1000)
    void addingADeliveryNeverTurnsSuppressIntoDeliver(@ForAll("requests") DeliveryRequest request,
                                                      @ForAll("sinceLast") long ago) {
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
    }

    @Provide
    Arbitrary<Long> sinceLast() {
        return Arbitraries.oneOf(
                Arbitraries.of(WINDOW.toMillis(), WINDOW.toMillis() - 1, 2 * WINDOW.toMillis(),
                        2 * WINDOW.toMillis() - 1, 0L, -1L),
                Arbitraries.longs().between(-3_600_000L, 10 * WINDOW.toMillis()));
    }

    @Provide
    Arbitrary<DeliveryRequest> requests() {
        Arbitrary<Boolean> enabled = Arbitraries.of(true, true, true, false);
        Arbitrary<Objective> objective = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Objective.MESSAGES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Objective.class)));
        Arbitrary<Integer> audience = Arbitraries.oneOf(Arbitraries.of(0, 99, 100, 101),
                Arbitraries.integers().between(0, 2_000_000));
        // milliseconds between the last interaction and the evaluation instant: negative means in the future
        Arbitrary<Long> sinceLast = Arbitraries.oneOf(
                Arbitraries.of(WINDOW.toMillis(), WINDOW.toMillis() - 1, WINDOW.toMillis() + 1, 0L, -1L),
                Arbitraries.longs().between(-3_600_000L, 10 * WINDOW.toMillis()));
        Arbitrary<Integer> threadKind = Arbitraries.of(0, 1, 2, 2, 2, 2);
        Arbitrary<Set<BlockKind>> blocks = Arbitraries.oneOf(Arbitraries.just(Set.<BlockKind>of()),
                Arbitraries.just(Set.<BlockKind>of()), Arbitraries.of(BlockKind.class).set());
        Arbitrary<String> zone = Arbitraries.of("", "", "", "Europe/Paris", "America/New_York",
                "Australia/Lord_Howe", "Asia/Kolkata");
        Arbitrary<List<Long>> deliveries = Arbitraries.oneOf(Arbitraries.just(List.<Long>of()),
                sinceLast().list().ofMaxSize(3));
        return Combinators.combine(enabled, objective, audience, sinceLast, threadKind, blocks, zone, deliveries)
                .as(DecisionPropertiesTest::request);
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
