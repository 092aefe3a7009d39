package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checker every HTTP test relies on must itself fail on what the document does not describe. */
class ApiContractTest {
    private static final String DECISION = "{\"decisionId\":\"d\",\"outcome\":\"DELIVER\",\"reasons\":[],"
            + "\"policyVersion\":\"v\",\"evaluatedAt\":\"2026-03-10T12:00:00Z\",\"firedRules\":[]}";
    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"t\",\"status\":503,\"detail\":\"d\","
            + "\"code\":\"NOT_READY\"}";
    private static final Function<String, Optional<String>> NO_HEADERS = name -> Optional.empty();
    private static TestServer server;
    private static ApiContract contract;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        contract = server.client.contract(server.api.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDocumentedAnswer_passes() {
        assertThatCode(() -> contract.check("POST", "/v1/decisions/delivery", 200, "application/json", NO_HEADERS,
                DECISION)).doesNotThrowAnyException();
    }

    @Test
    void anUndocumentedField_fails() {
        assertThatThrownBy(() -> contract.check("POST", "/v1/decisions/delivery", 200, "application/json",
                NO_HEADERS, DECISION.replace("{", "{\"extra\":1,"))).hasMessageContaining("does not match");
    }

    @Test
    void anUndocumentedStatus_fails() {
        assertThatThrownBy(() -> contract.check("GET", "/health/live", 418, "application/json", NO_HEADERS, "{}"))
                .hasMessageContaining("not documented");
    }

    @Test
    void aServiceUnavailableWithoutRetryAfter_fails_andWithItPasses() {
        assertThatThrownBy(() -> contract.check("POST", "/v1/events", 503, "application/problem+json", NO_HEADERS,
                PROBLEM)).hasMessageContaining("Retry-After");
        assertThatCode(() -> contract.check("POST", "/v1/events", 503, "application/problem+json",
                name -> Optional.ofNullable(Map.of("Retry-After", "1").get(name)), PROBLEM))
                .doesNotThrowAnyException();
    }

    @Test
    void anNdjsonLineThatIsNoDocumentedLine_fails() {
        assertThatThrownBy(() -> contract.check("POST", "/v1/decisions/delivery/batch", 200, "application/x-ndjson",
                NO_HEADERS, "{\"decisionId\":\"d\",\"personId\":\"p\",\"outcome\":\"DELIVER\",\"reasons\":[]}\n"
                        + "{\"surprise\":true}\n"))
                .hasMessageContaining("line 2");
    }

    @Test
    void withoutTokens_theDocumentHasNoBearerAnswers() {
        assertThatThrownBy(() -> contract.check("POST", "/v1/decisions/delivery", 401, "application/problem+json",
                name -> Optional.of("Bearer"), PROBLEM.replace("503", "401").replace("NOT_READY", "UNAUTHENTICATED")))
                .hasMessageContaining("not documented");
    }

    @Test
    void aWrongMethodOrPath_mayOnlyBe405Or404() {
        String notFound = PROBLEM.replace("503", "404").replace("NOT_READY", "NOT_FOUND");
        assertThatCode(() -> contract.check("GET", "/nowhere", 404, "application/problem+json", NO_HEADERS,
                notFound)).doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.check("GET", "/nowhere", 200, "application/json", NO_HEADERS, "{}"))
                .isInstanceOf(AssertionError.class);
    }

    /**
     * The readers' accepted fields and the document's request schemas cannot drift: every input shape lists exactly
     * the properties its schema does, in both directions.
     */
    @Test
    void everyInputShape_acceptsExactlyTheFieldsItsSchemaLists() {
        com.fasterxml.jackson.databind.JsonNode schemas = contract.document().path("components").path("schemas");
        assertThat(org.threadgate.facade.json.WireFields.all()).isNotEmpty();
        org.threadgate.facade.json.WireFields.all().forEach((shape, fields) -> {
            java.util.List<String> documented = new java.util.ArrayList<>();
            schemas.path(shape).path("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(documented).as(shape).containsExactlyElementsOf(fields);
        });
    }
}
