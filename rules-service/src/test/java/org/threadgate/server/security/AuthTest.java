package org.threadgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.facade.json.Json;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;

/** Who may call what, through real HTTP with a real tokens file. */
class AuthTest {
    private static final String DELIVERY = """
            {"at":"2026-03-10T12:00:00Z","business":{"id":"acme","sponsoredMessagesEnabled":true},
             "campaign":{"id":"c","objective":"MESSAGES","audienceSize":500},"person":{"id":"p"},
             "thread":{"lastPersonInteractionAt":"2026-03-01T00:00:00Z"}}""";

    @TempDir
    Path dir;
    private final String decider = Tokens.generate();
    private final String ingester = Tokens.generate();
    private final String admin = Tokens.generate();
    private final String auditor = Tokens.generate();
    private final String checkout = Tokens.generate();
    private final String privacy = Tokens.generate();
    private ThreadgateServer server;
    private final CheckedClient client = new CheckedClient();

    private Tokens writeTokens() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# who may call Threadgate\n"
                + Tokens.line(decider, EnumSet.of(Scope.DECIDE)) + "\n"
                + "\n" + Tokens.line(ingester, EnumSet.of(Scope.INGEST)) + "   # the event pipeline\n"
                + Tokens.line(admin, EnumSet.of(Scope.ADMIN, Scope.DECIDE)) + "\n"
                + Tokens.line(auditor, EnumSet.of(Scope.AUDIT), "support-desk") + "\n"
                + Tokens.line(checkout, EnumSet.of(Scope.DECIDE), "checkout-service") + "\n"
                + Tokens.line(privacy, EnumSet.of(Scope.PRIVACY), "privacy-desk") + "\n");
        assertThat(Files.readString(file)).doesNotContain(decider).doesNotContain(admin);
        return Tokens.read(file);
    }

    @BeforeEach
    void start() throws Exception {
        Access access = new Access(writeTokens(), false);
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.security.access = access));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build());
    }

    /** Erasure takes scope privacy, or admin; no other scope, and no token, may erase. */
    @Test
    void erasingAPerson_takesScopePrivacyOrAdmin() throws Exception {
        problem(call("DELETE", "/v1/people/p-1", null, null), 401, "UNAUTHENTICATED");
        JsonNode refused = problem(call("DELETE", "/v1/people/p-1", auditor, null), 403, "FORBIDDEN");
        assertThat(refused.get("detail").asText()).contains("privacy (or admin)");
        problem(call("DELETE", "/v1/people/p-1", decider, null), 403, "FORBIDDEN");
        assertThat(call("DELETE", "/v1/people/p-1", privacy, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/v1/people/p-1", admin, null).statusCode()).isEqualTo(200);
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = Json.MAPPER.readTree(response.body());
        assertThat(p.get("code").asText()).isEqualTo(code);
        return p;
    }

    @Test
    void noOrUnknownToken_is401_withAChallenge() throws Exception {
        HttpResponse<String> none = call("POST", "/v1/decisions/delivery", null, DELIVERY);
        problem(none, 401, "UNAUTHENTICATED");
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        HttpResponse<String> unknown = call("POST", "/v1/decisions/delivery", Tokens.generate(), DELIVERY);
        JsonNode p = problem(unknown, 401, "UNAUTHENTICATED");
        assertThat(p.get("detail").asText()).isEqualTo("the bearer token is not known");
        problem(call("POST", "/v1/events", "", "[]"), 401, "UNAUTHENTICATED");
    }

    @Test
    void theDecisionLog_takesScopeAudit_namesTheCallerByLabel_andIsDrainedOnShutdown() throws Exception {
        HttpResponse<String> decided = call("POST", "/v1/decisions/delivery", checkout, DELIVERY);
        assertThat(decided.statusCode()).isEqualTo(200);
        String id = Json.MAPPER.readTree(decided.body()).get("decisionId").asText();
        String unlabelled = Json.MAPPER.readTree(call("POST", "/v1/decisions/delivery", decider, DELIVERY).body())
                .get("decisionId").asText();
        server.decisionLog().orElseThrow().flush();
        problem(call("GET", "/v1/decisions/" + id, checkout, null), 403, "FORBIDDEN");
        problem(call("GET", "/v1/decisions", admin, null), 403, "FORBIDDEN");
        problem(call("POST", "/v1/decisions/delivery", auditor, DELIVERY), 403, "FORBIDDEN");
        HttpResponse<String> record = call("GET", "/v1/decisions/" + id, auditor, null);
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(record.body()).get("asked").get("caller").asText())
                .isEqualTo("checkout-service");
        assertThat(record.body()).doesNotContain(checkout)
                .doesNotContain(java.util.HexFormat.of().formatHex(Tokens.sha256(checkout)));
        assertThat(Json.MAPPER.readTree(call("GET", "/v1/decisions/" + unlabelled, auditor, null).body())
                .get("asked").get("caller").asText()).isEqualTo("line-2"); // a line without a label: its number

        // a clean shutdown writes every answered decision: decide, close at once, then read the database
        String last = Json.MAPPER.readTree(call("POST", "/v1/decisions/delivery", checkout, DELIVERY).body())
                .get("decisionId").asText();
        server.close();
        try (org.threadgate.storage.jdbc.Database database =
                     org.threadgate.storage.jdbc.Database.h2File(dir.resolve("data"))) {
            assertThat(new org.threadgate.storage.jdbc.JdbcDecisionStore(database.dataSource(), "test")
                    .find(last)).isPresent();
        }
        Access access = new Access(writeTokens(), false);
        server = ThreadgateServer.start(ServerConfig.local(dir.resolve("data"),
                config -> config.security.access = access));
    }

    @Test
    void aTokenWithoutTheScope_is403() throws Exception {
        JsonNode p = problem(call("POST", "/v1/events", decider, "[]"), 403, "FORBIDDEN");
        assertThat(p.get("detail").asText()).contains("ingest").doesNotContain(decider);
        problem(call("POST", "/v1/decisions/delivery", ingester, DELIVERY), 403, "FORBIDDEN");
        problem(call("POST", "/v1/policies/reload", decider, null), 403, "FORBIDDEN");
        problem(call("PUT", "/v1/businesses/acme", ingester, "{\"sponsoredMessagesEnabled\":true}"), 403,
                "FORBIDDEN");
        problem(call("GET", "/v1/businesses/acme/threads/p", decider, null), 403, "FORBIDDEN");
        problem(call("GET", "/metrics", decider, null), 403, "FORBIDDEN");
    }

    @Test
    void eachScope_opensItsEndpoints() throws Exception {
        assertThat(call("POST", "/v1/decisions/delivery", decider, DELIVERY).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/events", ingester, "[{\"eventId\":\"e\",\"type\":\"PERSON_MESSAGE\","
                + "\"businessId\":\"acme\",\"personId\":\"p\",\"occurredAt\":\"2026-03-01T00:00:00Z\"}]")
                .statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/v1/businesses/acme", admin, "{\"sponsoredMessagesEnabled\":true}").statusCode())
                .isEqualTo(201);
        assertThat(call("GET", "/v1/businesses/acme/threads/p", admin, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/policies/status", admin, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/policies/reload", admin, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/metrics", admin, null).statusCode()).isEqualTo(200);
        // the lower-case scheme is accepted too
        HttpResponse<String> lower = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/v1/policies")).header("Authorization", "bearer " + decider).build());
        assertThat(lower.statusCode()).isEqualTo(200);
    }

    @Test
    void healthAndTheApiDocument_stayOpen() throws Exception {
        assertThat(call("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/openapi.json", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCanBeLeftOpen() throws Exception {
        Access openMetrics = new Access(writeTokens(), true);
        try (ThreadgateServer open = ThreadgateServer.start(ServerConfig.local(dir.resolve("data2"),
                config -> config.security.access = openMetrics))) {
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + open.port() + "/metrics")).build());
            assertThat(metrics.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutTokens_onlyLoopbackMayBeBound() {
        assertThatThrownBy(() -> ThreadgateServer.start(ServerConfig.local(dir.resolve("data3"),
                config -> config.http.host = "0.0.0.0")))
                .isInstanceOf(ThreadgateServer.InsecureBindingException.class)
                .hasMessageContaining("without --tokens").hasMessageContaining("127.0.0.1");
    }

    @Test
    void aBadTokensFile_namesTheLine() throws Exception {
        Path file = dir.resolve("bad-tokens");
        Files.writeString(file, "# fine\nsha256:" + "ab".repeat(32) + " decide\nplaintext-token admin\n");
        assertThatThrownBy(() -> Tokens.read(file)).hasMessageContaining(":3: expected 'sha256:");
        Files.writeString(file, "sha256:" + "ab".repeat(32) + " decide,root\n");
        assertThatThrownBy(() -> Tokens.read(file)).hasMessageContaining(":1: unknown scope 'root'");
        Files.writeString(file, "# nothing\n");
        assertThatThrownBy(() -> Tokens.read(file)).hasMessageContaining("holds no token");
    }

    @Test
    void tokensMatchOnlyThemselves() throws Exception {
        Tokens tokens = writeTokens();
        assertThat(tokens.scopesOf(decider)).isEqualTo(Set.of(Scope.DECIDE));
        assertThat(tokens.scopesOf(admin)).isEqualTo(Set.of(Scope.ADMIN, Scope.DECIDE));
        assertThat(tokens.scopesOf(decider + "x")).isNull();
        assertThat(tokens.scopesOf("")).isNull();
    }
}
