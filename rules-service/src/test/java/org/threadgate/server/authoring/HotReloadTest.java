package org.threadgate.server.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.authoring.PolicyEdits;
import org.threadgate.facade.json.Json;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;

/**
 * The service on a temporary rules directory, as {@code serve --rules DIR} runs it: changes on disk go live through
 * the watcher when good, and never when bad.
 */
class HotReloadTest {
    /** An upper bound on waiting, not a speed check: reload speed is measured by the benchmarks. */
    private static final long PATIENCE_MS = 15_000;
    private static final String CAMPAIGN_150 = """
            {"at":"2026-03-10T12:00:00Z","business":{"id":"acme","sponsoredMessagesEnabled":true},
             "campaign":{"id":"c","objective":"MESSAGES","audienceSize":150}}""";

    @TempDir
    Path rules;
    @TempDir
    Path data;
    private ThreadgateServer server;
    private final CheckedClient client = new CheckedClient();

    @BeforeEach
    void start() throws IOException {
        PolicySource.bundled().writeTo(rules);
        server = ThreadgateServer.start(ServerConfig.local(data, config -> config.policies.rules = rules));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = client.send(request.build());
        return Json.MAPPER.readTree(response.body());
    }

    /** Waits until the status reports an attempt after {@code attempt}, and returns that status. */
    private JsonNode nextStatusAfter(long attempt) throws Exception {
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        while (System.currentTimeMillis() < deadline) {
            JsonNode status = call("GET", "/v1/policies/status", null);
            if (status.get("attempt").asLong() > attempt) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no reload attempt after #" + attempt + " within " + PATIENCE_MS + " ms");
    }

    @Test
    void aGoodChangeGoesLive_andABrokenFileNeverDoes() throws Exception {
        String v1 = server.firstLoad().liveVersion();
        JsonNode before = call("POST", "/v1/decisions/campaign", CAMPAIGN_150);
        assertThat(before.get("outcome").asText()).isEqualTo("APPROVE");
        assertThat(before.get("policyVersion").asText()).isEqualTo(v1);

        long attempt = server.reloader().status().attempt();
        PolicyEdits.raiseMinimumTo200(rules);
        JsonNode loaded = nextStatusAfter(attempt);
        assertThat(loaded.get("outcome").asText()).as(loaded.toString()).isEqualTo("LOADED");
        String v2 = loaded.get("liveVersion").asText();
        assertThat(v2).isNotEqualTo(v1);
        JsonNode after = call("POST", "/v1/decisions/campaign", CAMPAIGN_150);
        assertThat(after.get("outcome").asText()).isEqualTo("REJECT");
        assertThat(after.get("policyVersion").asText()).isEqualTo(v2);
        assertThat(after.get("reasons").get(0).get("code").asText()).isEqualTo("AUDIENCE_TOO_SMALL");

        attempt = loaded.get("attempt").asLong();
        Files.writeString(rules.resolve("blocks/late.drl"), """
                package org.threadgate.policies.blocks

                rule "broken"
                when
                    Shop(open == true)
                then
                end
                """);
        JsonNode rejected = nextStatusAfter(attempt);
        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("liveVersion").asText()).isEqualTo(v2);
        assertThat(rejected.get("problems").get(0).asText()).startsWith("blocks/late.drl:5:5: ")
                .contains("Shop");
        JsonNode still = call("POST", "/v1/decisions/campaign", CAMPAIGN_150);
        assertThat(still.get("policyVersion").asText()).isEqualTo(v2);
        assertThat(still.get("outcome").asText()).isEqualTo("REJECT");
        assertThat(call("GET", "/v1/policies", null).get("policyVersion").asText()).isEqualTo(v2);
    }

    @Test
    void aChangeThatBreaksItsOwnTestCases_isRejected() throws Exception {
        String v1 = server.firstLoad().liveVersion();
        long attempt = server.reloader().status().attempt();
        // the minimum moves but the boundary cases in tests/audience.yaml still pin 100
        Files.writeString(rules.resolve("settings.yaml"), PolicyEdits.SETTINGS_MINIMUM_200);
        JsonNode rejected = nextStatusAfter(attempt);
        assertThat(rejected.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("liveVersion").asText()).isEqualTo(v1);
        assertThat(rejected.get("problems").toString()).contains("tests/audience.yaml: an audience of exactly 100"
                + " passes");
        assertThat(call("POST", "/v1/decisions/campaign", CAMPAIGN_150).get("outcome").asText()).isEqualTo("APPROVE");
    }

    @Test
    void reloadOnRequest_answers422WithTheProblems_orTheNewVersion() throws Exception {
        Files.writeString(rules.resolve("settings.yaml"), "minimumAudienceSize: lots\n");
        // the watcher may get there first; either way the request gets the result of an attempt on this content
        JsonNode rejected = call("POST", "/v1/policies/reload", null);
        assertThat(rejected.get("status").asInt()).isEqualTo(422);
        assertThat(rejected.get("code").asText()).isEqualTo("POLICY_REJECTED");
        assertThat(rejected.get("reload").get("problems").get(0).asText())
                .isEqualTo("settings.yaml:1:22: minimumAudienceSize must be a whole number, 0 or more; was lots");

        Files.writeString(rules.resolve("settings.yaml"), org.threadgate.engine.PolicySource.bundled().settings());
        JsonNode ok = call("POST", "/v1/policies/reload", null);
        assertThat(ok.get("outcome").asText()).isIn("LOADED", "UNCHANGED");
        assertThat(ok.get("liveVersion").asText()).isEqualTo(server.firstLoad().liveVersion());
    }
}
