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
 * all acknowledged (no 5xx while the database is up) and the final state is exactly the sequential fold.
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

    private static ThreadgateServer start(ServerConfig options) {
        try {
            return ThreadgateServer.start(options);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
