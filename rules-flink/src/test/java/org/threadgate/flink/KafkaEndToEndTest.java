package org.threadgate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.devbroker.DevBrokerProcess;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.KafkaAddress;
import org.threadgate.model.ThreadState;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.decisionlog.KafkaSink;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.server.impact.ImpactAnalysis;
import org.threadgate.server.impact.ImpactReport;
import org.threadgate.server.webhook.MessengerSecrets;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * The scale-out path end to end on the real development broker: signed Messenger webhook deliveries → the service
 * ({@code --events-to kafka://…}) → the events topic → the Flink fold → the ledger's PostgreSQL tables → a decision by
 * reference from the service, recorded ({@code record: true}: its delivery back on the events topic) → its record on
 * the decision topic ({@code --decision-log kafka://…}) → replayed by impact analysis, which finds what a stricter
 * candidate would change and that the record decides again exactly as logged.
 */
class KafkaEndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration
            .Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    private static final PostgresSchemas POSTGRES = new PostgresSchemas("tg_e2e_");
    private static final String SECRET = "app-secret-for-tests";
    private static final String PAGE = "1001";
    private static final String OTHER_PAGE = "1002";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchemas() {
        POSTGRES.dropAll();
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpClient http, ThreadgateServer server, String method, String path,
                                             String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void webhookToTopicToFoldToLedger_decisionToLogTopic_replayedByImpact() throws Exception {
        PostgresSchemas.require("KafkaEndToEndTest (the fold writes the ledger's PostgreSQL tables)");
        String url = POSTGRES.newSchemaUrl();
        try (DevBrokerProcess broker = DevBrokerProcess.start(dir.resolve("broker"))) {
            String events = "kafka://" + broker.bootstrap() + "/events";
            String decisions = "kafka://" + broker.bootstrap() + "/decisions";
            HttpClient http = HttpClient.newHttpClient();
            String decisionId;
            try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(Path.of("unused"), config -> {
                config.storage.jdbc(url, PostgresSchemas.USER, "");
                config.storage.eventsTo = events;
                config.decisionLog.where = decisions;
                config.webhook.secrets = new MessengerSecrets(SECRET, "verify");
                config.policies.factsStaleness = Duration.ZERO;
            }))) {
                json(send(http, server, "PUT", "/v1/businesses/" + PAGE, "{\"sponsoredMessagesEnabled\":true}", null),
                        201);
                json(send(http, server, "PUT", "/v1/campaigns/spring", "{\"businessId\":\"" + PAGE
                        + "\",\"objective\":\"MESSAGES\"}", null), 201);
                // 120 people write to the page ten days before; one of them got another page's sponsored message
                List<String> items = new ArrayList<>();
                for (int p = 700; p < 820; p++) {
                    items.add("{\"sender\": {\"id\": \"" + p + "\"}, \"recipient\": {\"id\": \"" + PAGE + "\"},"
                            + " \"timestamp\": 1772280000000, \"message\": {\"mid\": \"m_hi-" + p + "\", \"text\": \"hi\"}}");
                }
                String delivery = "{\"object\": \"page\", \"entry\": [{\"id\": \"" + PAGE + "\", \"time\": 1772280000000,"
                        + " \"messaging\": [" + String.join(",", items) + "]}, {\"id\": \"" + OTHER_PAGE + "\", \"time\":"
                        + " 1773140400000, \"messaging\": [{\"sender\": {\"id\": \"" + OTHER_PAGE + "\"}, \"recipient\":"
                        + " {\"id\": \"777\"}, \"timestamp\": 1773140400000, \"message\": {\"mid\": \"m_ad\", \"is_echo\":"
                        + " true, \"metadata\": " + Json.write("{\"threadgate\":\"sponsored\",\"campaignId\":\"autumn\"}")
                        + "}}]}]}";
                JsonNode hooked = json(send(http, server, "POST", "/v1/webhooks/messenger", delivery, sign(delivery)), 200);
                assertThat(hooked.get("stored").asInt()).isEqualTo(121);
                // nothing is in the ledger until the fold has run
                assertThat(send(http, server, "GET", "/v1/people/777", "", null).statusCode()).isEqualTo(404);

                fold(events, url);

                JsonNode person = json(send(http, server, "GET", "/v1/people/777?at=2026-03-10T12:00:00Z", "", null),
                        200);
                assertThat(person.get("threads")).hasSize(2);
                assertThat(person.at("/personCap/counted").asInt()).isEqualTo(1);
                JsonNode decided = json(send(http, server, "POST", "/v1/decisions/delivery", "{\"campaignId\":"
                        + "\"spring\",\"personId\":\"777\",\"at\":\"2026-03-10T12:00:00Z\",\"record\":true}", null), 200);
                assertThat(decided.get("outcome").asText()).as(decided.toString()).isEqualTo("DELIVER");
                assertThat(decided.get("recorded").asBoolean()).isTrue();
                decisionId = decided.get("decisionId").asText();
            } // closing the service writes what its decision log holds

            // the Flink audience job decides the page's audience from the ledger the fold wrote, its records to the
            // same decision topic
            Path states = dir.resolve("states.ndjson");
            List<String> members = new ArrayList<>();
            try (Database pg = Database.jdbc(url, PostgresSchemas.USER, "")) {
                new org.threadgate.storage.jdbc.JdbcLedger(pg.dataSource(), java.time.Clock.systemUTC())
                        .audience(PAGE, thread -> members.add(Events.write(thread)));
            }
            java.nio.file.Files.write(states, members, StandardCharsets.UTF_8);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            AudienceJob.Outputs audience = AudienceJob.decide(FoldJob.files(env, states.toString()),
                    AudienceJob.noUpdates(env), Policies.toJson(PolicySource.bundled()),
                    Campaigns.of(java.time.Instant.parse("2026-03-10T12:00:00Z"), PAGE, true, "spring",
                            org.threadgate.model.Objective.MESSAGES, members.size()), 4, true);
            audience.records().sinkTo(AudienceJob.recordsTo(KafkaAddress.parse(decisions)));
            audience.decisions().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
            env.execute("audience to the decision topic");

            // the decision's record is on the decision topic, with the facts the fold wrote, beside the job's 120
            List<String> all = new ArrayList<>();
            KafkaSink.read(KafkaAddress.parse(decisions), all::add);
            assertThat(all).hasSize(1 + 120);
            assertThat(all.stream().filter(line -> line.contains("\"via\":\"FLINK\""))).hasSize(120);
            List<String> records = all.stream().filter(line -> line.contains("\"decisionId\":\"" + decisionId + "\""))
                    .toList();
            assertThat(records).hasSize(1);
            JsonNode record = Json.MAPPER.readTree(records.get(0));
            assertThat(record.get("decisionId").asText()).isEqualTo(decisionId);
            assertThat(record.at("/request/campaign/audienceSize").asInt()).isEqualTo(120);
            assertThat(record.at("/request/person/recentDeliveries/0/businessId").asText()).isEqualTo(OTHER_PAGE);

            // replayed from the topic: a candidate that needs an audience of 1,000 would have suppressed it
            PolicySource bundled = PolicySource.bundled();
            PolicySource stricter = new PolicySource("stricter", bundled.ruleFiles(),
                    bundled.settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 1000"),
                    new java.util.TreeMap<>());
            try (PolicySet candidate = new PolicyCompiler().compile(stricter).policySet();
                 Database pg = Database.jdbc(url, PostgresSchemas.USER, "")) {
                PolicyVersions versions = new PolicyVersions(new JdbcDecisionStore(pg.dataSource(),
                        pg.description()));
                ImpactAnalysis analysis = new ImpactAnalysis(candidate, version -> versions.policySet(version, null));
                StringBuilder lines = new StringBuilder();
                KafkaSink.read(KafkaAddress.parse(decisions), line -> lines.append(line).append('\n'));
                analysis.addAll(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
                ImpactReport report = analysis.report();
                assertThat(report.records()).isEqualTo(121);
                // every member, on the service and on Flink, was deliverable with an audience of 120
                assertThat(report.transitions().get(ImpactReport.DELIVER_TO_SUPPRESS)).isEqualTo(121);
                assertThat(report.fidelity().checked()).isEqualTo(121);
                assertThat(report.fidelity().mismatched()).isZero();
            }

            // the recorded delivery went back to the events topic, under the decision's id, for the fold
            List<String> onEvents = new ArrayList<>();
            KafkaSink.read(KafkaAddress.parse(events), false, onEvents::add);
            assertThat(onEvents).anySatisfy(line -> assertThat(line).contains("\"eventId\":\"delivery:" + decisionId + "\"")
                    .contains("\"type\":\"SPONSORED_MESSAGE\""));
        }
    }

    /** The fold job over the events topic as it is now (bounded), into the ledger's tables. */
    private static void fold(String events, String url) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(conf);
        FoldJob.Outputs out = FoldJob.fold(FoldJob.source(env, events, true), ThreadState.MAX_RETENTION);
        out.threads().sinkTo(LedgerSink.threads(url, PostgresSchemas.USER, ""));
        out.audiences().sinkTo(LedgerSink.audiences(url, PostgresSchemas.USER, ""));
        env.execute("fold the events topic");
    }
}
