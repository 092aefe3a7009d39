package com.example.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.threadgate.engine.PolicySource;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;

/**
 * What a service that embeds Threadgate does: decide a delivery, a campaign and a whole audience in-process, watch
 * every decision through the hook, and run its own policy directory. Each answer is checked; a wrong one exits 1.
 */
public final class EmbeddedExample {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
    private static final Business ACME = new Business("acme", true);

    private EmbeddedExample() {
    }

    public static void main(String[] args) throws Exception {
        CampaignRequest spring = new CampaignRequest(AT, ACME,
                new Campaign("spring-sale", "acme", Objective.MESSAGES, 2500));
        AtomicLong observed = new AtomicLong();

        try (DeliveryPolicyService service = DeliveryPolicyService.bundled()) {
            service.observe(decided -> observed.incrementAndGet()); // the decision hook: a log or metrics go here

            // One delivery: the person wrote 11 hours ago, so the 24-hour window suppresses it until 01:00 tomorrow.
            DeliveryDecision one = service.decideDelivery(new DeliveryRequest(spring, recipient("p-42",
                    AT.minus(Duration.ofHours(11)), false)));
            check(one.outcome() == DeliveryOutcome.SUPPRESS
                    && one.reasons().get(0).code().equals("WITHIN_SUPPRESSION_WINDOW")
                    && Instant.parse("2026-03-11T01:00:00Z").equals(one.retryAt()), "delivery: " + one);

            // One campaign.
            CampaignDecision campaign = service.decideCampaign(spring);
            check(campaign.outcome() == CampaignOutcome.APPROVE, "campaign: " + campaign);

            // A 100,000-recipient audience from an iterator: decisions come back in input order, in bounded memory.
            int size = 100_000;
            Map<DeliveryOutcome, Long> outcomes = new EnumMap<>(DeliveryOutcome.class);
            AtomicLong inOrder = new AtomicLong();
            service.decideAudience(spring, audience(size), d -> {
                outcomes.merge(d.outcome(), 1L, Long::sum);
                check(d.personId().equals("p" + inOrder.getAndIncrement()), "order at " + d.personId());
            });
            // Every tenth person blocked the business, every odd one wrote two hours ago: 40,000 deliverable.
            check(outcomes.getOrDefault(DeliveryOutcome.DELIVER, 0L) == 40_000 && inOrder.get() == size,
                    "audience: " + outcomes);
            check(observed.get() == 2 + size, "observed " + observed.get() + " decisions");
            System.out.printf("bundled %s: delivery %s (%s), campaign %s, audience of %,d: %s%n",
                    service.policies().version(), one.outcome(), one.reasons().get(0).code(), campaign.outcome(),
                    size, outcomes);
        }

        // A policy directory of the service's own: here the bundled set with a minimum audience of 200.
        Path dir = Files.createTempDirectory("policies");
        PolicySource.bundled().writeTo(dir);
        Path settings = dir.resolve("settings.yaml");
        Files.writeString(settings, Files.readString(settings).replace("minimumAudienceSize: 100",
                "minimumAudienceSize: 200"));
        Files.delete(dir.resolve("tests/audience.yaml")); // its cases pin the bundled minimum of 100
        try (DeliveryPolicyService own = DeliveryPolicyService.fromDirectory(dir)) {
            CampaignDecision small = own.decideCampaign(new CampaignRequest(AT, ACME,
                    new Campaign("small", "acme", Objective.MESSAGES, 150)));
            check(small.outcome() == CampaignOutcome.REJECT
                    && small.reasons().get(0).code().equals("AUDIENCE_TOO_SMALL"), "own policies: " + small);
            System.out.printf("own policies %s: campaign of 150 %s (%s)%n", own.policies().version(),
                    small.outcome(), small.reasons().get(0).code());
        }
        System.out.println("embedded example: every answer as expected");
    }

    private static Recipient recipient(String person, Instant lastInteraction, boolean blocked) {
        return new Recipient(new Person(person), new Conversation("acme", person, lastInteraction),
                blocked ? List.of(new Block(person, "acme", BlockKind.BLOCKED_BUSINESS, null)) : List.of());
    }

    /** Recipients made on demand, never all in memory. */
    private static Iterator<Recipient> audience(int size) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Recipient next() {
                int i = next++;
                Instant last = AT.minus(i % 2 == 0 ? Duration.ofDays(3) : Duration.ofHours(2));
                return recipient("p" + i, last, i % 10 == 0);
            }
        };
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("embedded example: unexpected answer: " + what);
            System.exit(1);
        }
    }
}
