package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery and campaign endpoints end to end through real HTTP: how each field of the JSON reaches the rules and
 * how the decision comes back. The policies' boundaries are pinned once, in the rule-level tests and the YAML cases.
 */
class DecisionEndpointsTest {
    @RegisterExtension
    static final TestServer.Running SERVER = TestServer.Running.perClass();

    private static JsonNode deliver(Requests request) {
        TestServer.Answer answer = SERVER.get().postJson("/v1/decisions/delivery", request.delivery());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    private static List<String> codes(JsonNode decision) {
        List<String> codes = new ArrayList<>();
        decision.get("reasons").forEach(r -> codes.add(r.get("code").asText()));
        return codes;
    }

    @Test
    void deliverableRequest_isDeliveredWithFullAnswer() {
        JsonNode d = deliver(Requests.deliverable());
        assertThat(d.get("outcome").asText()).isEqualTo("DELIVER");
        assertThat(codes(d)).isEmpty();
        assertThat(d.has("retryAt")).isFalse();
        assertThat(d.get("decisionId").asText()).matches("[0-9a-f-]{36}");
        assertThat(d.get("policyVersion").asText()).isEqualTo(SERVER.get().service.policies().version());
        assertThat(d.get("evaluatedAt").asText()).isEqualTo("2026-03-10T12:00:00Z");
    }

    @Test
    void missingAt_usesTheServerClock() {
        JsonNode d = deliver(Requests.deliverable().at(null).lastInteraction("2026-03-09T12:00:00.001Z"));
        assertThat(d.get("evaluatedAt").asText()).isEqualTo(TestServer.NOW.toString());
        assertThat(codes(d)).containsExactly("WITHIN_SUPPRESSION_WINDOW");
    }

    @Test
    void audienceSize_reachesTheRules() {
        assertThat(codes(deliver(Requests.deliverable().audience(5)))).containsExactly("AUDIENCE_TOO_SMALL");
    }

    @Test
    void aTimeBoundReason_carriesRetryAtOnTheReasonAndTheDecision() {
        JsonNode inside = deliver(Requests.deliverable().lastInteraction("2026-03-10T11:00:00Z"));
        assertThat(inside.get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(codes(inside)).containsExactly("WITHIN_SUPPRESSION_WINDOW");
        assertThat(inside.get("retryAt").asText()).isEqualTo("2026-03-11T11:00:00Z");
        assertThat(inside.get("reasons").get(0).get("retryAt").asText()).isEqualTo("2026-03-11T11:00:00Z");
        assertThat(inside.get("firedRules")).extracting(JsonNode::asText).containsExactly("within-suppression-window");
    }

    @Test
    void timestampsWithOffsets_areTheSameInstant() {
        JsonNode d = deliver(Requests.deliverable().at("2026-03-10T13:00:00+01:00")
                .lastInteraction("2026-03-09T07:00:00-05:00"));
        assertThat(d.get("outcome").asText()).isEqualTo("DELIVER");
        assertThat(d.get("evaluatedAt").asText()).isEqualTo("2026-03-10T12:00:00Z");
    }

    @Test
    void threadStartedByTheBusiness_andNoThread_areNotOpen() {
        assertThat(codes(deliver(Requests.deliverable().threadStartedByBusiness()))).containsExactly("NO_OPEN_THREAD");
        assertThat(codes(deliver(Requests.deliverable().noThread()))).containsExactly("NO_OPEN_THREAD");
        JsonNode nullThread = SERVER.get().postJson("/v1/decisions/delivery",
                Requests.deliverable().delivery().replaceFirst("\"thread\":\\{[^}]*}", "\"thread\":null")).json();
        assertThat(codes(nullThread)).containsExactly("NO_OPEN_THREAD");
    }

    @Test
    void bothBlockKinds_suppressWithoutRetry() {
        JsonNode blocked = deliver(Requests.deliverable().block("BLOCKED_BUSINESS"));
        assertThat(codes(blocked)).containsExactly("BLOCKED_BUSINESS");
        assertThat(blocked.has("retryAt")).isFalse();
        assertThat(codes(deliver(Requests.deliverable().block("MESSAGES_TURNED_OFF"))))
                .containsExactly("MESSAGES_TURNED_OFF");
    }

    @Test
    void severalViolations_areAllListedInCodeOrder() {
        JsonNode d = deliver(Requests.deliverable().enabled(false).objective("REACH").audience(5)
                .lastInteraction("2026-03-10T11:00:00Z").block("MESSAGES_TURNED_OFF"));
        assertThat(codes(d)).containsExactly("ADVERTISER_NOT_ENABLED", "AUDIENCE_TOO_SMALL", "MESSAGES_TURNED_OFF",
                "OBJECTIVE_NOT_MESSAGES", "WITHIN_SUPPRESSION_WINDOW");
        assertThat(d.has("retryAt")).isFalse();
        d.get("reasons").forEach(r -> {
            assertThat(r.get("rule").asText()).isNotBlank();
            assertThat(r.get("message").asText()).isNotBlank();
        });
    }

    @Test
    void campaign_isApprovedOrRejectedWithReasons() {
        JsonNode approved = SERVER.get().postJson("/v1/decisions/campaign", Requests.deliverable().campaign()).json();
        assertThat(approved.get("outcome").asText()).isEqualTo("APPROVE");
        assertThat(approved.get("reasons")).isEmpty();
        assertThat(approved.get("decisionId").asText()).isNotBlank();

        TestServer.Answer rejected = SERVER.get().postJson("/v1/decisions/campaign",
                Requests.deliverable().enabled(false).objective("LINK_CLICKS").audience(99).campaign());
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("outcome").asText()).isEqualTo("REJECT");
        assertThat(codes(rejected.json())).containsExactly("ADVERTISER_NOT_ENABLED", "AUDIENCE_TOO_SMALL",
                "OBJECTIVE_NOT_MESSAGES");
    }
}
