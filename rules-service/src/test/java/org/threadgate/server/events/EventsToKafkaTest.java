package org.threadgate.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.server.http.CheckedClient.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.devbroker.DevBrokerProcess;
import org.threadgate.facade.json.Json;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcLedger;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * {@code serve --events-to kafka://BROKERS/TOPIC} on the real development broker (a child process): events accepted
 * by {@code POST /v1/events}, by the Messenger webhook and the deliveries of {@code record: true} decisions go to the
 * topic, keyed by thread, answered after the broker acknowledged them; the service writes nothing to its ledger; a
 * broker outage answers 503 and what was acknowledged before it is all on the topic after it.
 */
class EventsToKafkaTest {
    private static final PostgresSchemas POSTGRES = new PostgresSchemas("tg_kafka_");
    @TempDir
    static Path dir;
    private static DevBrokerProcess broker;
    private final CheckedClient client = new CheckedClient();

    @BeforeAll
    static void startBroker() throws Exception {
        PostgresSchemas.require("EventsToKafkaTest (the ledger the fold would write)");
        broker = DevBrokerProcess.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
        POSTGRES.dropAll();
    }

    private ThreadgateServer start(String url, String topic) throws Exception {
        return ThreadgateServer.start(ServerConfig.local(Path.of("unused"), config -> {
            config.storage.jdbc(url, PostgresSchemas.USER, "");
            config.storage.eventsTo = "kafka://" + broker.bootstrap() + "/" + topic;
            config.storage.eventsTimeout = Duration.ofSeconds(10); // a new topic is created on its first event
            config.policies.factsStaleness = Duration.ZERO;
        }));
    }

    private static String event(String id, String type, String business, String person, String at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"businessId\":\"" + business
                + "\",\"personId\":\"" + person + "\",\"occurredAt\":\"" + at + "\""
                + (type.equals("SPONSORED_MESSAGE") ? ",\"campaignId\":\"earlier\"" : "") + "}";
    }

    /** Every record on the topic, from the beginning to its end now. */
    private static List<ConsumerRecord<String, String>> topic(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        return all;
    }

    @Test
    void eventsGoToTheTopic_keyedByThread_andTheLedgerIsLeftToTheFold() throws Exception {
        String url = POSTGRES.newSchemaUrl();
        try (ThreadgateServer server = start(url, "events-a")) {
            JsonNode answer = json(send(server, "POST", "/v1/events", "["
                    + event("e1", "PERSON_MESSAGE", "acme", "p-1", "2026-03-01T09:00:00Z") + ","
                    + event("e2", "PERSON_MESSAGE", "acme", "p-2", "2026-03-01T09:00:00Z") + ","
                    + event("e3", "SPONSORED_MESSAGE", "shop", "p-1", "2026-03-10T09:00:00Z") + "]"), 200);
            assertThat(answer.get("received").asInt()).isEqualTo(3);
            assertThat(answer.get("stored").asInt()).isEqualTo(3);
            assertThat(answer.get("duplicates").asInt()).isZero();
            List<ConsumerRecord<String, String>> records = topic("events-a");
            assertThat(records).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("acme/p-1", "acme/p-2", "shop/p-1");
            for (ConsumerRecord<String, String> record : records) {
                JsonNode event = Json.MAPPER.readTree(record.value());
                assertThat(event.get("businessId").asText() + "/" + event.get("personId").asText())
                        .isEqualTo(record.key());
            }
            // nothing was written to the ledger by the service: the fold writes it
            assertThat(send(server, "GET", "/v1/businesses/acme/threads/p-1", "").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aRecordedDelivery_isOnTheTopicBeforeTheAnswer() throws Exception {
        String url = POSTGRES.newSchemaUrl();
        try (ThreadgateServer server = start(url, "events-b")) {
            json(send(server, "PUT", "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}"), 201);
            json(send(server, "PUT", "/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}"),
                    201);
            // the ledger as the fold writes it: 100 people who wrote to acme ten days before
            try (Database pg = Database.jdbc(url, PostgresSchemas.USER, "")) {
                List<ThreadState> threads = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    threads.add(ThreadState.empty("acme", "p-" + i).apply(new MessagingEvent("m" + i,
                            EventType.PERSON_MESSAGE, "acme", "p-" + i, Instant.parse("2026-03-01T09:00:00Z"), null,
                            null), ThreadState.MAX_RETENTION));
                }
                new JdbcLedger(pg.dataSource(), java.time.Clock.systemUTC()).replaceFolded(threads,
                        Map.of("acme", 100L));
            }
            JsonNode decided = json(send(server, "POST", "/v1/decisions/delivery", "{\"campaignId\":\"spring\","
                    + "\"personId\":\"p-7\",\"at\":\"2026-03-10T12:00:00Z\",\"record\":true}"), 200);
            assertThat(decided.get("outcome").asText()).as(decided.toString()).isEqualTo("DELIVER");
            assertThat(decided.get("recorded").asBoolean()).isTrue();
            List<ConsumerRecord<String, String>> records = topic("events-b");
            assertThat(records).hasSize(1);
            JsonNode delivery = Json.MAPPER.readTree(records.get(0).value());
            assertThat(delivery.get("eventId").asText()).isEqualTo("delivery:" + decided.get("decisionId").asText());
            assertThat(delivery.get("type").asText()).isEqualTo("SPONSORED_MESSAGE");
            assertThat(delivery.get("campaignId").asText()).isEqualTo("spring");
            assertThat(records.get(0).key()).isEqualTo("acme/p-7");
        }
    }

    @Test
    void aBrokerOutage_isA503_andNothingAcknowledgedIsLost() throws Exception {
        String url = POSTGRES.newSchemaUrl();
        try (ThreadgateServer server = start(url, "events-c")) {
            json(send(server, "POST", "/v1/events", "[" + event("before", "PERSON_MESSAGE", "acme", "p-1",
                    "2026-03-01T09:00:00Z") + "]"), 200);
            broker.kill();
            try {
                JsonNode refused = json(send(server, "POST", "/v1/events", "[" + event("during", "PERSON_MESSAGE",
                        "acme", "p-2", "2026-03-01T09:00:00Z") + "]"), 503);
                assertThat(refused.get("code").asText()).isEqualTo("STORAGE_UNAVAILABLE");
                assertThat(refused.toString()).doesNotContain("Exception").doesNotContain("at org.");
            } finally {
                broker.startAgain();
            }
            // the platform retries; the retry is acknowledged, and the event before the outage is still there
            json(send(server, "POST", "/v1/events", "[" + event("during", "PERSON_MESSAGE", "acme", "p-2",
                    "2026-03-01T09:00:00Z") + "]"), 200);
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<String, String> record : topic("events-c")) {
                ids.add(Json.MAPPER.readTree(record.value()).get("eventId").asText());
            }
            assertThat(ids).contains("before", "during");
        }
    }

    @Test
    void aWrongAddress_isRefusedAtStart_namingTheForm() {
        assertThatThrownBy(() -> ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.storage.eventsTo = "kafka://only-brokers"))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("kafka://BROKERS/TOPIC");
    }

    private HttpResponse<String> send(ThreadgateServer server, String method, String path, String body)
            throws Exception {
        return client.send(server.port(), method, path, body);
    }
}
