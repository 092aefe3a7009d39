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
 * The reload gate of {@code --max-flip-rate} through the real server: a change that would flip too many of the last
 * day's logged outcomes is refused with IMPACT_TOO_HIGH, and {@code force=true} puts it live anyway.
 */
class FlipGateTest extends RealServerTest {

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    @Test
    void aReloadThatFlipsTooManyLoggedOutcomes_isRefused_unlessForced() throws Exception {
        Path rules = dir.resolve("rules");
        PolicySource.bundled().writeTo(rules);
        Files.delete(rules.resolve("tests/audience.yaml")); // its boundary cases pin the minimum this test changes
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"), config -> {
            config.policies.rules = rules;
            config.candidate.maxFlipRate = 0.05;
        }));
        String live = server.service().policies().version();
        for (int i = 0; i < 20; i++) {
            int audience = i < 5 ? 150 : 250; // a quarter would flip under a minimum of 200
            assertThat(post("/v1/decisions/delivery", "{\"at\":\"2026-03-10T12:00:00Z\",\"business\":{\"id\":\"acme\","
                    + "\"sponsoredMessagesEnabled\":true},\"campaign\":{\"id\":\"c\",\"objective\":\"MESSAGES\","
                    + "\"audienceSize\":" + audience + "},\"person\":{\"id\":\"p" + i + "\"},\"thread\":"
                    + "{\"lastPersonInteractionAt\":\"2026-03-01T00:00:00Z\"}}").statusCode()).isEqualTo(200);
        }
        server.decisionLog().orElseThrow().flush();
        Files.writeString(rules.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200"));

        HttpResponse<String> refused = post("/v1/policies/reload", null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = Json.MAPPER.readTree(refused.body());
        assertThat(problem.get("code").asText()).isEqualTo("IMPACT_TOO_HIGH");
        assertThat(problem.get("detail").asText()).contains("20 logged decisions").contains("flips 5 outcomes");
        assertThat(server.service().policies().version()).isEqualTo(live);

        HttpResponse<String> forced = post("/v1/policies/reload?force=true", null);
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(server.service().policies().version()).isNotEqualTo(live);
        assertThat(server.service().policies().settings().minimumAudienceSize()).isEqualTo(200);

        assertThat(post("/v1/policies/reload?force=maybe", null).statusCode()).isEqualTo(400);
    }
}
