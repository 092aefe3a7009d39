package org.threadgate.server.impact;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.json.Json;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;

/**
 * Shadow evaluation through the real server: a candidate that raises minimumAudienceSize to 200 is compared with
 * every live decision, the counts say exactly which would change, and promotion makes it live.
 */
class ShadowTest extends RealServerTest {

    private static String delivery(String person, int audience) {
        return "{\"at\":\"2026-03-10T12:00:00Z\",\"business\":{\"id\":\"acme\",\"sponsoredMessagesEnabled\":true},"
                + "\"campaign\":{\"id\":\"c" + audience + "\",\"objective\":\"MESSAGES\",\"audienceSize\":" + audience
                + "},\"person\":{\"id\":\"" + person + "\"},\"thread\":{\"lastPersonInteractionAt\":"
                + "\"2026-03-01T00:00:00Z\"}}";
    }

    @Test
    void theCandidate_isComparedWithEveryLiveDecision_andPromotionMakesItLive() throws Exception {
        Path candidate = dir.resolve("candidate");
        PolicySource.bundled().writeTo(candidate);
        Files.writeString(candidate.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200"));
        Files.delete(candidate.resolve("tests/audience.yaml")); // its boundary cases pin the old minimum
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.candidate.rules = candidate));
        String liveVersion = server.service().policies().version();

        for (int i = 0; i < 10; i++) {
            assertThat(send("POST", "/v1/decisions/delivery", delivery("p" + i, i < 4 ? 150 : 250)).statusCode())
                    .isEqualTo(200);
        }
        server.shadow().orElseThrow().drain();
        JsonNode view = Json.MAPPER.readTree(send("GET", "/v1/policies/candidate", null).body());
        String candidateVersion = view.get("candidateVersion").asText();
        assertThat(candidateVersion).isNotEqualTo(liveVersion);
        assertThat(view.get("liveVersion").asText()).isEqualTo(liveVersion);
        JsonNode shadow = view.get("shadow");
        assertThat(shadow.get("compared").asInt()).isEqualTo(10);
        assertThat(shadow.get("same").asInt()).isEqualTo(6);
        assertThat(shadow.get("changed").asInt()).isEqualTo(4);
        assertThat(shadow.get("transitions").get("DELIVER->SUPPRESS").asInt()).isEqualTo(4);
        assertThat(shadow.get("reasons").get("AUDIENCE_TOO_SMALL").get("gained").asInt()).isEqualTo(4);
        assertThat(shadow.get("skipped").asInt()).isZero();

        // the same traffic replayed from the decision log gives the same answer as the shadow counts
        server.decisionLog().orElseThrow().flush();
        HttpResponse<String> impact = send("POST", "/v1/policies/impact", "{\"candidate\":\"candidate\"}");
        assertThat(impact.statusCode()).as(impact.body()).isEqualTo(200);
        JsonNode report = Json.MAPPER.readTree(impact.body());
        assertThat(report.get("candidateVersion").asText()).isEqualTo(candidateVersion);
        assertThat(report.get("records").asInt()).isEqualTo(10);
        assertThat(report.get("changed").asInt()).isEqualTo(shadow.get("changed").asInt());
        assertThat(report.get("transitions").get("DELIVER->SUPPRESS").asInt()).isEqualTo(4);
        assertThat(report.get("fidelity").get("checked").asInt()).isEqualTo(10);
        assertThat(report.get("fidelity").get("mismatched").asInt()).isZero();
        // each record keeps what the candidate decided for it
        JsonNode records = Json.MAPPER.readTree(send("GET", "/v1/decisions?limit=100", null).body()).get("decisions");
        assertThat(records).hasSize(10);
        for (JsonNode record : records) {
            int audience = record.get("request").get("campaign").get("audienceSize").asInt();
            assertThat(record.get("shadow").get("candidateVersion").asText()).isEqualTo(candidateVersion);
            assertThat(record.get("shadow").get("outcome").asText()).isEqualTo(audience < 200 ? "SUPPRESS" : "DELIVER");
            assertThat(record.get("outcome").asText()).isEqualTo("DELIVER");
        }
        JsonNode unchanged = Json.MAPPER.readTree(send("POST", "/v1/policies/impact", "{\"candidate\":\"live\"}")
                .body());
        assertThat(unchanged.get("changed").asInt()).isZero();
        HttpResponse<String> bad = send("POST", "/v1/policies/impact", "{\"candidate\":\"next\",\"from\":\"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);

        String metrics = send("GET", "/metrics", null).body();
        assertThat(metrics).contains("threadgate_shadow_compared_total 10.0")
                .contains("threadgate_shadow_transitions_total{transition=\"DELIVER->SUPPRESS\"} 4.0");

        // promotion under load: every answer made meanwhile comes from one version or the other, never an error
        java.util.List<String> versionsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread load = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                try {
                    HttpResponse<String> answer = send("POST", "/v1/decisions/delivery", delivery("q" + i++, 150));
                    if (answer.statusCode() != 200) {
                        failures.incrementAndGet();
                    } else {
                        versionsSeen.add(Json.MAPPER.readTree(answer.body()).get("policyVersion").asText());
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        }, "decisions-during-promotion");
        load.start();
        while (versionsSeen.size() < 20) {
            Thread.sleep(5);
        }
        HttpResponse<String> promoted = send("POST", "/v1/policies/candidate/promote", null);
        int seenAtPromotion = versionsSeen.size();
        while (versionsSeen.size() < seenAtPromotion + 20) {
            Thread.sleep(5);
        }
        running.set(false);
        load.join();
        assertThat(failures.get()).isZero();
        assertThat(versionsSeen).containsOnly(liveVersion, candidateVersion);
        assertThat(versionsSeen.get(versionsSeen.size() - 1)).isEqualTo(candidateVersion);
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(promoted.body()).get("liveVersion").asText()).isEqualTo(candidateVersion);
        assertThat(Json.MAPPER.readTree(promoted.body()).get("previousVersion").asText()).isEqualTo(liveVersion);
        JsonNode decision = Json.MAPPER.readTree(send("POST", "/v1/decisions/delivery", delivery("p0", 150)).body());
        assertThat(decision.get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(decision.get("policyVersion").asText()).isEqualTo(candidateVersion);
        JsonNode status = Json.MAPPER.readTree(send("GET", "/v1/policies/status", null).body());
        assertThat(status.get("liveVersion").asText()).isEqualTo(candidateVersion);
        assertThat(status.get("trigger").asText()).isEqualTo("promote (candidate)");
        assertThat(status.get("outcome").asText()).isEqualTo("LOADED");
        assertThat(status.get("source").asText()).endsWith("candidate");
    }

    @Test
    void withoutACandidate_itsRoutesSaySo() throws Exception {
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> { }));
        HttpResponse<String> view = send("GET", "/v1/policies/candidate", null);
        assertThat(view.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(view.body()).get("code").asText()).isEqualTo("CANDIDATE_NOT_CONFIGURED");
        assertThat(send("POST", "/v1/policies/candidate/promote", null).statusCode()).isEqualTo(404);
    }
}
