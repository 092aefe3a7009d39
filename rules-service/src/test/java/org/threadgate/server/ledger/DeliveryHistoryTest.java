package org.threadgate.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.server.http.CheckedClient.json;
import static org.threadgate.server.ledger.LedgerServers.byReference;
import static org.threadgate.server.ledger.LedgerServers.postgres;
import static org.threadgate.server.ledger.LedgerServers.start;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * Delivery history and the person's time zone through the real service: SPONSORED_MESSAGE and PERSON_PROFILE events
 * folded into the thread, decisions by reference that read them, and decide-and-record, which lets exactly one of many
 * concurrent requests for one person through a frequency cap of one: on H2, on PostgreSQL, and through two instances
 * sharing one PostgreSQL database.
 */
class DeliveryHistoryTest {
    private static final String AT = LedgerServers.AT;
    private static final int CONCURRENT = 24;
    private static final PostgresSchemas POSTGRES = new PostgresSchemas("tg_hist_");

    @TempDir
    Path dir;
    private final CheckedClient client = new CheckedClient();

    @AfterAll
    static void dropSchemas() {
        POSTGRES.dropAll();
    }

    /** A business with a campaign and 100 people who wrote to it two weeks ago: an audience just big enough. */
    private void register(ThreadgateServer server) throws Exception {
        json(send(server, "PUT", "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}"), 201);
        json(send(server, "PUT", "/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}"),
                201);
        json(send(server, "PUT", "/v1/campaigns/summer", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}"),
                201);
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            events.append(i == 0 ? "" : ",").append("{\"eventId\":\"m-").append(i)
                    .append("\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"acme\",\"personId\":\"p-").append(i)
                    .append("\",\"occurredAt\":\"2026-02-24T09:00:00Z\"}");
        }
        json(send(server, "POST", "/v1/events", events.append("]").toString()), 200);
    }

    @Test
    void sponsoredAndProfileEvents_foldIntoTheThread_andDecisionsByReferenceReadThem() throws Exception {
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> { }))) {
            register(server);
            String events = "["
                    + "{\"eventId\":\"s1\",\"type\":\"SPONSORED_MESSAGE\",\"businessId\":\"acme\",\"personId\":\"p-1\","
                    + "\"campaignId\":\"winter\",\"occurredAt\":\"2026-03-09T20:00:00Z\"},"
                    + "{\"eventId\":\"z2\",\"type\":\"PERSON_PROFILE\",\"businessId\":\"acme\",\"personId\":\"p-2\","
                    + "\"timeZone\":\"Asia/Tokyo\",\"occurredAt\":\"2026-03-02T00:00:00Z\"},"
                    + "{\"eventId\":\"z1\",\"type\":\"PERSON_PROFILE\",\"businessId\":\"acme\",\"personId\":\"p-2\","
                    + "\"timeZone\":\"Europe/Paris\",\"occurredAt\":\"2026-03-01T00:00:00Z\"}]";
            JsonNode stored = json(send(server, "POST", "/v1/events", events), 200);
            assertThat(stored.get("stored").asInt()).isEqualTo(3);
            assertThat(json(send(server, "POST", "/v1/events", events), 200).get("duplicates").asInt()).isEqualTo(3);

            JsonNode capped = json(send(server, "GET", "/v1/businesses/acme/threads/p-1", ""), 200);
            assertThat(capped.get("deliveries")).hasSize(1);
            assertThat(capped.at("/deliveries/0/campaignId").asText()).isEqualTo("winter");
            JsonNode zoned = json(send(server, "GET", "/v1/businesses/acme/threads/p-2", ""), 200);
            // the later profile wins, whatever the order the events came in
            assertThat(zoned.get("timeZone").asText()).isEqualTo("Asia/Tokyo");
            assertThat(zoned.get("audienceMember").asBoolean()).isTrue();

            JsonNode p1 = json(send(server, "POST", "/v1/decisions/delivery", byReference("spring", "p-1", false)),
                    200);
            assertThat(p1.at("/reasons/0/code").asText()).isEqualTo("FREQUENCY_CAP_REACHED");
            assertThat(p1.get("retryAt").asText()).isEqualTo("2026-03-11T20:00:00Z");
            assertThat(p1.has("recorded")).isFalse();
            // 12:00 UTC is 21:00 in Tokyo: quiet until 08:00 there, 23:00 UTC
            JsonNode p2 = json(send(server, "POST", "/v1/decisions/delivery", byReference("spring", "p-2", false)),
                    200);
            assertThat(p2.at("/reasons/0/code").asText()).isEqualTo("QUIET_HOURS");
            assertThat(p2.get("retryAt").asText()).isEqualTo("2026-03-10T23:00:00Z");
        }
    }

    @Test
    void badHistoryAndZones_areA400NamingTheField() throws Exception {
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> { }))) {
            JsonNode event = json(send(server, "POST", "/v1/events", "[{\"eventId\":\"z\",\"type\":\"PERSON_PROFILE\","
                    + "\"businessId\":\"acme\",\"personId\":\"p\",\"timeZone\":\"Mars/Olympus\","
                    + "\"occurredAt\":\"2026-03-01T00:00:00Z\"},{\"eventId\":\"s\",\"type\":\"SPONSORED_MESSAGE\","
                    + "\"businessId\":\"acme\",\"personId\":\"p\",\"occurredAt\":\"2026-03-01T00:00:00Z\"},"
                    + "{\"eventId\":\"m\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"acme\",\"personId\":\"p\","
                    + "\"timeZone\":\"Europe/Paris\",\"occurredAt\":\"2026-03-01T00:00:00Z\"}]"), 400);
            assertThat(event.get("errors")).extracting(e -> e.get("field").asText())
                    .containsExactly("[0].timeZone", "[1].campaignId", "[2].timeZone");
            assertThat(event.at("/errors/0/message").asText()).contains("IANA time zone").contains("Mars/Olympus");

            JsonNode facts = json(send(server, "POST", "/v1/decisions/delivery", "{\"at\":\"" + AT + "\","
                    + "\"business\":{\"id\":\"acme\",\"sponsoredMessagesEnabled\":true},\"campaign\":{\"id\":\"c\","
                    + "\"objective\":\"MESSAGES\",\"audienceSize\":500},\"person\":{\"id\":\"p\",\"timeZone\":\"Paris\"},"
                    + "\"recentDeliveries\":[{\"campaignId\":\"c\"}]}"), 400);
            assertThat(facts.get("errors")).extracting(e -> e.get("field").asText())
                    .containsExactlyInAnyOrder("person.timeZone", "recentDeliveries[0].deliveredAt");
            JsonNode record = json(send(server, "POST", "/v1/decisions/delivery",
                    "{\"campaignId\":\"c\",\"personId\":\"p\",\"record\":\"yes\"}"), 400);
            assertThat(record.at("/errors/0/field").asText()).isEqualTo("record");
        }
    }

    @Test
    void recordOnH2_manyConcurrentRequests_exactlyOneDelivers() throws Exception {
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> { }))) {
            register(server);
            exactlyOneDelivers(List.of(server));
        }
    }

    @Test
    void recordOnPostgres_manyConcurrentRequests_exactlyOneDelivers() throws Exception {
        PostgresSchemas.require("DeliveryHistoryTest on PostgreSQL");
        try (ThreadgateServer server = ThreadgateServer.start(postgres(url()))) {
            register(server);
            exactlyOneDelivers(List.of(server));
        }
    }

    @Test
    void recordThroughTwoInstancesOnOnePostgres_exactlyOneDelivers() throws Exception {
        PostgresSchemas.require("DeliveryHistoryTest on two instances");
        String url = url();
        CompletableFuture<ThreadgateServer> first = CompletableFuture.supplyAsync(() -> start(postgres(url)));
        CompletableFuture<ThreadgateServer> second = CompletableFuture.supplyAsync(() -> start(postgres(url)));
        try (ThreadgateServer a = first.join(); ThreadgateServer b = second.join()) {
            register(a);
            exactlyOneDelivers(List.of(a, b));
        }
    }

    private static String url() {
        return POSTGRES.newSchemaUrl();
    }

    /**
     * Requests for one person, half for each of two campaigns, released at once across the instances: a cap of one
     * per 48 hours lets exactly one through, which is recorded; every other answer names the cap.
     */
    private void exactlyOneDelivers(List<ThreadgateServer> instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            ThreadgateServer instance = instances.get(i % instances.size());
            String body = byReference(i % 2 == 0 ? "spring" : "summer", "p-7", true);
            answers.add(pool.submit(() -> {
                start.await();
                return send(instance, "POST", "/v1/decisions/delivery", body);
            }));
        }
        start.countDown();
        int delivered = 0;
        String eventId = null;
        for (Future<HttpResponse<String>> answer : answers) {
            JsonNode decision = json(answer.get(), 200);
            if (decision.get("outcome").asText().equals("DELIVER")) {
                delivered++;
                assertThat(decision.get("recorded").asBoolean()).isTrue();
                eventId = decision.get("eventId").asText();
            } else {
                assertThat(decision.get("recorded").asBoolean()).isFalse();
                assertThat(decision.get("reasons")).extracting(r -> r.get("code").asText())
                        .contains("FREQUENCY_CAP_REACHED");
            }
        }
        pool.shutdown();
        assertThat(delivered).isEqualTo(1);
        JsonNode thread = json(send(instances.get(0), "GET", "/v1/businesses/acme/threads/p-7", ""), 200);
        assertThat(thread.get("deliveries")).hasSize(1);
        assertThat(eventId).startsWith("delivery:");
        // the recorded event is an event like any other: sending it again is a duplicate
        JsonNode again = json(send(instances.get(0), "POST", "/v1/events", "[{\"eventId\":\"" + eventId + "\","
                + "\"type\":\"SPONSORED_MESSAGE\",\"businessId\":\"acme\",\"personId\":\"p-7\",\"campaignId\":\""
                + thread.at("/deliveries/0/campaignId").asText() + "\",\"occurredAt\":\"" + AT + "\"}]"), 200);
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);
    }

    private HttpResponse<String> send(ThreadgateServer server, String method, String path, String body)
            throws Exception {
        return client.send(server.port(), method, path, body);
    }
}
