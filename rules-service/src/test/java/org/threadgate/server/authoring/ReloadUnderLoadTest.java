package org.threadgate.server.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.authoring.PolicyEdits;
import org.threadgate.facade.json.Json;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;

/**
 * Many reloads, good and broken alternating, while other threads keep deciding: no request fails, and every decision
 * names one of the good versions and is exactly what that version decides.
 */
class ReloadUnderLoadTest {
    private static final String CAMPAIGN_150 = """
            {"at":"2026-03-10T12:00:00Z","business":{"id":"acme","sponsoredMessagesEnabled":true},
             "campaign":{"id":"c","objective":"MESSAGES","audienceSize":150}}""";
    private static final String BATCH_150 = """
            {"at":"2026-03-10T12:00:00Z","business":{"id":"acme","sponsoredMessagesEnabled":true},
             "campaign":{"id":"c","objective":"MESSAGES","audienceSize":150},
             "recipients":[{"person":{"id":"a"},"thread":{"lastPersonInteractionAt":"2026-03-01T00:00:00Z"}},
                           {"person":{"id":"b"},"thread":{"lastPersonInteractionAt":"2026-03-02T00:00:00Z"}},
                           {"person":{"id":"c"},"thread":{"lastPersonInteractionAt":"2026-03-03T00:00:00Z"}}]}""";

    @TempDir
    Path root;

    private final CheckedClient client = new CheckedClient();

    @Test
    void reloadsWhileDeciding_neverFailARequest_norMixVersions() throws Exception {
        Path rules = root.resolve("rules");
        PolicyEdits.Alternatives ab = PolicyEdits.bundledWithAlternatives(rules);

        String versionA = versionOf(rules);
        Path staging = root.resolve("staging");
        PolicySource.bundled().writeTo(staging);
        Files.writeString(staging.resolve("settings.yaml"), ab.settingsB());
        String versionB = versionOf(staging);
        // what each good version decides for a campaign with an audience of 150
        Map<String, String> expected = Map.of(versionA, "APPROVE", versionB, "REJECT");

        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(root.resolve("data"),
                config -> config.policies.rules = rules))) {
            String base = "http://127.0.0.1:" + server.port();
            AtomicBoolean reloading = new AtomicBoolean(true);
            List<String> failures = new CopyOnWriteArrayList<>();
            Set<String> seenVersions = ConcurrentHashMap.newKeySet();
            AtomicInteger decisions = new AtomicInteger();
            List<Thread> deciders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean batch = t % 2 == 1;
                Thread decider = new Thread(() -> {
                    while (reloading.get() || decisions.get() < 200) {
                        try {
                            HttpResponse<String> response = post(base + (batch ? "/v1/decisions/delivery/batch"
                                    : "/v1/decisions/campaign"), batch ? BATCH_150 : CAMPAIGN_150);
                            if (response.statusCode() != 200) {
                                failures.add(response.statusCode() + " " + response.body());
                                continue;
                            }
                            JsonNode answer = Json.MAPPER.readTree(response.body());
                            String version = answer.get("policyVersion").asText();
                            seenVersions.add(version);
                            String outcome = expected.get(version);
                            if (outcome == null) {
                                failures.add("unknown version " + version);
                            } else if (batch) {
                                // A (min 100) delivers to all three; B (min 200) suppresses all three
                                int deliver = answer.get("summary").get("deliver").asInt();
                                if (deliver != (outcome.equals("APPROVE") ? 3 : 0)) {
                                    failures.add("batch of version " + version + " mixed: " + response.body());
                                }
                            } else if (!answer.get("outcome").asText().equals(outcome)) {
                                failures.add("version " + version + " answered " + answer.get("outcome"));
                            }
                            decisions.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }, "decider-" + t);
                decider.start();
                deciders.add(decider);
            }

            List<String> outcomes = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                boolean useB = round % 2 == 0;
                writeAtomically(rules.resolve("settings.yaml"), useB ? ab.settingsB() : ab.settingsA());
                writeAtomically(rules.resolve("tests/audience.yaml"), useB ? ab.casesB() : ab.casesA());
                outcomes.add(reload(base));
                writeAtomically(rules.resolve("blocks/broken.drl"), PolicyEdits.BROKEN_RULE);
                outcomes.add(reload(base));
                Files.delete(rules.resolve("blocks/broken.drl"));
            }
            reloading.set(false);
            for (Thread decider : deciders) {
                decider.join(60_000);
            }

            assertThat(failures).isEmpty();
            assertThat(decisions.get()).isGreaterThanOrEqualTo(200);
            assertThat(seenVersions).isSubsetOf(versionA, versionB).contains(versionB);
            // good sets went live (or already were), broken ones were rejected every time
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(outcomes.get(i)).as("reload %d", i).isEqualTo(i % 2 == 0 ? "ok" : "REJECTED");
            }
        }
    }

    private static String versionOf(Path dir) throws IOException {
        var compilation = new PolicyCompiler().compile(PolicySource.directory(dir));
        assertThat(compilation.succeeded()).as("%s", compilation.problems()).isTrue();
        compilation.policySet().close();
        return compilation.policySet().version();
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** "ok" when the set went live or already was, else the outcome. */
    private String reload(String base) throws Exception {
        HttpResponse<String> response = post(base + "/v1/policies/reload", "");
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (response.statusCode() == 200) {
            return "ok";
        }
        return answer.get("reload").get("outcome").asText();
    }

    /** As editors save: write beside the file, then move it into place in one step. */
    private void writeAtomically(Path file, String text) throws IOException {
        Path temp = root.resolve("write.tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
