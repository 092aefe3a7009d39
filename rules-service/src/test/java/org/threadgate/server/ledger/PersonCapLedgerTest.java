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
import org.threadgate.facade.json.Json;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * The person cap through the real service and its ledger: decisions by reference read the person's deliveries from
 * every business (the SPONSORED_MESSAGE events of all their threads), and decide-and-record holds the person, not
 * only the thread: 24 concurrent record requests for one person from 6 businesses under the bundled cap of 3 per
 * 24 hours give exactly 3 DELIVER, on H2, on PostgreSQL and through two instances sharing one PostgreSQL database.
 */
class PersonCapLedgerTest {
    private static final String AT = LedgerServers.AT;
    private static final int BUSINESSES = 6;
    private static final int CONCURRENT = 24;
    private static final PostgresSchemas POSTGRES = new PostgresSchemas("tg_pcap_");

    @TempDir
    Path dir;
    private final CheckedClient client = new CheckedClient();

    @AfterAll
    static void dropSchemas() {
        POSTGRES.dropAll();
    }

    /** Six businesses, each with a campaign and 100 people who wrote to it two weeks ago (p-0 .. p-99). */
    private void register(ThreadgateServer server) throws Exception {
        StringBuilder events = new StringBuilder("[");
        for (int b = 0; b < BUSINESSES; b++) {
            json(send(server, "PUT", "/v1/businesses/shop-" + b, "{\"sponsoredMessagesEnabled\":true}"), 201);
            json(send(server, "PUT", "/v1/campaigns/c-" + b, "{\"businessId\":\"shop-" + b
                    + "\",\"objective\":\"MESSAGES\"}"), 201);
            for (int i = 0; i < 100; i++) {
                events.append(events.length() == 1 ? "" : ",").append("{\"eventId\":\"m-").append(b).append('-')
                        .append(i).append("\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"shop-").append(b)
                        .append("\",\"personId\":\"p-").append(i).append("\",\"occurredAt\":\"2026-02-24T09:00:00Z\"}");
            }
        }
        json(send(server, "POST", "/v1/events", events.append("]").toString()), 200);
    }

    @Test
    void decisionsByReference_countTheDeliveriesOfEveryBusiness() throws Exception {
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> { }))) {
            register(server);
            String events = "["
                    + sponsored("s0", "shop-0", "p-1", "2026-03-09T16:00:00Z") + ","
                    + sponsored("s1", "shop-1", "p-1", "2026-03-10T07:00:00Z") + ","
                    + sponsored("s2", "shop-2", "p-1", "2026-03-10T11:00:00Z") + ","
                    // p-2: two in the window, one exactly 24 hours old
                    + sponsored("s3", "shop-0", "p-2", "2026-03-09T12:00:00Z") + ","
                    + sponsored("s4", "shop-1", "p-2", "2026-03-10T07:00:00Z") + ","
                    + sponsored("s5", "shop-2", "p-2", "2026-03-10T11:00:00Z") + "]";
            json(send(server, "POST", "/v1/events", events), 200);
            JsonNode capped = json(send(server, "POST", "/v1/decisions/delivery", byReference("c-3", "p-1", false)),
                    200);
            assertThat(capped.get("outcome").asText()).isEqualTo("SUPPRESS");
            assertThat(capped.get("reasons")).extracting(r -> r.get("code").asText())
                    .containsExactly("PERSON_CAP_REACHED");
            assertThat(capped.get("retryAt").asText()).isEqualTo("2026-03-10T16:00:00Z");
            // its log record keeps the deliveries the rule saw, so replay and impact analysis see them too
            HttpResponse<String> logged = send(server, "GET", "/v1/decisions/" + capped.get("decisionId").asText(), "");
            for (int wait = 0; wait < 200 && logged.statusCode() == 404; wait++) { // the log writes within a second
                Thread.sleep(50);
                logged = send(server, "GET", "/v1/decisions/" + capped.get("decisionId").asText(), "");
            }
            JsonNode record = json(logged, 200);
            assertThat(record.at("/request/person/recentDeliveries")).extracting(d -> d.get("businessId").asText())
                    .containsExactly("shop-2", "shop-1", "shop-0");
            JsonNode free = json(send(server, "POST", "/v1/decisions/delivery", byReference("c-3", "p-2", false)),
                    200);
            assertThat(free.get("outcome").asText()).as(free.toString()).isEqualTo("DELIVER");
            // the audience stream reads every member's deliveries from the other businesses in the same pass
            String[] lines = send(server, "POST", "/v1/campaigns/c-3/audience/decisions",
                    "{\"at\":\"" + AT + "\"}").body().split("\n");
            assertThat(lines).hasSize(101); // 100 members and the summary
            for (int i = 0; i < 100; i++) {
                JsonNode line = Json.MAPPER.readTree(lines[i]);
                String expected = line.get("personId").asText().equals("p-1") ? "SUPPRESS" : "DELIVER";
                assertThat(line.get("outcome").asText()).as(lines[i]).isEqualTo(expected);
                if (expected.equals("SUPPRESS")) {
                    assertThat(line.get("reasons")).extracting(r -> r.get("code").asText())
                            .containsExactly("PERSON_CAP_REACHED");
                    assertThat(line.get("retryAt").asText()).isEqualTo("2026-03-10T16:00:00Z");
                }
            }
            // and shop-0's audience: p-1 is held by shop-0's own frequency cap and by the person cap
            String[] ofShop0 = send(server, "POST", "/v1/campaigns/c-0/audience/decisions",
                    "{\"at\":\"" + AT + "\"}").body().split("\n");
            JsonNode p1 = null;
            for (int i = 0; i < 100; i++) {
                JsonNode line = Json.MAPPER.readTree(ofShop0[i]);
                if (line.get("personId").asText().equals("p-1")) {
                    p1 = line;
                }
            }
            assertThat(p1).isNotNull();
            assertThat(p1.get("reasons")).extracting(r -> r.get("code").asText())
                    .containsExactly("FREQUENCY_CAP_REACHED", "PERSON_CAP_REACHED");
            // a business's own delivery counts for the person cap too, beside its own frequency cap
            JsonNode own = json(send(server, "POST", "/v1/decisions/delivery", byReference("c-0", "p-1", false)),
                    200);
            assertThat(own.get("reasons")).extracting(r -> r.get("code").asText())
                    .containsExactly("FREQUENCY_CAP_REACHED", "PERSON_CAP_REACHED");

            // the person view: every thread, the deliveries the person cap sees, and the cap counted at `at`
            JsonNode view = json(send(server, "GET", "/v1/people/p-1?at=" + AT, ""), 200);
            assertThat(view.get("threads")).extracting(t -> t.get("businessId").asText())
                    .containsExactly("shop-0", "shop-1", "shop-2", "shop-3", "shop-4", "shop-5");
            assertThat(view.get("recentDeliveries")).extracting(d -> d.get("businessId").asText() + "@"
                    + d.get("deliveredAt").asText()).containsExactly("shop-2@2026-03-10T11:00:00Z",
                    "shop-1@2026-03-10T07:00:00Z", "shop-0@2026-03-09T16:00:00Z");
            assertThat(view.at("/personCap/max").asInt()).isEqualTo(3);
            assertThat(view.at("/personCap/window").asText()).isEqualTo("PT24H");
            assertThat(view.at("/personCap/counted").asInt()).isEqualTo(3);
            assertThat(view.at("/personCap/reached").asBoolean()).isTrue();
            assertThat(view.at("/personCap/retryAt").asText()).isEqualTo(capped.get("retryAt").asText());
            JsonNode later = json(send(server, "GET", "/v1/people/p-1?at=2026-03-10T16:00:00Z", ""), 200);
            assertThat(later.at("/personCap/counted").asInt()).isEqualTo(2);
            assertThat(later.at("/personCap/retryAt").isNull()).isTrue();
            // bad input names the parameter; an unknown person is a 404 with its own code
            assertThat(json(send(server, "GET", "/v1/people/p-1?at=yesterday", ""), 400).get("errors").get(0)
                    .get("field").asText()).isEqualTo("at");
            assertThat(json(send(server, "GET", "/v1/people/p-1?since=" + AT, ""), 400).get("errors").get(0)
                    .get("field").asText()).isEqualTo("since");
            assertThat(json(send(server, "GET", "/v1/people/nobody", ""), 404).get("code").asText())
                    .isEqualTo("UNKNOWN_PERSON");

            // erasure takes the person's deliveries from every business with their threads
            json(send(server, "DELETE", "/v1/people/p-1", ""), 200);
            assertThat(json(send(server, "GET", "/v1/people/p-1", ""), 404).get("code").asText())
                    .isEqualTo("UNKNOWN_PERSON");
            JsonNode erased = json(send(server, "POST", "/v1/decisions/delivery", byReference("c-3", "p-1", false)),
                    200);
            assertThat(erased.get("reasons")).extracting(r -> r.get("code").asText()).doesNotContain(
                    "PERSON_CAP_REACHED");
        }
    }

    /** With the person cap turned off, the view lists the deliveries and says there is no cap. */
    @Test
    void personView_withThePersonCapOff_saysSo() throws Exception {
        Path rules = dir.resolve("rules");
        org.threadgate.engine.PolicySource bundled = org.threadgate.engine.PolicySource.bundled();
        for (var file : bundled.ruleFiles().entrySet()) {
            java.nio.file.Files.createDirectories(rules.resolve(file.getKey()).getParent());
            java.nio.file.Files.writeString(rules.resolve(file.getKey()), file.getValue());
        }
        java.nio.file.Files.writeString(rules.resolve("settings.yaml"), bundled.settings()
                .replaceAll("(?s)personCap:\\n  max: 3\\n  window: PT24H", "personCap: null"));
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.policies.rules = rules))) {
            register(server);
            json(send(server, "POST", "/v1/events", "[" + sponsored("s0", "shop-0", "p-1", "2026-03-09T16:00:00Z")
                    + "]"), 200);
            JsonNode view = json(send(server, "GET", "/v1/people/p-1?at=" + AT, ""), 200);
            assertThat(view.get("recentDeliveries")).hasSize(1);
            assertThat(view.get("personCap").isNull()).as(view.toString()).isTrue();
        }
    }

    private static String sponsored(String id, String business, String person, String at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"SPONSORED_MESSAGE\",\"businessId\":\"" + business
                + "\",\"personId\":\"" + person + "\",\"campaignId\":\"earlier\",\"occurredAt\":\"" + at + "\"}";
    }

    @Test
    void recordOnH2_concurrentRequestsFromSixBusinesses_exactlyThreeDeliver() throws Exception {
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> { }))) {
            register(server);
            exactlyThreeDeliver(List.of(server));
        }
    }

    @Test
    void recordOnPostgres_concurrentRequestsFromSixBusinesses_exactlyThreeDeliver() throws Exception {
        PostgresSchemas.require("PersonCapLedgerTest on PostgreSQL");
        try (ThreadgateServer server = ThreadgateServer.start(postgres(POSTGRES.newSchemaUrl()))) {
            register(server);
            exactlyThreeDeliver(List.of(server));
        }
    }

    @Test
    void recordThroughTwoInstancesOnOnePostgres_exactlyThreeDeliver() throws Exception {
        PostgresSchemas.require("PersonCapLedgerTest on two instances");
        String url = POSTGRES.newSchemaUrl();
        CompletableFuture<ThreadgateServer> first = CompletableFuture.supplyAsync(() -> start(postgres(url)));
        CompletableFuture<ThreadgateServer> second = CompletableFuture.supplyAsync(() -> start(postgres(url)));
        try (ThreadgateServer a = first.join(); ThreadgateServer b = second.join()) {
            register(a);
            exactlyThreeDeliver(List.of(a, b));
        }
    }

    /**
     * Requests for one person, four for each of six businesses' campaigns, released at once across the instances:
     * each business's frequency cap of one would let six through; the person cap of three lets exactly three.
     */
    private void exactlyThreeDeliver(List<ThreadgateServer> instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            ThreadgateServer instance = instances.get(i % instances.size());
            String body = byReference("c-" + (i % BUSINESSES), "p-7", true);
            answers.add(pool.submit(() -> {
                start.await();
                return send(instance, "POST", "/v1/decisions/delivery", body);
            }));
        }
        start.countDown();
        int delivered = 0;
        int personCapped = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            JsonNode decision = json(answer.get(), 200);
            if (decision.get("outcome").asText().equals("DELIVER")) {
                delivered++;
                assertThat(decision.get("recorded").asBoolean()).isTrue();
            } else {
                assertThat(decision.get("recorded").asBoolean()).isFalse();
                List<String> codes = new ArrayList<>();
                decision.get("reasons").forEach(r -> codes.add(r.get("code").asText()));
                assertThat(codes).as(decision.toString()).isNotEmpty()
                        .isSubsetOf("PERSON_CAP_REACHED", "FREQUENCY_CAP_REACHED", "CAMPAIGN_ALREADY_DELIVERED");
                if (codes.contains("PERSON_CAP_REACHED")) {
                    personCapped++;
                }
            }
        }
        pool.shutdown();
        assertThat(delivered).isEqualTo(3);
        assertThat(personCapped).isPositive();
        // and afterwards, every business's campaign is capped for the person
        for (int b = 0; b < BUSINESSES; b++) {
            JsonNode after = json(send(instances.get(0), "POST", "/v1/decisions/delivery",
                    byReference("c-" + b, "p-7", false)), 200);
            assertThat(after.get("reasons")).extracting(r -> r.get("code").asText()).contains("PERSON_CAP_REACHED");
        }
    }

    private HttpResponse<String> send(ThreadgateServer server, String method, String path, String body)
            throws Exception {
        return client.send(server.port(), method, path, body);
    }
}
