package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.server.Limits;

/** Every kind of bad input gets a clear problem+json answer naming the field; never a 500. */
class BadInputTest {
    private static final String DELIVERY = "/v1/decisions/delivery";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(new Limits(1 << 20, 16 << 20, 50, 64 << 10, 10_000, org.threadgate.facade.json.FieldLimits.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode problem(TestServer.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode p = answer.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("type").asText()).isNotBlank();
        assertThat(p.get("code").asText()).isEqualTo(code);
        return p;
    }

    /** The problem names exactly these fields. */
    private static JsonNode invalid(String body, String... fields) {
        JsonNode p = problem(server.postJson(DELIVERY, body), 400, "INVALID_REQUEST");
        List<String> named = new ArrayList<>();
        p.get("errors").forEach(e -> {
            named.add(e.get("field").asText());
            assertThat(e.get("message").asText()).isNotBlank();
        });
        assertThat(named).containsExactlyInAnyOrder(fields);
        return p;
    }

    private static String valid() {
        return Requests.deliverable().delivery();
    }

    @Test
    void malformedJson_is400() {
        JsonNode p = problem(server.postJson(DELIVERY, "{\"business\": {"), 400, "MALFORMED_JSON");
        assertThat(p.get("detail").asText()).contains("not valid JSON");
    }

    @Test
    void emptyBody_is400() {
        problem(server.postJson(DELIVERY, ""), 400, "MALFORMED_JSON");
        problem(server.postJson(DELIVERY, "  \n"), 400, "MALFORMED_JSON");
    }

    @Test
    void jsonThatIsNotAnObject_is400() {
        for (String body : List.of("[]", "42", "\"text\"", "null", "true")) {
            JsonNode p = problem(server.postJson(DELIVERY, body), 400, "MALFORMED_JSON");
            assertThat(p.get("detail").asText()).contains("a JSON object is expected");
        }
    }

    @Test
    void invalidUtf8_is400() {
        byte[] body = valid().replace("acme", "ac\u00e9me").getBytes(StandardCharsets.ISO_8859_1);
        problem(server.post(DELIVERY, "application/json", body), 400, "MALFORMED_JSON");
    }

    @Test
    void absurdNesting_is400() {
        String deep = "{\"business\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        JsonNode p = problem(server.postJson(DELIVERY, deep), 400, "MALFORMED_JSON");
        assertThat(p.get("detail").asText()).contains("nests deeper than 32 levels");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("business");
    }

    @Test
    void valuesOverTheParsersLimits_nameTheirField() {
        JsonNode number = problem(server.postJson(DELIVERY, valid().replace("\"audienceSize\":2500",
                "\"audienceSize\":" + "9".repeat(150))), 400, "MALFORMED_JSON");
        assertThat(number.get("errors").get(0).get("field").asText()).isEqualTo("campaign.audienceSize");
        assertThat(number.get("errors").get(0).get("message").asText()).contains("number over 100 characters");

        String batch = "{\"business\":{\"id\":\"acme\",\"sponsoredMessagesEnabled\":true},"
                + "\"campaign\":{\"id\":\"c\",\"objective\":\"MESSAGES\",\"audienceSize\":1},\"recipients\":["
                + "{\"person\":{\"id\":\"p-1\"}},{\"person\":{\"id\":\"" + "x".repeat(1_000_001) + "\"}}]}";
        JsonNode string = problem(server.postJson("/v1/decisions/delivery/batch", batch), 400, "MALFORMED_JSON");
        assertThat(string.get("errors").get(0).get("field").asText()).isEqualTo("recipients[1].person.id");
        assertThat(string.get("errors").get(0).get("message").asText()).contains("string over 1000000 characters");
    }

    @Test
    void syntaxErrorInsideAField_namesTheField() {
        JsonNode p = problem(server.postJson(DELIVERY, valid().replace("\"sponsoredMessagesEnabled\":true",
                "\"sponsoredMessagesEnabled\":tru")), 400, "MALFORMED_JSON");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("business.sponsoredMessagesEnabled");
    }

    @Test
    void trailingGarbageAndDuplicateKeys_are400() {
        problem(server.postJson(DELIVERY, valid() + " {}"), 400, "MALFORMED_JSON");
        problem(server.postJson(DELIVERY, valid().replaceFirst("\\{", "{\"at\":\"2026-01-01T00:00:00Z\",")),
                400, "MALFORMED_JSON");
    }

    @Test
    void missingRequiredObjects_nameEachField() {
        invalid("{}", "business", "campaign", "person");
    }

    @Test
    void missingRequiredFields_nameTheirPath() {
        invalid(valid().replace("\"sponsoredMessagesEnabled\":true", "\"x\":1"),
                "business.sponsoredMessagesEnabled", "business.x");
        invalid(valid().replace("\"audienceSize\":2500,", "").replace(",\"audienceSize\":2500", ""),
                "campaign.audienceSize");
    }

    @Test
    void wrongType_namesTheField() {
        JsonNode p = invalid(valid().replace("\"audienceSize\":2500", "\"audienceSize\":\"2500\""),
                "campaign.audienceSize");
        assertThat(p.get("errors").get(0).get("message").asText()).contains("whole number").contains("a string");
        invalid(valid().replace("\"sponsoredMessagesEnabled\":true", "\"sponsoredMessagesEnabled\":\"yes\""),
                "business.sponsoredMessagesEnabled");
        invalid(valid().replace("\"person\":{\"id\":\"p-1\"}", "\"person\":\"p-1\""), "person");
        invalid(valid().replace("\"blocks\":[]", "\"blocks\":{}"), "blocks");
    }

    @Test
    void unknownEnumValues_listWhatIsAccepted() {
        JsonNode p = invalid(valid().replace("\"MESSAGES\"", "\"SPAM\""), "campaign.objective");
        assertThat(p.get("errors").get(0).get("message").asText()).contains("MESSAGES, LINK_CLICKS").contains("SPAM");
        JsonNode b = invalid(Requests.deliverable().block("MUTED").delivery(), "blocks[0].kind");
        assertThat(b.get("errors").get(0).get("message").asText()).contains("BLOCKED_BUSINESS, MESSAGES_TURNED_OFF");
    }

    @Test
    void unparseableTimestamps_nameTheField() {
        invalid(Requests.deliverable().at("yesterday").delivery(), "at");
        invalid(Requests.deliverable().lastInteraction("2026-03-10 12:00").delivery(),
                "thread.lastPersonInteractionAt");
        invalid(Requests.deliverable().lastInteraction("2026-03-10T12:00:00").delivery(),
                "thread.lastPersonInteractionAt");
    }

    @Test
    void negativeOrOutOfRangeAudience_namesTheField() {
        invalid(Requests.deliverable().audience(-1).delivery(), "campaign.audienceSize");
        invalid(valid().replace("\"audienceSize\":2500", "\"audienceSize\":2147483648"), "campaign.audienceSize");
        invalid(valid().replace("\"audienceSize\":2500", "\"audienceSize\":1e400"), "campaign.audienceSize");
        invalid(valid().replace("\"audienceSize\":2500", "\"audienceSize\":10.5"), "campaign.audienceSize");
    }

    @Test
    void blankIds_nameTheField() {
        invalid(Requests.deliverable().person("   ").delivery(), "person.id");
        invalid(valid().replace("\"id\":\"acme\"", "\"id\":\"\""), "business.id");
    }

    @Test
    void unknownFields_areRejectedSoATypoNeverChangesADecision() {
        invalid(valid().replace("\"lastPersonInteractionAt\"", "\"lastInteractionAt\""), "thread.lastInteractionAt");
    }

    @Test
    void bodyOverTheLimit_is413() {
        String padding = " ".repeat((1 << 20) + 10);
        problem(server.postJson(DELIVERY, valid() + padding), 413, "BODY_TOO_LARGE");
    }

    @Test
    void jsonBatchOverTheRecipientLimit_is413PointingToTheStreamedForm() {
        StringBuilder recipients = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            recipients.append(i == 0 ? "" : ",").append("{\"person\":{\"id\":\"p").append(i).append("\"}}");
        }
        String body = Requests.deliverable().campaign().replaceFirst("}$", ",\"recipients\":[" + recipients + "]}");
        JsonNode p = problem(server.postJson("/v1/decisions/delivery/batch", body), 413, "TOO_MANY_RECIPIENTS");
        assertThat(p.get("detail").asText()).contains("application/x-ndjson");
    }

    @Test
    void wrongContentType_is415() {
        problem(server.post(DELIVERY, "text/plain", valid()), 415, "UNSUPPORTED_MEDIA_TYPE");
        problem(server.post(DELIVERY, "application/x-www-form-urlencoded", valid()), 415, "UNSUPPORTED_MEDIA_TYPE");
        problem(server.post(DELIVERY, null, valid()), 415, "UNSUPPORTED_MEDIA_TYPE");
        // a charset parameter is fine
        assertThat(server.post(DELIVERY, "application/json; charset=utf-8", valid()).status()).isEqualTo(200);
    }

    @Test
    void unknownPath_is404() {
        problem(server.get("/v1/nothing-here"), 404, "NOT_FOUND");
        problem(server.postJson("/v2/decisions/delivery", valid()), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethod_is405() {
        problem(server.get(DELIVERY), 405, "METHOD_NOT_ALLOWED");
        problem(server.send(HttpRequest.newBuilder(server.uri("/v1/policies")).DELETE().build()), 405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void badRecipientInAJsonBatch_namesItsIndex() {
        String body = Requests.deliverable().campaign().replaceFirst("}$",
                ",\"recipients\":[{\"person\":{\"id\":\"a\"}},{\"person\":{\"id\":\"b\"},\"blocks\":[{\"kind\":1}]}]}");
        JsonNode p = problem(server.postJson("/v1/decisions/delivery/batch", body), 400, "INVALID_REQUEST");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("recipients[1].blocks[0].kind");
    }
}
