package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.engine.RandomFacts;
import org.threadgate.facade.json.Json;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

class BatchEndpointTest {
    private static final String BATCH = "/v1/decisions/delivery/batch";
    @RegisterExtension
    static final TestServer.Running SERVER = TestServer.Running.perClass();

    @Test
    void jsonBatch_answersInInputOrderWithASummary() {
        List<Map<String, Object>> recipients = List.of(
                Requests.deliverable().person("a").recipientBody(),
                Requests.deliverable().person("b").block("BLOCKED_BUSINESS").recipientBody(),
                Requests.deliverable().person("c").noThread().recipientBody(),
                Requests.deliverable().person("d").lastInteraction("2026-03-10T11:00:00Z").recipientBody(),
                Requests.deliverable().person("e").recipientBody());
        Map<String, Object> body = Requests.deliverable().campaignBody();
        body.put("recipients", recipients);
        TestServer.Answer answer = SERVER.get().postJson(BATCH, Json.write(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("policyVersion").asText()).isEqualTo(SERVER.get().service.policies().version());
        List<String> order = new ArrayList<>();
        json.get("decisions").forEach(d -> order.add(d.get("personId").asText() + ":" + d.get("outcome").asText()));
        assertThat(order).containsExactly("a:DELIVER", "b:SUPPRESS", "c:SUPPRESS", "d:SUPPRESS", "e:DELIVER");
        assertThat(json.get("decisions").get(3).get("retryAt").asText()).isEqualTo("2026-03-11T11:00:00Z");
        JsonNode summary = json.get("summary");
        assertThat(summary.get("deliver").asInt()).isEqualTo(2);
        assertThat(summary.get("suppress").asInt()).isEqualTo(3);
        assertThat(Json.MAPPER.convertValue(summary.get("byReason"), Map.class)).isEqualTo(Map.of(
                "BLOCKED_BUSINESS", 1, "NO_OPEN_THREAD", 1, "WITHIN_SUPPRESSION_WINDOW", 1));
    }

    @Test
    void streamedBatchOf100000_matchesTheSingleDecisionsLineByLine() throws Exception {
        RandomFacts random = new RandomFacts(42L);
        Instant at = Instant.parse("2026-06-15T10:00:00Z");
        CampaignRequest campaign = random.campaign(at, "acme");
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            recipients.add(random.recipient(at, "acme", "p" + i));
        }
        List<String> lines = new ArrayList<>();
        try (DuplexClient client = new DuplexClient(SERVER.get().api.port(), BATCH, "application/x-ndjson")) {
            Thread writer = new Thread(() -> {
                try {
                    client.send(Json.write(RequestBodies.campaign(campaign)) + "\n");
                    StringBuilder block = new StringBuilder();
                    for (int i = 0; i < recipients.size(); i++) {
                        block.append(Json.write(RequestBodies.recipient(recipients.get(i)))).append('\n');
                        if (block.length() > 32_000 || i == recipients.size() - 1) {
                            client.send(block.toString());
                            block.setLength(0);
                        }
                    }
                    client.finish();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "ndjson-writer");
            writer.start();
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("Content-Type")).startsWith("application/x-ndjson");
            String line;
            while ((line = client.readLine()) != null) {
                lines.add(line);
            }
            writer.join();
        }
        assertThat(lines).hasSize(100_001);
        long deliver = 0;
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode line = Json.MAPPER.readTree(lines.get(i));
            DeliveryDecision single = SERVER.get().service.decideDelivery(new DeliveryRequest(campaign, recipients.get(i)));
            assertThat(line.get("personId").asText()).isEqualTo("p" + i);
            assertThat(line.get("outcome").asText()).as("line %d", i + 2).isEqualTo(single.outcome().name());
            List<String> codes = new ArrayList<>();
            line.get("reasons").forEach(r -> codes.add(r.get("code").asText()
                    + (r.has("retryAt") ? "@" + r.get("retryAt").asText() : "")));
            assertThat(codes).as("line %d", i + 2).containsExactlyElementsOf(single.reasons().stream()
                    .map(r -> r.code() + (r.retryAt() != null ? "@" + r.retryAt() : "")).toList());
            assertThat(line.has("retryAt") ? Instant.parse(line.get("retryAt").asText()) : null)
                    .isEqualTo(single.retryAt());
            deliver += single.outcome().name().equals("DELIVER") ? 1 : 0;
        }
        JsonNode last = Json.MAPPER.readTree(lines.get(100_000));
        assertThat(last.get("policyVersion").asText()).isEqualTo(SERVER.get().service.policies().version());
        assertThat(last.get("summary").get("deliver").asLong()).isEqualTo(deliver);
        assertThat(last.get("summary").get("suppress").asLong()).isEqualTo(100_000 - deliver);
        // and a sample through the single-decision endpoint agrees too
        for (int i = 0; i < 100_000; i += 997) {
            Map<String, Object> single = RequestBodies.campaign(campaign);
            single.putAll(RequestBodies.recipient(recipients.get(i)));
            JsonNode viaHttp = SERVER.get().postJson("/v1/decisions/delivery", Json.write(single)).json();
            JsonNode line = Json.MAPPER.readTree(lines.get(i));
            assertThat(viaHttp.get("outcome")).isEqualTo(line.get("outcome"));
            assertThat(viaHttp.get("reasons")).isEqualTo(line.get("reasons"));
        }
    }

    /**
     * The JDK client sends the whole body before it reads any of the answer; at this size the answer outgrows the
     * socket buffers long before the body is sent, which deadlocked both sides before answers were spooled. The server
     * here keeps only 64 KiB of an answer in memory, so most of it waits in a temporary file, which must be gone after.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a deadlock fails, not hangs
    void streamedBatchFromAClientThatSendsEverythingFirst_completes() throws Exception {
        try (TestServer small = new TestServer(org.threadgate.server.Limits.DEFAULTS.spoolMemory(64 << 10))) {
            long filesBefore = SpoolingOutputTest.spoolFiles();
            StringBuilder body = new StringBuilder(Requests.deliverable().campaign()).append('\n');
            int count = 150_000;
            for (int i = 0; i < count; i++) {
                body.append(i % 3 == 0 ? "{\"person\":{\"id\":\"p" + i + "\"},\"blocks\":[{\"kind\":\"BLOCKED_BUSINESS\"}]}"
                        : "{\"person\":{\"id\":\"p" + i + "\"},\"thread\":{\"lastPersonInteractionAt\":"
                        + "\"2026-03-01T00:00:00Z\"}}").append('\n');
            }
            TestServer.Answer answer = small.post(BATCH, "application/x-ndjson", body.toString());
            assertThat(answer.status()).isEqualTo(200);
            String[] lines = answer.body().split("\n");
            assertThat(lines).hasSize(count + 1);
            JsonNode summary = Json.MAPPER.readTree(lines[count]).get("summary");
            assertThat(summary.get("deliver").asLong()).isEqualTo(count - count / 3);
            assertThat(summary.get("suppress").asLong()).isEqualTo(count / 3);
            assertThat(Json.MAPPER.readTree(lines[count - 1]).get("personId").asText()).isEqualTo("p" + (count - 1));
            assertThat(SpoolingOutputTest.spoolFiles()).isEqualTo(filesBefore);
        }
    }

    @Test
    void streamedBatch_answersWhileTheInputIsStillArriving() throws Exception {
        try (DuplexClient client = new DuplexClient(SERVER.get().api.port(), BATCH, "application/x-ndjson")) {
            client.send(Requests.deliverable().campaign() + "\n"
                    + Json.write(Requests.deliverable().person("early").recipientBody()) + "\n");
            assertThat(client.status()).isEqualTo(200);
            // the first decision arrives although the request body is not finished
            JsonNode early = Json.MAPPER.readTree(client.readLine());
            assertThat(early.get("personId").asText()).isEqualTo("early");
            assertThat(early.get("outcome").asText()).isEqualTo("DELIVER");
            client.send(Json.write(Requests.deliverable().person("late").block("BLOCKED_BUSINESS").recipientBody())
                    + "\n");
            client.finish();
            JsonNode late = Json.MAPPER.readTree(client.readLine());
            assertThat(late.get("personId").asText()).isEqualTo("late");
            assertThat(late.get("outcome").asText()).isEqualTo("SUPPRESS");
            JsonNode summary = Json.MAPPER.readTree(client.readLine());
            assertThat(summary.get("summary").get("deliver").asInt()).isEqualTo(1);
            assertThat(summary.get("summary").get("suppress").asInt()).isEqualTo(1);
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void badLineInAStream_endsItWithAProblemNamingTheLine() throws Exception {
        String body = Requests.deliverable().campaign() + "\n"
                + Json.write(Requests.deliverable().person("ok-1").recipientBody()) + "\n"
                + Json.write(Requests.deliverable().person("ok-2").recipientBody()) + "\n"
                + "{\"person\":{\"id\":\"x\"},\"blocks\":[{\"kind\":\"NOPE\"}]}\n"
                + Json.write(Requests.deliverable().person("never").recipientBody()) + "\n";
        TestServer.Answer answer = SERVER.get().post(BATCH, "application/x-ndjson", body);
        assertThat(answer.status()).isEqualTo(200);
        String[] lines = answer.body().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(Json.MAPPER.readTree(lines[0]).get("personId").asText()).isEqualTo("ok-1");
        assertThat(Json.MAPPER.readTree(lines[1]).get("personId").asText()).isEqualTo("ok-2");
        JsonNode problem = Json.MAPPER.readTree(lines[2]).get("problem");
        assertThat(problem.get("line").asInt()).isEqualTo(4);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).startsWith("line 4: ");
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("blocks[0].kind");
    }

    @Test
    void malformedAndOverlongLines_endTheStreamWithAProblem() throws Exception {
        String header = Requests.deliverable().campaign() + "\n";
        String broken = SERVER.get().post(BATCH, "application/x-ndjson", header + "{not json\n").body();
        assertThat(Json.MAPPER.readTree(broken.trim()).get("problem").get("code").asText()).isEqualTo("MALFORMED_JSON");
        String overlong = SERVER.get().post(BATCH, "application/x-ndjson",
                header + "{\"person\":{\"id\":\"" + "x".repeat(70_000) + "\"}}\n").body();
        JsonNode problem = Json.MAPPER.readTree(overlong.trim()).get("problem");
        assertThat(problem.get("code").asText()).isEqualTo("MALFORMED_LINE");
        assertThat(problem.get("line").asInt()).isEqualTo(2);
    }

    @Test
    void badFirstLine_isAnOrdinary400() {
        TestServer.Answer answer = SERVER.get().post(BATCH, "application/x-ndjson", "{\"business\":{}}\n");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("line").asInt()).isEqualTo(1);
        assertThat(SERVER.get().post(BATCH, "application/x-ndjson", "").status()).isEqualTo(400);
    }
}
