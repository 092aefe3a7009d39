package org.threadgate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.json.Json;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Objective;
import org.threadgate.model.ThreadState;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcLedger;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * The Flink jobs on a mini-cluster (parallelism 2) against the single-node ledger and the real service: the same
 * fold (100,000 events, duplicated and shuffled), the same audience decisions line for line, the same state after a
 * failure and restore from a checkpoint, and policy updates on the broadcast stream.
 */
class FlinkJobsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration
            .Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final PostgresSchemas POSTGRES = new PostgresSchemas("tg_flink_");
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
    private static final String[] ZONES = {"Europe/Paris", "Asia/Tokyo", "America/New_York"};

    @TempDir
    static Path dir;
    private static List<MessagingEvent> history;
    private static Path eventsFile;
    private static Map<String, ThreadState> expectedThreads;
    private static Map<String, Integer> expectedAudiences;

    /** 100,000 events over 3 businesses and 1,500 people each: every type, ties, a tenth repeated, shuffled. */
    @BeforeAll
    static void history() throws Exception {
        PostgresSchemas.require("FlinkJobsTest (the fold writes the ledger's PostgreSQL tables)");
        Random random = new Random(17);
        EventType[] types = EventType.values();
        List<MessagingEvent> unique = new ArrayList<>();
        for (int i = 0; i < 91_000; i++) {
            EventType type = types[random.nextInt(types.length)];
            if (random.nextInt(3) == 0) {
                type = EventType.PERSON_MESSAGE; // more open threads, so audiences are large
            }
            unique.add(new MessagingEvent("e" + i, type, "b" + random.nextInt(3), "p" + random.nextInt(1_500),
                    T0.plusSeconds(60L * random.nextInt(20_000)),
                    type == EventType.SPONSORED_MESSAGE ? "c" + random.nextInt(5) : null,
                    type == EventType.PERSON_PROFILE ? ZoneId.of(ZONES[random.nextInt(ZONES.length)]) : null));
        }
        history = new ArrayList<>(unique);
        for (int i = 0; i < 9_000; i++) {
            history.add(unique.get(random.nextInt(unique.size())));
        }
        Collections.shuffle(history, random);
        eventsFile = dir.resolve("events.ndjson");
        Files.write(eventsFile, history.stream().map(Json::write).toList(), StandardCharsets.UTF_8);

        // the single-node ledger, in event order, in requests of 1,000
        try (Database h2 = Database.h2Memory("flink-expected")) {
            JdbcLedger ledger = new JdbcLedger(h2.dataSource(), java.time.Clock.systemUTC());
            for (int from = 0; from < history.size(); from += 1_000) {
                ledger.ingest(history.subList(from, Math.min(history.size(), from + 1_000)));
            }
            expectedThreads = new HashMap<>();
            expectedAudiences = new HashMap<>();
            for (MessagingEvent e : unique) {
                expectedThreads.computeIfAbsent(Events.key(e.businessId(), e.personId()),
                        k -> ledger.thread(e.businessId(), e.personId()).orElseThrow());
            }
            for (int b = 0; b < 3; b++) {
                expectedAudiences.put("b" + b, ledger.audienceSize("b" + b));
            }
        }
    }

    @AfterAll
    static void dropSchemas() {
        POSTGRES.dropAll();
    }

    /** Parallelism 2, checkpoints every 200 ms, and no restart: a failing job fails the test at once. */
    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(conf);
        return env;
    }

    /** The same, restarting a failed job from its last checkpoint (three times at most, 200 ms apart). */
    private static StreamExecutionEnvironment restartingEnvironment() {
        StreamExecutionEnvironment env = environment();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(conf);
        return env;
    }

    /** Reads back what the fold wrote to the ledger's tables, through the service's own ledger. */
    private static void assertLedgerEqualsExpected(String url) {
        try (Database pg = Database.jdbc(url, PostgresSchemas.USER, "")) {
            JdbcLedger ledger = new JdbcLedger(pg.dataSource(), java.time.Clock.systemUTC());
            for (Map.Entry<String, ThreadState> expected : expectedThreads.entrySet()) {
                ThreadState e = expected.getValue();
                assertThat(ledger.thread(e.businessId(), e.personId())).as(expected.getKey()).contains(e);
            }
            for (Map.Entry<String, Integer> audience : expectedAudiences.entrySet()) {
                assertThat(ledger.audienceSize(audience.getKey())).as(audience.getKey())
                        .isEqualTo(audience.getValue());
            }
        }
    }

    private static String migratedSchema() {
        String url = POSTGRES.newSchemaUrl();
        Database.jdbc(url, PostgresSchemas.USER, "").close(); // the service's migrations make the tables
        return url;
    }

    @Test
    void fold_ofShuffledDuplicatedEvents_equalsTheSingleNodeLedger_threadForThread() throws Exception {
        String url = migratedSchema();
        StreamExecutionEnvironment env = environment();
        FoldJob.Outputs out = FoldJob.fold(FoldJob.files(env, eventsFile.toString()), ThreadState.MAX_RETENTION);
        out.threads().sinkTo(LedgerSink.threads(url, PostgresSchemas.USER, ""));
        out.audiences().sinkTo(LedgerSink.audiences(url, PostgresSchemas.USER, ""));
        env.execute("fold");
        assertLedgerEqualsExpected(url);
    }

    /**
     * Fails the job once, a third of the way through its input, after at least one checkpoint; one run of it per
     * name (the counters live in the test's JVM, shared by the job's parallel tasks).
     */
    static final class FailOnce implements MapFunction<String, String> {
        static final Map<String, AtomicBoolean> FAILED = new java.util.concurrent.ConcurrentHashMap<>();
        static final Map<String, AtomicInteger> SEEN = new java.util.concurrent.ConcurrentHashMap<>();
        private final String name;

        FailOnce(String name) {
            this.name = name;
            FAILED.put(name, new AtomicBoolean());
            SEEN.put(name, new AtomicInteger());
        }

        static boolean failed(String name) {
            return FAILED.get(name).get();
        }

        @Override
        public String map(String line) throws Exception {
            AtomicBoolean failed = FAILED.get(name);
            int seen = SEEN.get(name).incrementAndGet();
            if (!failed.get() && seen == 35_000) {
                failed.set(true);
                throw new IllegalStateException("injected failure");
            }
            if (!failed.get() && seen % 2_000 == 0) {
                Thread.sleep(150); // let checkpoints complete before the failure
            }
            return line;
        }
    }

    @Test
    void fold_withAFailureInjectedMidJob_restoresFromTheCheckpoint_toExactlyTheSameState() throws Exception {
        String url = migratedSchema();
        StreamExecutionEnvironment env = restartingEnvironment();
        DataStream<String> lines = FoldJob.files(env, eventsFile.toString()).map(new FailOnce("files"))
                .returns(Types.STRING);
        FoldJob.Outputs out = FoldJob.fold(lines, ThreadState.MAX_RETENTION);
        out.threads().sinkTo(LedgerSink.threads(url, PostgresSchemas.USER, ""));
        out.audiences().sinkTo(LedgerSink.audiences(url, PostgresSchemas.USER, ""));
        env.execute("fold with a failure");
        assertThat(FailOnce.failed("files")).isTrue();
        assertLedgerEqualsExpected(url);
    }

    /**
     * The fold reading the real development broker: the events produced to a topic of two partitions, keyed by
     * thread, each tenth one twice (and a producer retry's duplicates on top: the same records sent again), the job
     * failed a third of the way in and restored from its checkpoint (the Kafka offsets in it): the ledger equals the
     * single-node ledger's exactly.
     */
    @Test
    void fold_ofAKafkaTopic_failedMidTopicAndRestored_equalsTheSingleNodeLedger() throws Exception {
        String url = migratedSchema();
        try (org.threadgate.devbroker.DevBrokerProcess broker = org.threadgate.devbroker.DevBrokerProcess.start(
                dir.resolve("broker"))) {
            java.util.Properties p = new java.util.Properties();
            p.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
            p.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 5);
            try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                         new org.apache.kafka.clients.producer.KafkaProducer<>(p,
                                 new org.apache.kafka.common.serialization.StringSerializer(),
                                 new org.apache.kafka.common.serialization.StringSerializer())) {
                List<MessagingEvent> sent = new ArrayList<>(history);
                sent.addAll(history.subList(0, 5_000)); // a producer that retried a batch after a lost acknowledgement
                for (MessagingEvent e : sent) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("fold-events",
                            Events.key(e.businessId(), e.personId()), Json.write(e)));
                }
                producer.flush();
            }
            StreamExecutionEnvironment env = restartingEnvironment();
            DataStream<String> lines = FoldJob.source(env, "kafka://" + broker.bootstrap() + "/fold-events", true)
                    .map(new FailOnce("kafka")).returns(Types.STRING);
            FoldJob.Outputs out = FoldJob.fold(lines, ThreadState.MAX_RETENTION);
            out.threads().sinkTo(LedgerSink.threads(url, PostgresSchemas.USER, ""));
            out.audiences().sinkTo(LedgerSink.audiences(url, PostgresSchemas.USER, ""));
            env.execute("fold from kafka with a failure");
            assertThat(FailOnce.failed("kafka")).isTrue();
            assertLedgerEqualsExpected(url);
        }
    }

    @Test
    void audience_decisionsEqualTheServicesAudienceStream_lineForLine() throws Exception {
        String url = migratedSchema();
        Path states = dir.resolve("states");
        StreamExecutionEnvironment env = environment();
        FoldJob.Outputs out = FoldJob.fold(FoldJob.files(env, eventsFile.toString()), ThreadState.MAX_RETENTION);
        out.threads().sinkTo(LedgerSink.threads(url, PostgresSchemas.USER, ""));
        out.audiences().sinkTo(LedgerSink.audiences(url, PostgresSchemas.USER, ""));
        FoldJob.finalStates(out.threads()).sinkTo(FileSink.forRowFormat(new org.apache.flink.core.fs.Path(states.toUri()),
                        new SimpleStringEncoder<String>()).build());
        env.execute("fold for the audience");

        // the service decides from the tables the fold wrote
        List<String> service = new ArrayList<>();
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(Path.of("unused"), config -> {
            config.storage.jdbc(url, PostgresSchemas.USER, "");
            config.policies.factsStaleness = Duration.ZERO;
        }))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            send(http, base + "/v1/businesses/b1", "PUT", "{\"sponsoredMessagesEnabled\":true}");
            send(http, base + "/v1/campaigns/spring", "PUT", "{\"businessId\":\"b1\",\"objective\":\"MESSAGES\"}");
            String answer = send(http, base + "/v1/campaigns/spring/audience/decisions", "POST",
                    "{\"at\":\"" + AT + "\"}");
            answer.lines().forEach(service::add);
        }
        int members = expectedAudiences.get("b1");
        assertThat(service).hasSize(members + 1);

        Path outFile = dir.resolve("audience.ndjson");
        StreamExecutionEnvironment audienceEnv = environment();
        AudienceJob.Outputs decided = AudienceJob.decide(FoldJob.files(audienceEnv, states.toString()),
                AudienceJob.noUpdates(audienceEnv), Policies.toJson(PolicySource.bundled()),
                Campaigns.of(AT, "b1", true, "spring", Objective.MESSAGES, members), 16, true);
        List<String> lines = new ArrayList<>();
        List<String> records = new ArrayList<>();
        try (CloseableIterator<String> it = decided.decisions().map(l -> "D" + l).returns(Types.STRING)
                .union(decided.records().map(r -> "R" + r).returns(Types.STRING)).executeAndCollect("audience")) {
            it.forEachRemaining(l -> (l.charAt(0) == 'D' ? lines : records).add(l.substring(1)));
        }
        // each decision's decision-log record: the same id, and it decides again exactly as logged
        assertThat(records).hasSize(members);
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : lines) {
            JsonNode d = Json.MAPPER.readTree(line);
            byId.put(d.get("decisionId").asText(), d);
        }
        try (var set = new org.threadgate.engine.PolicyCompiler().compile(PolicySource.bundled()).policySet()) {
            for (String r : records) {
                JsonNode record = Json.MAPPER.readTree(r);
                JsonNode d = byId.get(record.get("decisionId").asText());
                assertThat(d).as(r).isNotNull();
                assertThat(record.get("outcome").asText()).isEqualTo(d.get("outcome").asText());
                assertThat(record.at("/asked/via").asText()).isEqualTo("FLINK");
                assertThat(org.threadgate.facade.decisionlog.Replay.evaluate(record, set))
                        .isEqualTo(org.threadgate.facade.decisionlog.Replay.logged(record));
            }
        }
        Main.write(outFile, lines);
        List<String> flink = Files.readAllLines(outFile);
        assertThat(flink).hasSameSizeAs(service);
        for (int i = 0; i < members; i++) {
            assertThat(comparable(flink.get(i))).as("line %d", i + 1).isEqualTo(comparable(service.get(i)));
        }
        // the person cap saw each member's deliveries from the other businesses: some members are held by it while
        // b1's own cap (one in 48 hours, so it would hold anyone with three of b1's own) lets them through
        long byOthers = flink.subList(0, members).stream().filter(l -> l.contains("PERSON_CAP_REACHED")
                && !l.contains("FREQUENCY_CAP_REACHED")).count();
        assertThat(byOthers).as("members held by the person cap alone").isPositive();
        JsonNode flinkSummary = Json.MAPPER.readTree(flink.get(members));
        JsonNode serviceSummary = Json.MAPPER.readTree(service.get(members));
        assertThat(flinkSummary.get("summary")).isEqualTo(serviceSummary.get("summary"));
        assertThat(flinkSummary.get("policyVersion")).isEqualTo(serviceSummary.get("policyVersion"));
    }

    /** A decision line without its id (each side makes its own) and the version the Flink line adds. */
    private static JsonNode comparable(String line) throws IOException {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(line);
        node.remove("decisionId");
        node.remove("policyVersion");
        return node;
    }

    private static String send(HttpClient http, String uri, String method, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response.body();
    }

    /** Holds the thread states back at the half until the policy update has been sent. */
    static final class HalfThenWait implements MapFunction<String, String> {
        static final CountDownLatch UPDATE_SENT = new CountDownLatch(1);
        static final AtomicInteger SEEN = new AtomicInteger();
        static volatile int half;

        @Override
        public String map(String line) throws Exception {
            if (SEEN.incrementAndGet() > half) {
                UPDATE_SENT.await(60, TimeUnit.SECONDS);
            }
            return line;
        }
    }

    /** Sends the policy updates once the test has seen decisions made before them. */
    static final class AfterDecisions implements MapFunction<String, String> {
        static final CountDownLatch DECIDED = new CountDownLatch(1);

        @Override
        public String map(String update) throws Exception {
            DECIDED.await(60, TimeUnit.SECONDS);
            HalfThenWait.UPDATE_SENT.countDown();
            return update;
        }
    }

    @Test
    void policyUpdateMidJob_laterDecisionsCarryTheNewVersion_aBrokenUpdateIsRefused() throws Exception {
        // the thread states: every person of b2 with an open thread, in one file
        List<String> states = expectedThreads.values().stream()
                .filter(t -> t.businessId().equals("b2") && t.audienceMember()).map(Events::write).toList();
        Path statesFile = dir.resolve("b2-states.ndjson");
        Files.write(statesFile, states, StandardCharsets.UTF_8);
        HalfThenWait.half = states.size() / 2;

        PolicySource bundled = PolicySource.bundled();
        PolicySource stricter = new PolicySource("stricter", bundled.ruleFiles(),
                bundled.settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 100000"),
                new java.util.TreeMap<>()); // the bundled cases pin the minimum of 100
        java.util.TreeMap<String, String> brokenRules = new java.util.TreeMap<>(bundled.ruleFiles());
        brokenRules.put("broken/broken.drl", "package org.threadgate.policies.broken\nrule \"x\" when then\n");
        PolicySource broken = new PolicySource("broken", brokenRules, bundled.settings(), new java.util.TreeMap<>());

        StreamExecutionEnvironment env = environment();
        DataStream<String> threads = FoldJob.files(env, statesFile.toString()).map(new HalfThenWait())
                .returns(Types.STRING).setParallelism(1);
        DataStream<String> updates = env.fromData(List.of(Policies.toJson(stricter), Policies.toJson(broken)),
                Types.STRING).map(new AfterDecisions()).returns(Types.STRING).setParallelism(1);
        // decisions flow within AudienceEvaluator.LATENCY_MS of processing time, before the update is even sent
        AudienceJob.Outputs out = AudienceJob.decide(threads, updates, Policies.toJson(bundled),
                Campaigns.of(AT, "b2", true, "spring", Objective.MESSAGES, states.size()), 4);
        List<String> lines = new ArrayList<>();
        try (CloseableIterator<String> it = out.decisions().union(out.refused().map(r -> "REFUSED " + r)
                .returns(Types.STRING)).executeAndCollect("audience with updates")) {
            while (it.hasNext()) {
                lines.add(it.next());
                if (lines.size() == 20) {
                    AfterDecisions.DECIDED.countDown(); // 20 decisions made by the set in use: now the update
                }
            }
        }

        List<String> refused = lines.stream().filter(l -> l.startsWith("REFUSED ")).toList();
        // every task refuses the broken set, with the file and line of its problem
        assertThat(refused).hasSize(2).allSatisfy(r -> assertThat(r).contains("broken/broken.drl:"));
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("REFUSED ")) {
                decisions.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(decisions).hasSize(states.size());
        String oldVersion = compiledVersion(bundled);
        String newVersion = compiledVersion(stricter);
        Set<String> versions = decisions.stream().map(d -> d.get("policyVersion").asText())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(versions).containsExactlyInAnyOrder(oldVersion, newVersion);
        // the first decisions, made before the update was sent, are the old version's
        assertThat(decisions.subList(0, 20)).allSatisfy(d -> assertThat(d.get("policyVersion").asText())
                .isEqualTo(oldVersion));
        for (JsonNode d : decisions) {
            boolean stricterDecided = d.get("policyVersion").asText().equals(newVersion);
            // the stricter set needs an audience of 100,000: each of its decisions names that reason
            assertThat(d.toString().contains("AUDIENCE_TOO_SMALL")).as(d.toString()).isEqualTo(stricterDecided);
        }
    }

    private static String compiledVersion(PolicySource source) {
        try (var set = new org.threadgate.engine.PolicyCompiler().compile(source).policySet()) {
            return set.version();
        }
    }
}
