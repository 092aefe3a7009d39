package org.threadgate.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.RandomFacts;
import org.threadgate.engine.reference.ReferencePolicy;
import org.threadgate.facade.authoring.PolicyEdits;
import org.threadgate.facade.json.Json;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Recipient;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;
import org.threadgate.storage.jdbc.PostgresSchemas;

/**
 * Load with faults, bounded in time, on loopback: decisions and event ingestion run concurrently while the rules are
 * reloaded (good and broken) and the database (PostgreSQL behind a proxy) goes away twice and comes back.
 * Afterwards: no acknowledged event is lost, every answer was correct or a clear 503 while the database was away,
 * and the service recovered by itself.
 */
class FaultLoadTest {
    @TempDir
    Path dir;
    private final CheckedClient client = new CheckedClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private HttpResponse<String> post(String base, String path, String body, String method) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /**
     * A clear 503: STORAGE_UNAVAILABLE, with the occurrence id the server logged it under, and nothing from the database
     * (no SQL, no ids of people, no timestamps) in what it says.
     */
    private static boolean storageUnavailable(HttpResponse<String> response) throws java.io.IOException {
        if (response.statusCode() != 503 || !response.body().contains("\"STORAGE_UNAVAILABLE\"")) {
            return false;
        }
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("instance").asText()).matches("urn:uuid:[0-9a-f-]{36}");
        assertThat(problem.path("detail").asText()).doesNotContainPattern(
                "(?i)select|insert|update|delete|\\bfrom\\b|\\bwhere\\b|person|p-?[0-9]|[0-9]{4}-[0-9]{2}-[0-9]{2}");
        return true;
    }

    @Test
    void decisionsAndIngestionThroughReloadsAndADatabaseOutage() throws Exception {
        String pgUrl = PostgresSchemas.URL;
        String problem = null;
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(pgUrl, PostgresSchemas.USER, "")) {
            // reachable
        } catch (Exception e) {
            problem = e.getMessage();
            System.err.println("SKIPPED: load with faults needs PostgreSQL at " + pgUrl + " (" + problem + ")");
        }
        Assumptions.assumeTrue(problem == null, "PostgreSQL not reachable at " + pgUrl);

        String schema = "tg_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresSchemas.execute("CREATE SCHEMA " + schema);
        Path rules = dir.resolve("rules");
        PolicyEdits.Alternatives alternatives = PolicyEdits.bundledWithAlternatives(rules);
        int pgPort = URI.create(pgUrl.substring(5)).getPort();

        try (ToggleProxy proxy = new ToggleProxy(pgPort == -1 ? 5432 : pgPort);
             ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(Path.of("unused"), config -> {
                 config.policies.rules = rules;
                 config.storage.jdbc("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + schema
                         + "&connectTimeout=2&socketTimeout=10", PostgresSchemas.USER, "");
             }))) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(post(base, "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}", "PUT").statusCode())
                    .isEqualTo(201);
            assertThat(post(base, "/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}",
                    "PUT").statusCode()).isEqualTo(201);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean databaseDown = new AtomicBoolean(false);
            List<String> acknowledged = new CopyOnWriteArrayList<>();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger decided = new AtomicInteger();
            ConcurrentHashMap<String, Boolean> seenVersions = new ConcurrentHashMap<>();
            ReferencePolicy reference = new ReferencePolicy(org.threadgate.engine.BundledPolicies.get().allSettings());
            List<Thread> workers = new ArrayList<>();

            for (int t = 0; t < 2; t++) { // decisions with every fact: they need no database and never fail
                int seed = t;
                workers.add(new Thread(() -> {
                    RandomFacts random = new RandomFacts(seed);
                    while (running.get()) {
                        Instant at = random.at();
                        CampaignRequest campaign = random.campaign(at, "acme");
                        // an audience of 1,000 or more passes under both good versions (minimum 100 or 200)
                        campaign = new CampaignRequest(at, campaign.business(), new org.threadgate.model.Campaign(
                                campaign.campaign().id(), "acme", campaign.campaign().objective(),
                                1_000 + campaign.campaign().audienceSize()));
                        Recipient recipient = random.recipient(at, "acme", "p-" + decided.get());
                        try {
                            java.util.Map<String, Object> body = org.threadgate.server.http.RequestBodies
                                    .delivery(campaign, recipient);
                            HttpResponse<String> response = post(base, "/v1/decisions/delivery", Json.write(body),
                                    "POST");
                            if (response.statusCode() != 200) {
                                failures.add("decision: " + response.statusCode() + " " + response.body());
                                continue;
                            }
                            JsonNode answer = Json.MAPPER.readTree(response.body());
                            List<String> codes = new ArrayList<>();
                            answer.get("reasons").forEach(r -> codes.add(r.get("code").asText()));
                            List<String> expected = new ArrayList<>(reference.decide(campaign, recipient).reasons()
                                    .keySet());
                            if (!codes.equals(expected)) {
                                failures.add("decision " + codes + " but the reference says " + expected);
                            }
                            seenVersions.put(answer.get("policyVersion").asText(), true);
                            decided.incrementAndGet();
                        } catch (Exception e) {
                            failures.add("decision: " + e);
                        }
                    }
                }, "decider-" + t));
            }
            for (int t = 0; t < 2; t++) { // ingestion: acknowledged, or a clear 503 while the database is away
                int me = t;
                workers.add(new Thread(() -> {
                    int batch = 0;
                    while (running.get()) {
                        String id = "w" + me + "-b" + batch++;
                        StringBuilder events = new StringBuilder("[");
                        for (int i = 0; i < 10; i++) {
                            events.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(id).append("-")
                                    .append(i).append("\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"acme\","
                                            + "\"personId\":\"").append(id).append("-").append(i)
                                    .append("\",\"occurredAt\":\"2026-03-01T00:00:00Z\"}");
                        }
                        String body = events.append("]").toString();
                        try {
                            HttpResponse<String> response = post(base, "/v1/events", body, "POST");
                            if (response.statusCode() == 200) {
                                acknowledged.add(body);
                            } else if (storageUnavailable(response)) {
                                unavailable.incrementAndGet();
                            } else {
                                failures.add("events: " + response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failures.add("events: " + e);
                        }
                    }
                }, "ingester-" + t));
            }
            workers.add(new Thread(() -> { // decisions by reference: correct, or a clear 503 while it is away
                while (running.get()) {
                    try {
                        HttpResponse<String> response = post(base, "/v1/decisions/delivery",
                                "{\"campaignId\":\"spring\",\"personId\":\"nobody\"}", "POST");
                        if (response.statusCode() == 200) {
                            JsonNode answer = Json.MAPPER.readTree(response.body());
                            if (!answer.toString().contains("NO_OPEN_THREAD")) {
                                failures.add("by reference: " + response.body());
                            }
                        } else if (storageUnavailable(response)) {
                            unavailable.incrementAndGet();
                        } else {
                            failures.add("by reference: " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add("by reference: " + e);
                    }
                }
            }, "by-reference"));
            workers.add(new Thread(() -> { // reloads, good and broken alternating
                int round = 0;
                while (running.get()) {
                    try {
                        boolean useB = round % 2 == 0;
                        alternatives.write(rules, useB);
                        HttpResponse<String> good = post(base, "/v1/policies/reload", "", "POST");
                        if (good.statusCode() != 200) {
                            failures.add("good reload: " + good.statusCode() + " " + good.body());
                        }
                        Files.writeString(rules.resolve("blocks/broken.drl"), PolicyEdits.BROKEN_RULE);
                        HttpResponse<String> broken = post(base, "/v1/policies/reload", "", "POST");
                        if (broken.statusCode() != 422) {
                            failures.add("broken reload: " + broken.statusCode() + " " + broken.body());
                        }
                        Files.delete(rules.resolve("blocks/broken.drl"));
                        round++;
                        Thread.sleep(300);
                    } catch (Exception e) {
                        failures.add("reload: " + e);
                    }
                }
            }, "reloader"));

            workers.forEach(Thread::start);
            Thread.sleep(2_000);
            for (int outage = 0; outage < 2; outage++) {
                proxy.cut();
                databaseDown.set(true);
                Thread.sleep(3_000);
                proxy.restore();
                databaseDown.set(false);
                Thread.sleep(3_000);
            }
            running.set(false);
            for (Thread worker : workers) {
                worker.join(60_000);
            }

            // recovered by itself: the ledger answers again without a restart
            long deadline = System.currentTimeMillis() + 30_000;
            HttpResponse<String> probe;
            do {
                probe = post(base, "/v1/decisions/delivery", "{\"campaignId\":\"spring\",\"personId\":\"nobody\"}",
                        "POST");
            } while (probe.statusCode() != 200 && System.currentTimeMillis() < deadline && sleep(200));
            assertThat(probe.statusCode()).as("the ledger did not come back by itself").isEqualTo(200);

            // no acknowledged event was lost: sending each acknowledged batch again finds all of it stored
            int lost = 0;
            for (String batch : acknowledged) {
                JsonNode again = Json.MAPPER.readTree(post(base, "/v1/events", batch, "POST").body());
                lost += 10 - again.get("duplicates").asInt();
            }
            System.out.printf("fault load: %d decisions with facts, %d event batches acknowledged, %d clear 503s,"
                    + " %d policy versions seen, %d acknowledged events lost, %d failures%n", decided.get(),
                    acknowledged.size(), unavailable.get(), seenVersions.size(), lost, failures.size());
            assertThat(failures).isEmpty();
            assertThat(lost).isZero();
            assertThat(acknowledged).hasSizeGreaterThan(20);
            assertThat(unavailable.get()).as("the outages were felt").isPositive();
            assertThat(decided.get()).isGreaterThan(100);
            assertThat(seenVersions).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            PostgresSchemas.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

}
