package org.threadgate.facade.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.threadgate.model.Business;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Objective;
import org.threadgate.model.ThreadState;

/**
 * What every {@link Ledger} must do, as a test suite any backend runs: a subclass supplies a fresh, empty ledger per
 * test (the JDBC storage runs it on H2 and on PostgreSQL). It ships in the library's test jar.
 */
public abstract class LedgerContract {
    /** A ledger under test with what it holds open (a database, a pool), released by {@link #close()}. */
    public interface Backend extends AutoCloseable {
        /**
         * The ledger.
         *
         * @return the ledger over this backend's storage
         */
        Ledger ledger();

        @Override
        void close();
    }

    /**
     * A fresh, empty backend.
     *
     * @return the backend, opened
     */
    protected abstract Backend open();

    /**
     * How many transactions lost a race and ran again, for a backend that counts them.
     *
     * @param ledger the ledger of this backend
     * @return the count, or empty when the backend does not count them
     */
    protected OptionalLong retries(Ledger ledger) {
        return OptionalLong.empty();
    }

    private static Ledger ledger(Backend backend) {
        return backend.ledger();
    }

    @Test
    void eventsAreStoredOnce_andARepeatIsADuplicate() {
        try (Backend db = open()) {
            Ledger ledger = ledger(db);
            MessagingEvent hello = Events.event("e1", EventType.PERSON_MESSAGE, "b", "p", 10);
            assertThat(ledger.ingest(List.of(hello))).isEqualTo(new Ledger.Ingested(1, 0));
            ThreadState after = ledger.thread("b", "p").orElseThrow();
            assertThat(ledger.ingest(List.of(hello, hello))).isEqualTo(new Ledger.Ingested(0, 2));
            assertThat(ledger.thread("b", "p")).contains(after);
            // the same event twice within one request counts once
            MessagingEvent again = Events.event("e2", EventType.PERSON_REACTION, "b", "p", 20);
            assertThat(ledger.ingest(List.of(again, again))).isEqualTo(new Ledger.Ingested(1, 1));
            assertThat(ledger.audienceSize("b")).isEqualTo(1);
        }
    }

    @Test
    void threadState_isFoldedFromLateAndOutOfOrderEvents() {
        try (Backend db = open()) {
            Ledger ledger = ledger(db);
            ledger.ingest(List.of(Events.event("1", EventType.BUSINESS_MESSAGE, "b", "p", 1)));
            ThreadState businessOnly = ledger.thread("b", "p").orElseThrow();
            assertThat(businessOnly.lastPersonInteractionAt()).isNull();
            assertThat(businessOnly.audienceMember()).isFalse();
            assertThat(ledger.audienceSize("b")).isZero();

            ledger.ingest(List.of(Events.event("2", EventType.PERSON_MESSAGE, "b", "p", 30)));
            ledger.ingest(List.of(Events.event("3", EventType.PERSON_POSTBACK, "b", "p", 20))); // late, older
            ThreadState open = ledger.thread("b", "p").orElseThrow();
            assertThat(open.lastPersonInteractionAt()).isEqualTo(Events.T0.plusSeconds(30 * 60));
            assertThat(ledger.audienceSize("b")).isEqualTo(1);

            ledger.ingest(List.of(Events.event("4", EventType.UNBLOCK, "b", "p", 50),
                    Events.event("5", EventType.BLOCK, "b", "p", 40))); // the unblock is later: not blocked
            assertThat(ledger.thread("b", "p").orElseThrow().blocked()).isFalse();
            ledger.ingest(List.of(Events.event("6", EventType.BLOCK, "b", "p", 50))); // tie: restrictive wins
            assertThat(ledger.thread("b", "p").orElseThrow().blocked()).isTrue();
            assertThat(ledger.audienceSize("b")).isZero();
            assertThat(ledger.thread("b", "p").orElseThrow().toRecipient().blocks()).hasSize(1);
        }
    }

    @Test
    void audienceSize_followsMembership() {
        try (Backend db = open()) {
            Ledger ledger = ledger(db);
            for (int i = 0; i < 5; i++) {
                ledger.ingest(List.of(Events.event("m" + i, EventType.PERSON_MESSAGE, "b", "p" + i, 1)));
            }
            ledger.ingest(List.of(Events.event("x", EventType.PERSON_MESSAGE, "other", "p0", 1)));
            assertThat(ledger.audienceSize("b")).isEqualTo(5);
            ledger.ingest(List.of(Events.event("off", EventType.MESSAGES_OFF, "b", "p1", 2),
                    Events.event("blk", EventType.BLOCK, "b", "p2", 2)));
            assertThat(ledger.audienceSize("b")).isEqualTo(3);
            ledger.ingest(List.of(Events.event("on", EventType.MESSAGES_ON, "b", "p1", 3)));
            assertThat(ledger.audienceSize("b")).isEqualTo(4);
            assertThat(ledger.audienceSize("other")).isEqualTo(1);
            assertThat(ledger.audienceSize("nobody")).isZero();

            List<String> members = new ArrayList<>();
            ledger.audience("b", t -> members.add(t.personId()));
            assertThat(members).containsExactly("p0", "p1", "p3", "p4");
        }
    }

    @Test
    void theSameEventsInManyRandomOrdersWithDuplicates_yieldTheSameState() {
        List<MessagingEvent> history = Events.randomHistory(11, 400, 3, 15);
        Map<String, ThreadState> expected = null;
        Map<String, Integer> expectedSizes = null;
        Random random = new Random(5);
        for (int round = 0; round < 4; round++) {
            List<MessagingEvent> delivery = new ArrayList<>(history);
            for (int i = 0; i < 60; i++) {
                delivery.add(history.get(random.nextInt(history.size())));
            }
            Collections.shuffle(delivery, random);
            try (Backend db = open()) {
                Ledger ledger = ledger(db);
                int stored = 0;
                for (int from = 0; from < delivery.size(); from += 37) {
                    stored += ledger.ingest(delivery.subList(from, Math.min(delivery.size(), from + 37))).stored();
                }
                assertThat(stored).isEqualTo(history.size());
                Map<String, ThreadState> states = new HashMap<>();
                Map<String, Integer> sizes = new HashMap<>();
                for (int b = 0; b < 3; b++) {
                    sizes.put("b" + b, ledger.audienceSize("b" + b));
                    for (int p = 0; p < 15; p++) {
                        int business = b;
                        int person = p;
                        ledger.thread("b" + b, "p" + p).ifPresent(t -> states.put(business + "/" + person, t));
                    }
                }
                if (expected == null) {
                    expected = states;
                    expectedSizes = sizes;
                    // and the count agrees with the members themselves
                    for (int b = 0; b < 3; b++) {
                        String business = "b" + b;
                        long members = states.values().stream()
                                .filter(t -> t.businessId().equals(business) && t.audienceMember()).count();
                        assertThat(sizes.get(business)).isEqualTo((int) members);
                    }
                } else {
                    assertThat(states).isEqualTo(expected);
                    assertThat(sizes).isEqualTo(expectedSizes);
                }
            }
        }
    }

    @Test
    void concurrentIngestion_onOverlappingThreads_losesNothing() throws Exception {
        List<MessagingEvent> history = Events.randomHistory(23, 1_200, 2, 10);
        try (Backend db = open()) {
            Ledger ledger = ledger(db);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Ledger.Ingested>> results = new ArrayList<>();
            for (int from = 0; from < history.size(); from += 50) {
                List<MessagingEvent> slice = history.subList(from, from + 50);
                results.add(pool.submit(() -> ledger.ingest(slice)));
                results.add(pool.submit(() -> ledger.ingest(slice))); // and every slice a second time, at once
            }
            int stored = 0;
            int duplicates = 0;
            for (Future<Ledger.Ingested> result : results) {
                stored += result.get().stored();
                duplicates += result.get().duplicates();
            }
            pool.shutdown();
            assertThat(stored).isEqualTo(history.size());
            assertThat(duplicates).isEqualTo(history.size());
            Map<String, ThreadState> folded = new HashMap<>();
            for (MessagingEvent e : history) {
                folded.merge(e.businessId() + "/" + e.personId(),
                        ThreadState.empty(e.businessId(), e.personId()).apply(e), (a, b) -> a);
            }
            for (MessagingEvent e : history) { // fold sequentially for the expectation
                String key = e.businessId() + "/" + e.personId();
                folded.put(key, folded.get(key).apply(e));
            }
            int members = 0;
            for (ThreadState expected : folded.values()) {
                assertThat(ledger.thread(expected.businessId(), expected.personId())).contains(expected);
                members += expected.businessId().equals("b0") && expected.audienceMember() ? 1 : 0;
            }
            assertThat(ledger.audienceSize("b0")).isEqualTo(members);
        }
    }

    @Test
    void campaignFacts_readCampaignBusinessAudienceAndThreadTogether() {
        try (Backend db = open()) {
            Ledger ledger = ledger(db);
            assertThat(ledger.campaignFacts("c1", "p")).isEmpty();
            ledger.putCampaign(new Ledger.CampaignRecord("c1", "acme", Objective.MESSAGES));
            Ledger.CampaignFacts unregisteredBusiness = ledger.campaignFacts("c1", "p").orElseThrow();
            assertThat(unregisteredBusiness.business()).isEmpty();
            assertThat(unregisteredBusiness.audienceSize()).isZero();

            ledger.putBusiness(new Business("acme", true));
            ledger.ingest(List.of(Events.event("e1", EventType.PERSON_MESSAGE, "acme", "p", 1),
                    Events.event("e2", EventType.PERSON_MESSAGE, "acme", "q", 2),
                    Events.event("e3", EventType.PERSON_MESSAGE, "other", "p", 3)));
            Ledger.CampaignFacts facts = ledger.campaignFacts("c1", "p").orElseThrow();
            assertThat(facts.campaign()).isEqualTo(new Ledger.CampaignRecord("c1", "acme", Objective.MESSAGES));
            assertThat(facts.business()).contains(new Business("acme", true));
            assertThat(facts.audienceSize()).isEqualTo(2);
            assertThat(facts.thread()).isEqualTo(ledger.thread("acme", "p"));
            assertThat(ledger.campaignFacts("c1", "nobody").orElseThrow().thread()).isEmpty();
            assertThat(ledger.campaignFacts("c1", null).orElseThrow().thread()).isEmpty();
        }
    }

    /** Many requests creating the same new threads at once: the first insert used to lose a race and retry. */
    @Test
    void concurrentCreationOfTheSameNewThreads_neverCollides() throws Exception {
        try (Backend db = open()) {
            Ledger ledger = db.ledger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Ledger.Ingested>> results = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int request = 0; request < 8; request++) {
                    List<MessagingEvent> batch = new ArrayList<>();
                    for (int person = 0; person < 20; person++) {
                        // every request of a round creates the same 20 threads, with events of its own
                        batch.add(Events.event("r" + round + "-q" + request + "-" + person, EventType.PERSON_MESSAGE,
                                "b", "p" + round + "-" + person, request));
                    }
                    Collections.shuffle(batch, new Random(round * 31L + request));
                    results.add(pool.submit(() -> ledger.ingest(batch)));
                }
            }
            int stored = 0;
            for (Future<Ledger.Ingested> result : results) {
                stored += result.get().stored();
            }
            pool.shutdown();
            assertThat(stored).isEqualTo(20 * 8 * 20);
            assertThat(ledger.audienceSize("b")).isEqualTo(20 * 20);
            assertThat(ledger.thread("b", "p7-3").orElseThrow().lastPersonInteractionAt())
                    .isEqualTo(Events.T0.plusSeconds(7 * 60));
            retries(ledger).ifPresent(n -> assertThat(n).as("transactions that lost a race and ran again").isZero());
        }
    }

    @Test
    void businessesAndCampaigns_areRegisteredAndUpdated() {
        try (Backend db = open()) {
            Ledger ledger = ledger(db);
            assertThat(ledger.business("acme")).isEmpty();
            assertThat(ledger.putBusiness(new Business("acme", false))).isTrue();
            assertThat(ledger.putBusiness(new Business("acme", true))).isFalse();
            assertThat(ledger.business("acme")).contains(new Business("acme", true));
            assertThat(ledger.putCampaign(new Ledger.CampaignRecord("c1", "acme", Objective.REACH))).isTrue();
            assertThat(ledger.putCampaign(new Ledger.CampaignRecord("c1", "acme", Objective.MESSAGES))).isFalse();
            assertThat(ledger.campaign("c1")).contains(new Ledger.CampaignRecord("c1", "acme", Objective.MESSAGES));
            assertThat(ledger.campaign("nope")).isEmpty();
        }
    }
}
