package org.threadgate.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.Events;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcLedger;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * Two service instances, started together, on one PostgreSQL database: overlapping batches sent to both at once are
 * all acknowledged (no 5xx while the database is up) and the final state is exactly the sequential fold; a person
 * erased through one is gone for both.
 */
class TwoInstancesTest {
    private static String schema;

    @BeforeAll
    static void requireServer() {
        PostgresSchemas.require("two instances on PostgreSQL");
        schema = "tg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresSchemas.execute("CREATE SCHEMA " + schema);
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            PostgresSchemas.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void overlappingConcurrentBatchesOnTwoInstances_allAcknowledged_exactState() throws Exception {
        String url = PostgresSchemas.URL + (PostgresSchemas.URL.contains("?") ? "&" : "?")
                + "currentSchema=" + schema;
        ServerConfig options = ServerConfig.local(Path.of("unused"),
                config -> config.storage.jdbc(url, PostgresSchemas.USER, ""));
        // both start at once: their migrations race on the empty schema
        CompletableFuture<ThreadgateServer> first = CompletableFuture.supplyAsync(() -> start(options));
        CompletableFuture<ThreadgateServer> second = CompletableFuture.supplyAsync(() -> start(options));
        List<MessagingEvent> history = Events.randomHistory(41, 3_000, 2, 60);
        try (ThreadgateServer a = first.join(); ThreadgateServer b = second.join()) {
            CheckedClient client = new CheckedClient();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int from = 0; from < history.size(); from += 100) {
                String body = Json.write(history.subList(from, from + 100));
                for (ThreadgateServer instance : List.of(a, b)) { // every batch to both instances at once
                    answers.add(pool.submit(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + instance.port() + "/v1/events")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build())));
                }
            }
            long stored = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                stored += Json.MAPPER.readTree(response.body()).get("stored").asLong();
            }
            pool.shutdown();
            assertThat(stored).isEqualTo(history.size());
        }

        Map<String, ThreadState> expected = new HashMap<>();
        for (MessagingEvent e : history) {
            expected.merge(e.businessId() + "/" + e.personId(), ThreadState.empty(e.businessId(), e.personId()).apply(e),
                    (folded, one) -> folded.apply(e));
        }
        try (Database db = Database.jdbc(url, PostgresSchemas.USER, "")) {
            JdbcLedger ledger = new JdbcLedger(db.dataSource(), Clock.systemUTC());
            Map<String, Integer> members = new HashMap<>();
            for (ThreadState state : expected.values()) {
                assertThat(ledger.thread(state.businessId(), state.personId())).contains(state);
                members.merge(state.businessId(), state.audienceMember() ? 1 : 0, Integer::sum);
            }
            members.forEach((business, count) -> assertThat(ledger.audienceSize(business)).as(business)
                    .isEqualTo(count));
        }
    }

    /**
     * A person erased through one instance is gone for both: their threads and events leave the shared ledger, the
     * decision records both instances wrote no longer name them, the audience shrinks, and another person's data is
     * unchanged; the next event for them, through the other instance, starts a fresh thread.
     */
    @Test
    void aPersonErasedThroughOneInstance_isGoneForBoth() throws Exception {
        String erasing = schema + "_erase";
        PostgresSchemas.execute("CREATE SCHEMA " + erasing);
        try {
            String url = PostgresSchemas.URL + (PostgresSchemas.URL.contains("?") ? "&" : "?")
                    + "currentSchema=" + erasing;
            ServerConfig options = ServerConfig.local(Path.of("unused"),
                    config -> config.storage.jdbc(url, PostgresSchemas.USER, ""));
            try (ThreadgateServer a = start(options); ThreadgateServer b = start(options)) {
                CheckedClient client = new CheckedClient();
                send(client, a, "PUT", "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}");
                send(client, a, "PUT", "/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}");
                String events = "[" + event("g1", "gone", "2026-03-01T10:00:00Z") + ","
                        + event("k1", "kept", "2026-03-01T11:00:00Z") + "]";
                assertThat(send(client, b, "POST", "/v1/events", events).get("stored").asInt()).isEqualTo(2);
                for (ThreadgateServer instance : List.of(a, b)) { // records of both people written by both
                    for (String person : List.of("gone", "kept")) {
                        send(client, instance, "POST", "/v1/decisions/delivery",
                                "{\"campaignId\":\"spring\",\"personId\":\"" + person + "\"}");
                    }
                }
                b.decisionLog().orElseThrow().flush();
                JsonNode erased = send(client, a, "DELETE", "/v1/people/gone", null);
                assertThat(erased.get("threads").asInt()).isEqualTo(1);
                assertThat(erased.get("events").asInt()).isEqualTo(1);
                assertThat(erased.get("decisionRecords").asLong()).isEqualTo(2);
                try (Database db = Database.jdbc(url, PostgresSchemas.USER, "")) {
                    JdbcLedger ledger = new JdbcLedger(db.dataSource(), Clock.systemUTC());
                    assertThat(ledger.thread("acme", "gone")).isEmpty();
                    assertThat(ledger.thread("acme", "kept")).isPresent();
                    assertThat(ledger.audienceSize("acme")).isEqualTo(1);
                    List<String> records = new ArrayList<>();
                    new org.threadgate.storage.jdbc.JdbcDecisionStore(db.dataSource(), "test").export(null, null,
                            records::add);
                    assertThat(records).hasSize(4).noneMatch(r -> r.contains("\"gone\""));
                    assertThat(records.stream().filter(r -> r.contains("\"kept\"")).count()).isEqualTo(2);
                }
                send(client, b, "POST", "/v1/events", "[" + event("g2", "gone", "2026-03-05T10:00:00Z") + "]");
                assertThat(send(client, a, "GET", "/v1/businesses/acme/threads/gone", null)
                        .get("lastPersonInteractionAt").asText()).isEqualTo("2026-03-05T10:00:00Z");
            }
        } finally {
            PostgresSchemas.execute("DROP SCHEMA IF EXISTS " + erasing + " CASCADE");
        }
    }

    private static String event(String id, String person, String at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"acme\",\"personId\":\""
                + person + "\",\"occurredAt\":\"" + at + "\"}";
    }

    private static JsonNode send(CheckedClient client, ThreadgateServer to, String method, String path, String body)
            throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + to.port() + path)).header("Content-Type", "application/json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return Json.MAPPER.readTree(response.body());
    }

    private static ThreadgateServer start(ServerConfig options) {
        try {
            return ThreadgateServer.start(options);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
