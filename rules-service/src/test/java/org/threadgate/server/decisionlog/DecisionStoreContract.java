package org.threadgate.server.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.decisionlog.DecisionQuery;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.DecisionStore;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.json.Json;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;

/**
 * The decision log on a real database (H2 and PostgreSQL subclasses): by default nothing is dropped (batch lines
 * wait, singles go on), with drop chosen it counts what it drops, closing writes everything queued, retention
 * deletes old records, batch lines are stored compactly and read back whole, a person is pseudonymized, and the
 * store answers the queries the API asks, on the real engine's decisions.
 */
abstract class DecisionStoreContract {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    protected abstract Database open();

    private Database database;
    private JdbcDecisionStore store;
    private DeliveryPolicyService service;

    @BeforeEach
    void setUp() {
        database = open();
        store = new JdbcDecisionStore(database.dataSource(), "test");
        service = DeliveryPolicyService.bundled();
    }

    @AfterEach
    void tearDown() {
        service.close();
        database.close();
    }

    private Decided decision(String person) {
        CampaignRequest campaign = new CampaignRequest(AT, new Business("acme", true),
                new Campaign("spring", "acme", Objective.MESSAGES, 500));
        Recipient recipient = new Recipient(new Person(person),
                new Conversation("acme", person, AT.minus(Duration.ofDays(3))), List.of());
        return service.decide(new DeliveryRequest(campaign, recipient), Origin.of(Origin.Via.JAVA, Origin.Form.FACTS));
    }

    /** A sink that holds every write until released: a database that has stopped answering, for a while. */
    private static final class HeldSink implements DecisionSink {
        final DecisionSink inner;
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        HeldSink(DecisionSink inner) {
            this.inner = inner;
        }

        @Override
        public void write(List<LogRecord> records) throws Exception {
            entered.countDown();
            release.await();
            inner.write(records);
        }

        @Override
        public long deleteBefore(Instant cutoff) throws Exception {
            return inner.deleteBefore(cutoff);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private Decided lineOf(String batch, String person) {
        CampaignRequest campaign = new CampaignRequest(AT, new Business("acme", true),
                new Campaign("spring", "acme", Objective.MESSAGES, 500));
        Recipient recipient = new Recipient(new Person(person),
                new Conversation("acme", person, AT.minus(Duration.ofDays(3))), List.of());
        return service.decide(new DeliveryRequest(campaign, recipient),
                Origin.of(Origin.Via.JAVA, Origin.Form.BATCH).inBatch(batch));
    }

    /**
     * By default nothing is lost: with the store stalled, single decisions still go in without waiting (up to twice
     * the queue), a batch line waits for room, and once the store answers every decision is written.
     */
    @Test
    void aFullQueue_makesBatchLinesWait_singlesGoOn_andNothingIsLost() throws Exception {
        HeldSink held = new HeldSink(store);
        DecisionLog log = new DecisionLog(held, Clock.systemUTC(), 2, Duration.ofDays(30));
        log.decided(decision("first"));
        held.entered.await(); // the writer has taken it and is held in the write: 1 in the backlog
        for (int i = 0; i < 3; i++) {
            log.decided(decision("p" + i)); // singles: room up to twice the queue (4), no waiting
        }
        assertThat(log.queueDepth()).isEqualTo(4);
        assertThat(log.waits()).isZero();
        CountDownLatch lineIn = new CountDownLatch(1);
        Thread bulk = new Thread(() -> {
            log.decided(lineOf("b-1", "line"));
            lineIn.countDown();
        });
        bulk.start();
        while (log.waits() == 0) { // the batch line found the queue full and is waiting for room
            Thread.onSpinWait();
        }
        assertThat(lineIn.getCount()).isEqualTo(1);
        assertThat(log.written()).isZero();
        held.release.countDown();
        lineIn.await();
        bulk.join();
        log.close();
        assertThat(log.dropped()).isZero();
        assertThat(log.written()).isEqualTo(5);
        assertThat(store.summary(null, null, null).decisions()).isEqualTo(5);
    }

    /** With --decision-log-overflow drop, a decision that finds the queue full is dropped and counted; none waits. */
    @Test
    void withDrop_aFullQueue_dropsAndCounts_neverWaits_andClosingWritesWhatWasQueued() throws Exception {
        HeldSink held = new HeldSink(store);
        DecisionLog log = new DecisionLog(held, Clock.systemUTC(), 2, DecisionLog.Overflow.DROP, Duration.ofDays(30),
                decided -> null);
        log.decided(decision("first"));
        held.entered.await();
        for (int i = 0; i < 10; i++) {
            log.decided(i % 2 == 0 ? decision("p" + i) : lineOf("b-2", "p" + i)); // returns at once
        }
        assertThat(log.queueDepth()).isEqualTo(2);
        assertThat(log.dropped()).isEqualTo(9);
        assertThat(log.waits()).isZero();
        held.release.countDown();
        log.close();
        assertThat(log.written()).isEqualTo(2);
        assertThat(store.summary(null, null, null).decisions()).isEqualTo(2);
    }

    /**
     * The lines of a batch are stored once with what they share: each reads back whole, exactly as its record was
     * made, by id, by person and in the export; the summary counts them; retried writes store nothing twice.
     */
    @Test
    void batchLines_storedCompactly_readBackWhole() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<org.threadgate.facade.decisionlog.Logged> logged = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            logged.add(new org.threadgate.facade.decisionlog.Logged(i % 5 == 0 ? decision("s" + i)
                    : lineOf("b-3", "p" + i), now.plusMillis(i), null));
        }
        for (int i = 0; i < logged.size(); i += 1_000) {
            List<org.threadgate.facade.decisionlog.Logged> batch = logged.subList(i, Math.min(logged.size(), i + 1_000));
            store.writeDecisions(batch);
            store.writeDecisions(batch); // an answer lost, the same batch again: no twin
        }
        List<String> exported = new ArrayList<>();
        store.export(null, null, exported::add);
        assertThat(exported).hasSize(2_500);
        for (int i = 0; i < logged.size(); i++) {
            String whole = logged.get(i).record().json();
            assertThat(exported.get(i)).isEqualTo(whole);
            if (i % 97 == 0) {
                assertThat(store.find(logged.get(i).decided().decisionId())).contains(whole);
            }
        }
        String person = ((Decided.Delivery) logged.get(1_234).decided()).request().recipient().person().id();
        assertThat(store.list(new DecisionQuery(person, null, null, null, null, null, null, null, 10)).records())
                .containsExactly(logged.get(1_234).record().json());
        // only the person's own lines are decoded: "p1" is not "p10".."p1999", and a single decision is found too
        assertThat(store.list(new DecisionQuery("p1", null, null, null, null, null, null, null, 10)).records())
                .containsExactly(logged.get(1).record().json());
        assertThat(store.list(new DecisionQuery("s5", null, null, null, null, null, null, null, 10)).records())
                .containsExactly(logged.get(5).record().json());
        assertThat(store.summary("spring", null, null).decisions()).isEqualTo(2_500);
        assertThat(store.summary("spring", now.plusMillis(100), now.plusMillis(1_100)).decisions()).isEqualTo(1_000);
        assertThat(store.summary("other", null, null).decisions()).isZero();
        assertThat(store.find("00000000-0000-7000-8000-000000000000")).isEmpty();
        assertThat(store.find("not-an-id")).isEmpty();
    }

    @Test
    void aPersonWhoseIdNeedsEscaping_isFoundByPerson_andNoOneElse() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<org.threadgate.facade.decisionlog.Logged> logged = List.of(
                new org.threadgate.facade.decisionlog.Logged(lineOf("b-9", "tab\there"), now, null),
                new org.threadgate.facade.decisionlog.Logged(lineOf("b-9", "tab"), now.plusMillis(1), null),
                new org.threadgate.facade.decisionlog.Logged(decision("back\\slash\nline"), now.plusMillis(2), null));
        store.writeDecisions(logged);
        assertThat(store.list(new DecisionQuery("tab\there", null, null, null, null, null, null, null, 10)).records())
                .containsExactly(logged.get(0).record().json());
        assertThat(store.list(new DecisionQuery("back\\slash\nline", null, null, null, null, null, null, null, 10))
                .records()).containsExactly(logged.get(2).record().json());
        assertThat(store.list(new DecisionQuery("tab", null, null, null, null, null, null, null, 10)).records())
                .containsExactly(logged.get(1).record().json());
    }

    /**
     * Impact analysis over the compact chunks reports what it reports over the same records exported whole: the same
     * counts, transitions and fidelity, also within a time range.
     */
    @Test
    void impactOverChunks_reportsAsOverWholeRecords() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<org.threadgate.facade.decisionlog.Logged> logged = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            logged.add(new org.threadgate.facade.decisionlog.Logged(i % 7 == 0 ? decision("s" + i)
                    : lineOf("b-5", "p" + i), now.plusMillis(i), null));
        }
        store.writeDecisions(logged.subList(0, 1_000));
        store.writeDecisions(logged.subList(1_000, 1_500));
        org.threadgate.engine.PolicySource bundled = org.threadgate.engine.PolicySource.bundled();
        org.threadgate.engine.PolicySet own = new org.threadgate.engine.PolicyCompiler().compile(bundled).policySet();
        org.threadgate.engine.PolicySet candidate = new org.threadgate.engine.PolicyCompiler().compile(
                org.threadgate.engine.PolicySource.of("candidate", bundled.ruleFiles(), bundled.settings()
                        .replace("minimumAudienceSize: 100", "minimumAudienceSize: 600"))).policySet();
        for (Instant[] range : new Instant[][] {{null, null}, {now.plusMillis(400), now.plusMillis(1_200)}}) {
            org.threadgate.server.impact.ImpactAnalysis whole = new org.threadgate.server.impact.ImpactAnalysis(
                    candidate, version -> java.util.Optional.of(own)).within(range[0], range[1]);
            store.export(range[0], range[1], whole::add);
            org.threadgate.server.impact.ImpactAnalysis compact = new org.threadgate.server.impact.ImpactAnalysis(
                    candidate, version -> java.util.Optional.of(own)).within(range[0], range[1]);
            store.chunks(range[0], range[1], compact::add);
            org.threadgate.server.impact.ImpactReport a = whole.report();
            org.threadgate.server.impact.ImpactReport b = compact.report();
            assertThat(b.records()).isEqualTo(a.records()).isEqualTo(range[0] == null ? 1_500 : 800);
            assertThat(b.changed()).isEqualTo(a.changed()).isPositive();
            assertThat(b.transitions()).isEqualTo(a.transitions());
            assertThat(b.reasons()).isEqualTo(a.reasons());
            assertThat(b.fidelity()).isEqualTo(a.fidelity());
            assertThat(b.fidelity().mismatched()).isZero();
        }
    }

    /**
     * Pseudonymizing a person replaces their id in every record that names it, and only theirs: the records still
     * count, other people's stay as they were, and the id is nowhere in the log.
     */
    @Test
    void pseudonymizing_replacesOnePersonsId_andLeavesEveryoneElse() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<org.threadgate.facade.decisionlog.Logged> logged = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String person = i % 50 == 7 ? "gone" : "p" + i;
            logged.add(new org.threadgate.facade.decisionlog.Logged(i % 3 == 0 ? decision(person)
                    : lineOf("b-4", person), now.plusMillis(i), null));
        }
        store.writeDecisions(logged);
        List<String> before = new ArrayList<>();
        store.export(null, null, before::add);
        assertThat(store.pseudonymize("gone", "erased-1234")).isEqualTo(6);
        List<String> after = new ArrayList<>();
        store.export(null, null, after::add);
        assertThat(after).hasSize(300).noneMatch(r -> r.contains("\"gone\""));
        for (int i = 0; i < 300; i++) {
            if (i % 50 == 7) {
                assertThat(after.get(i)).isEqualTo(before.get(i).replace("\"gone\"", "\"erased-1234\""));
            } else {
                assertThat(after.get(i)).isEqualTo(before.get(i));
            }
        }
        assertThat(store.list(new DecisionQuery("gone", null, null, null, null, null, null, null, 10)).records())
                .isEmpty();
        // the chunks' filters and people are made again from the changed lines: the token now stands where the id
        // stood (an auditor who reads one erased record finds the others), and the id is not in them any more
        assertThat(store.list(new DecisionQuery("erased-1234", null, null, null, null, null, null, null, 10))
                .records()).hasSize(6).allMatch(r -> r.contains("\"erased-1234\""));
        assertThat(store.list(new DecisionQuery("p8", null, null, null, null, null, null, null, 10)).records())
                .containsExactly(after.get(8));
        assertThat(store.summary("spring", null, null).decisions()).isEqualTo(300);
        assertThat(store.pseudonymize("gone", "erased-5678")).isZero();
    }

    @Test
    void closing_writesEveryQueuedDecision() {
        DecisionLog log = new DecisionLog(store, Clock.systemUTC(), 10_000, Duration.ofDays(30));
        for (int i = 0; i < 2_500; i++) {
            log.decided(decision("p" + i));
        }
        log.close();
        assertThat(log.dropped()).isZero();
        assertThat(store.summary("spring", null, null).decisions()).isEqualTo(2_500);
        List<String> exported = new ArrayList<>();
        store.export(null, null, exported::add);
        assertThat(exported).hasSize(2_500);
    }

    /**
     * A batch whose commit reached the database but whose answer was lost is written again (the log retries the same
     * decisions): no error, no twin; a different batch that starts with the same record is a chunk of its own.
     */
    @Test
    void aBatchWrittenAgain_afterItsAnswerWasLost_storesEachRecordOnce() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<LogRecord> first = List.of(LogRecord.of(decision("a"), now), LogRecord.of(decision("b"), now));
        store.write(first);
        store.write(first);
        List<String> all = new ArrayList<>();
        store.export(null, null, all::add);
        assertThat(all).hasSize(2);
        store.write(List.of(first.get(0), LogRecord.of(decision("c"), now)));
        all.clear();
        store.export(null, null, all::add);
        assertThat(all).hasSize(4);
    }

    @Test
    void retention_deletesRecordsOlderThanItKeeps() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        // written apart, as the log writes them: a chunk goes when its newest record is older than the retention
        store.write(List.of(LogRecord.of(decision("old"), now.minus(Duration.ofDays(31)))));
        store.write(List.of(LogRecord.of(decision("recent"), now.minus(Duration.ofDays(29)))));
        DecisionLog log = new DecisionLog(store, Clock.fixed(now, ZoneOffset.UTC), 100, Duration.ofDays(30));
        log.retainNow();
        while (log.deleted() == 0) { // the writer runs the retention within its next poll
            Thread.sleep(5);
        }
        log.close();
        List<String> left = new ArrayList<>();
        store.export(null, null, left::add);
        assertThat(left).hasSize(1);
        assertThat(Json.MAPPER.readTree(left.get(0)).get("request").get("person").get("id").asText())
                .isEqualTo("recent");
    }

    @Test
    void listing_pagesNewestFirst_andFiltersByCode() throws Exception {
        Instant base = Instant.parse("2026-11-25T10:00:00Z");
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(LogRecord.of(decision("p" + (i % 3)), base.plusSeconds(i / 2))); // pairs share an instant
        }
        store.write(records);
        List<String> seen = new ArrayList<>();
        DecisionQuery.Cursor cursor = null;
        do {
            DecisionStore.Page page = store.list(new DecisionQuery(null, null, null, null, null, null, null, cursor,
                    4));
            for (String record : page.records()) {
                seen.add(Json.MAPPER.readTree(record).get("decisionId").asText());
            }
            cursor = page.next();
        } while (cursor != null);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates();
        assertThat(store.list(new DecisionQuery("p1", null, null, "DELIVER", null, base.plusSeconds(5), null, null,
                100)).records()).hasSize(7);
        assertThat(store.list(new DecisionQuery(null, null, null, null, "NO_OPEN_THREAD", null, null, null, 100))
                .records()).isEmpty();
        JsonNode one = Json.MAPPER.readTree(store.find(records.get(0).decisionId()).orElseThrow());
        assertThat(one.get("at").asText()).isEqualTo(base.toString());
    }

    @Test
    void aFileLog_writesOneLinePerDecision_intoHourlyFiles(@TempDir Path dir) throws Exception {
        DecisionLog log = new DecisionLog(new FileSink(dir), Clock.systemUTC(), 1_000, Duration.ofDays(30));
        for (int i = 0; i < 300; i++) {
            log.decided(decision("p" + i));
        }
        log.close();
        long lines = 0;
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                assertThat(file.getFileName().toString()).matches("decisions-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d+\\.ndjson");
                for (String line : Files.readAllLines(file)) {
                    assertThat(Json.MAPPER.readTree(line).get("decisionId").asText()).isNotBlank();
                    lines++;
                }
            }
        }
        assertThat(lines).isEqualTo(300);
        FileSink sink = new FileSink(dir);
        sink.deleteBefore(Instant.now().plus(Duration.ofHours(2)));
        sink.close();
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isZero();
        }
    }
}
