package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.server.Limits;
import org.threadgate.server.metrics.DecisionMetrics;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcLedger;

class OperationsEndpointsTest {
    @RegisterExtension
    static final TestServer.Running SERVER = TestServer.Running.perClass();

    @Test
    void policies_listTheVersionSourceAndEveryRule() {
        JsonNode p = SERVER.get().get("/v1/policies").json();
        assertThat(p.get("policyVersion").asText()).isEqualTo(SERVER.get().service.policies().version());
        assertThat(p.get("source").asText()).isEqualTo("classpath:org/threadgate/policies");
        assertThat(p.get("loadedAt").asText()).isNotBlank();
        assertThat(p.get("settings").get("minimumAudienceSize").asInt()).isEqualTo(100);
        assertThat(p.get("settings").get("suppressionWindow").asText()).isEqualTo("PT24H");
        Set<String> codes = new HashSet<>();
        p.get("rules").forEach(r -> {
            codes.add(r.get("code").asText());
            assertThat(r.get("title").asText()).isNotBlank();
            assertThat(r.get("file").asText()).endsWith(".drl");
        });
        assertThat(codes).containsExactlyInAnyOrder("ADVERTISER_NOT_ENABLED", "OBJECTIVE_NOT_MESSAGES",
                "AUDIENCE_TOO_SMALL", "NO_OPEN_THREAD", "WITHIN_SUPPRESSION_WINDOW", "BLOCKED_BUSINESS",
                "MESSAGES_TURNED_OFF", "FREQUENCY_CAP_REACHED", "PERSON_CAP_REACHED", "CAMPAIGN_ALREADY_DELIVERED",
                "QUIET_HOURS");
        // every setting, typed
        assertThat(p.get("settings").get("frequencyCap.window").asText()).isEqualTo("PT48H");
        assertThat(p.get("settings").get("quietHours.defaultZone").isNull()).isTrue();
        assertThat(p.get("settingTypes").get("frequencyCap.max").asText()).isEqualTo("integer");
        assertThat(p.get("settingTypes").get("quietHours.start").asText()).isEqualTo("localTime");
        assertThat(p.get("settingTypes").get("campaignOnce.enabled").asText()).isEqualTo("boolean");
        assertThat(p.get("settingTypes").get("quietHours.defaultZone").asText()).isEqualTo("null");
    }

    @Test
    void health_isLiveAndReady() {
        assertThat(SERVER.get().get("/health/live").status()).isEqualTo(200);
        TestServer.Answer ready = SERVER.get().get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("policyVersion").asText()).isEqualTo(SERVER.get().service.policies().version());
    }

    @Test
    void beforeTheRulesCompile_isLiveButNotReady_andDecisionsAnswer503() {
        try (DeliveryPolicyService compiling = new DeliveryPolicyService();
             Database database = Database.h2Memory("not-ready");
             HttpApi api = new HttpApi(Limits.DEFAULTS, org.threadgate.server.security.Access.NONE)) {
            // a host with the decision and operations routes over a facade whose rules have not compiled yet
            new DecisionEndpoints(compiling, new org.threadgate.facade.ledger.LedgerFacts(new JdbcLedger(
                    database.dataSource(), Clock.systemUTC()), java.time.Duration.ZERO), Clock.systemUTC(),
                    Limits.DEFAULTS).addTo(api.table());
            new OperationsEndpoints(compiling, new DecisionMetrics(), org.threadgate.server.security.Access.NONE,
                    api.document()).addTo(api.table());
            api.start("127.0.0.1", 0);
            String base = "http://127.0.0.1:" + api.port();
            assertThat(SERVER.get().send(HttpRequest.newBuilder(java.net.URI.create(base + "/health/live")).build())
                    .status()).isEqualTo(200);
            assertThat(SERVER.get().send(HttpRequest.newBuilder(java.net.URI.create(base + "/health/ready")).build())
                    .status()).isEqualTo(503);
            TestServer.Answer decision = SERVER.get().send(HttpRequest.newBuilder(
                    java.net.URI.create(base + "/v1/decisions/delivery")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Requests.deliverable().delivery())).build());
            assertThat(decision.status()).isEqualTo(503);
            assertThat(decision.contentType()).startsWith("application/problem+json");
            assertThat(decision.json().get("code").asText()).isEqualTo("NOT_READY");
        }
    }

    @Test
    void metrics_countDecisionsByOutcomeAndReason_andShowTheVersion() {
        SERVER.get().postJson("/v1/decisions/delivery", Requests.deliverable().block("BLOCKED_BUSINESS").delivery());
        SERVER.get().postJson("/v1/decisions/delivery", Requests.deliverable().delivery());
        TestServer.Answer metrics = SERVER.get().get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .containsPattern("threadgate_decisions_total\\{kind=\"delivery\",outcome=\"SUPPRESS\"} [1-9]")
                .containsPattern("threadgate_decisions_total\\{kind=\"delivery\",outcome=\"DELIVER\"} [1-9]")
                .containsPattern("threadgate_decision_reasons_total\\{code=\"BLOCKED_BUSINESS\"} [1-9]")
                .contains("threadgate_decision_latency_seconds_bucket{kind=\"delivery\"")
                .contains("threadgate_policy_info{version=\"" + SERVER.get().service.policies().version() + "\"} 1");
    }

    @Test
    void openApiDocument_describesExactlyTheRoutes() {
        TestServer.Answer doc = SERVER.get().get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        JsonNode openapi = doc.json();
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method ->
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        Set<String> routed = new HashSet<>();
        for (HttpApi.Route route : SERVER.get().api.routes()) {
            routed.add(route.method().name() + " " + route.path());
        }
        assertThat(documented).isEqualTo(routed);
        // and every documented route is routed over real HTTP (whatever it answers, it is not the router's 404/405)
        for (HttpApi.Route route : SERVER.get().api.routes()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(SERVER.get().uri(route.path().replaceAll("\\{\\w+}", "x")));
            if (route.method() != HandlerType.GET) {
                request.header("Content-Type", "application/json")
                        .method(route.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
            }
            TestServer.Answer answer = SERVER.get().send(request.build());
            assertThat(answer.status()).as(route.toString()).isNotEqualTo(405);
            if (answer.status() == 404) {
                assertThat(answer.json().get("code").asText()).as(route.toString()).isNotEqualTo("NOT_FOUND");
            }
        }
        // every schema the paths refer to exists
        String text = doc.body();
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(text);
        while (refs.find()) {
            assertThat(openapi.get("components").get("schemas").has(refs.group(1))).as(refs.group(1)).isTrue();
        }
    }
}
