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
 * Policy analysis through the real server: a candidate that raises frequencyCap.max from 1 to 2 is diffed against the
 * bundled set; the loosening's counterexample, sent to the service, is suppressed by the live set and delivered under
 * the candidate, before and after promotion.
 */
class PolicyDiffTest extends RealServerTest {

    @Test
    void aRaisedFrequencyCapIsLoosening_andItsCounterexampleIsReallyDecidedDifferently() throws Exception {
        Path candidate = dir.resolve("candidate");
        PolicySource.bundled().writeTo(candidate);
        Files.writeString(candidate.resolve("settings.yaml"), PolicySource.bundled().settings()
                .replace("frequencyCap:\n  max: 1", "frequencyCap:\n  max: 2"));
        // their boundary cases pin the old maximum
        Files.delete(candidate.resolve("tests/frequencycap.yaml"));
        Files.delete(candidate.resolve("tests/campaignonce.yaml"));
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.candidate.rules = candidate));

        assertThat(send("POST", "/v1/policies/diff", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> answer = send("POST", "/v1/policies/diff", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode diff = Json.MAPPER.readTree(answer.body());
        assertThat(diff.get("atLeastAsStrict").asBoolean()).isFalse();
        assertThat(diff.get("verdict").asText()).startsWith("the candidate is looser than the live set");
        assertThat(diff.get("liveVersion").asText()).isEqualTo(server.service().policies().version());
        JsonNode loosened = null;
        for (JsonNode change : diff.get("changes")) {
            // raising a cap can only let more through
            assertThat(change.get("kind").asText()).isIn("SUPPRESS_TO_DELIVER", "SUPPRESS_OTHER_REASONS");
            if (change.get("kind").asText().equals("SUPPRESS_TO_DELIVER")) {
                loosened = change;
            }
        }
        assertThat(loosened).as(diff.toString()).isNotNull();
        assertThat(loosened.get("loosening").asBoolean()).isTrue();
        assertThat(loosened.get("count").asLong()).isPositive();
        JsonNode example = loosened.get("counterexample");
        assertThat(example.get("live").get("reasons").toString()).isEqualTo("[\"FREQUENCY_CAP_REACHED\"]");
        assertThat(example.get("candidate").get("outcome").asText()).isEqualTo("DELIVER");
        // the smallest: exactly one delivery from the business inside the window, nothing else held against it
        assertThat(example.get("request").get("recentDeliveries")).hasSize(1);
        assertThat(example.get("decision").asText()).isEqualTo("delivery");
        String request = example.get("request").toString();

        JsonNode live = Json.MAPPER.readTree(send("POST", "/v1/decisions/delivery", request).body());
        assertThat(live.get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(live.get("reasons").get(0).get("code").asText()).isEqualTo("FREQUENCY_CAP_REACHED");
        HttpResponse<String> tried = send("POST", "/v1/policies/candidate/try", request);
        assertThat(tried.statusCode()).as(tried.body()).isEqualTo(200);
        JsonNode both = Json.MAPPER.readTree(tried.body());
        assertThat(both.get("kind").asText()).isEqualTo("delivery");
        assertThat(both.get("live").get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(both.get("candidate").get("outcome").asText()).isEqualTo("DELIVER");
        assertThat(both.get("candidate").get("policyVersion").asText()).isEqualTo(diff.get("candidateVersion").asText());
        assertThat(send("POST", "/v1/policies/candidate/try", "{\"person\":{}}").statusCode()).isEqualTo(400);

        // the same pair of versions is answered from the kept comparison
        assertThat(Json.MAPPER.readTree(send("POST", "/v1/policies/diff", null).body())).isEqualTo(diff);

        assertThat(send("POST", "/v1/policies/candidate/promote", null).statusCode()).isEqualTo(200);
        JsonNode promoted = Json.MAPPER.readTree(send("POST", "/v1/decisions/delivery", request).body());
        assertThat(promoted.get("outcome").asText()).isEqualTo("DELIVER");
    }

    @Test
    void whileTheCandidateDoesNotLoad_theDiffIsNotReady() throws Exception {
        Path candidate = dir.resolve("candidate");
        PolicySource.bundled().writeTo(candidate);
        Files.writeString(candidate.resolve("blocks/broken.drl"), "package org.threadgate.policies.blocks\nrule \"x\" when\n"
                + "  Shop()\nthen\nend\n");
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.candidate.rules = candidate));
        HttpResponse<String> answer = send("POST", "/v1/policies/diff", null);
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("CANDIDATE_NOT_READY");
        assertThat(send("POST", "/v1/policies/candidate/try", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void withoutACandidate_theDiffIsNotConfigured() throws Exception {
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> {
        }));
        HttpResponse<String> answer = send("POST", "/v1/policies/diff", null);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("CANDIDATE_NOT_CONFIGURED");
        assertThat(send("POST", "/v1/policies/candidate/try", "{}").statusCode()).isEqualTo(404);
    }
}
