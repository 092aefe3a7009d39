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
 * The decision log on a real database (H2 and PostgreSQL subclasses): the queue never blocks a decision and counts
 * what it drops, closing writes everything queued, retention deletes old records, and the store answers the queries
 * the API asks, on the real engine's decisions.
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

    @Test
    void aFullQueue_dropsAndCounts_neverWaits_andClosingWritesWhatWasQueued() throws Exception {
        HeldSink held = new HeldSink(store);
        DecisionLog log = new DecisionLog(held, Clock.systemUTC(), 2, Duration.ofDays(30));
        log.decided(decision("first"));
        held.entered.await(); // the writer has taken it and is held in the write
        for (int i = 0; i < 10; i++) {
            log.decided(decision("p" + i)); // returns at once whatever the store does
        }
        assertThat(log.queueDepth()).isEqualTo(2);
        assertThat(log.dropped()).isEqualTo(8);
        assertThat(log.written()).isZero();
        held.release.countDown();
        log.close();
        assertThat(log.written()).isEqualTo(3);
        assertThat(store.summary(null, null, null).decisions()).isEqualTo(3);
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

    /** A batch whose commit reached the database but whose answer was lost is written again: no error, no twin. */
    @Test
    void aBatchWrittenAgain_afterItsAnswerWasLost_storesEachRecordOnce() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<LogRecord> first = List.of(LogRecord.of(decision("a"), now), LogRecord.of(decision("b"), now));
        store.write(first);
        List<LogRecord> retried = new ArrayList<>(first);
        retried.add(LogRecord.of(decision("c"), now));
        store.write(retried);
        List<String> all = new ArrayList<>();
        store.export(null, null, all::add);
        assertThat(all).hasSize(3);
    }

    @Test
    void retention_deletesRecordsOlderThanItKeeps() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        store.write(List.of(LogRecord.of(decision("old"), now.minus(Duration.ofDays(31))),
                LogRecord.of(decision("recent"), now.minus(Duration.ofDays(29)))));
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
