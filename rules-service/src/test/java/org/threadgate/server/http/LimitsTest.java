package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.facade.json.FieldLimits;
import org.threadgate.facade.json.Json;
import org.threadgate.server.Limits;

/** Every limit is a setting, and going over one is a clear 4xx that names it. */
class LimitsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(new Limits(2_000, 4_000, 3, 300, 2, new FieldLimits(12, 2)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode problem(TestServer.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        return answer.json();
    }

    @Test
    void idLength_andIdCharacters() {
        JsonNode tooLong = problem(server.postJson("/v1/decisions/delivery",
                Requests.deliverable().person("p-123456789012").delivery()), 400);
        assertThat(tooLong.get("errors").get(0).get("field").asText()).isEqualTo("person.id");
        assertThat(tooLong.get("errors").get(0).get("message").asText()).contains("at most 12 characters");
        for (String bad : new String[] {"p 1", "p/1", "p\\u00e91", "p\\n1"}) {
            JsonNode p = problem(server.postJson("/v1/decisions/delivery",
                    Requests.deliverable().delivery().replace("\"id\":\"p-1\"", "\"id\":\"" + bad + "\"")), 400);
            assertThat(p.get("errors").get(0).get("message").asText()).contains("may hold only letters");
        }
        assertThat(problem(server.get("/v1/businesses/acme/threads/p%20q"), 400).get("errors").get(0)
                .get("field").asText()).isEqualTo("pid");
    }

    @Test
    void blocksPerRecipient() {
        JsonNode p = problem(server.postJson("/v1/decisions/delivery", Requests.deliverable()
                .block("BLOCKED_BUSINESS").block("BLOCKED_BUSINESS").block("MESSAGES_TURNED_OFF").delivery()), 400);
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("blocks");
        assertThat(p.get("errors").get(0).get("message").asText()).contains("at most 2 blocks");
    }

    @Test
    void bodySize_batchSize_lineLength_andEventsPerRequest() {
        assertThat(problem(server.postJson("/v1/decisions/delivery", Requests.deliverable().delivery()
                + " ".repeat(2_000)), 413).get("code").asText()).isEqualTo("BODY_TOO_LARGE");
        String four = "[" + String.join(",", java.util.Collections.nCopies(4, "{\"person\":{\"id\":\"p\"}}")) + "]";
        assertThat(problem(server.postJson("/v1/decisions/delivery/batch",
                Requests.deliverable().campaign().replaceFirst("}$", ",\"recipients\":" + four + "}")), 413)
                .get("code").asText()).isEqualTo("TOO_MANY_RECIPIENTS");
        String longLine = Requests.deliverable().campaign() + "\n{\"person\":{\"id\":\"p\"},\"pad\":\""
                + "x".repeat(400) + "\"}\n";
        JsonNode line = server.post("/v1/decisions/delivery/batch", "application/x-ndjson", longLine).json()
                .get("problem");
        assertThat(line.get("code").asText()).isEqualTo("MALFORMED_LINE");
        assertThat(line.get("detail").asText()).contains("longer than 300 bytes");
        String event = "{\"eventId\":\"e%d\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"b\",\"personId\":\"p\","
                + "\"occurredAt\":\"2026-03-01T00:00:00Z\"}";
        String three = "[" + event.formatted(1) + "," + event.formatted(2) + "," + event.formatted(3) + "]";
        JsonNode events = problem(server.postJson("/v1/events", three), 413);
        assertThat(events.get("code").asText()).isEqualTo("TOO_MANY_EVENTS");
        assertThat(events.get("detail").asText()).contains("at most 2");
        assertThat(Json.MAPPER.convertValue(server.postJson("/v1/events", "[" + event.formatted(1) + "]").json(),
                java.util.Map.class)).containsEntry("stored", 1);
    }
}
