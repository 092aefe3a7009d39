package org.threadgate.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.json.Json;
import org.threadgate.server.Limits;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.decisionlog.DecisionLog;

/**
 * The real API on the bundled policies, on an ephemeral loopback port, with a plain JDK HTTP client. A test class
 * takes one through {@link Running}: {@code @RegisterExtension static final TestServer.Running SERVER =
 * TestServer.Running.perClass();} (or {@code perTest()} for a fresh server, with its own database, per test).
 */
final class TestServer implements AutoCloseable {
    /** Starts a default server before a test class (or each test) and closes it after. */
    static final class Running implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterAllCallback, org.junit.jupiter.api.extension.BeforeEachCallback,
            org.junit.jupiter.api.extension.AfterEachCallback {
        private final boolean perTest;
        private TestServer server;

        private Running(boolean perTest) {
            this.perTest = perTest;
        }

        static Running perClass() {
            return new Running(false);
        }

        static Running perTest() {
            return new Running(true);
        }

        TestServer get() {
            return server;
        }

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            if (!perTest) {
                server = new TestServer();
            }
        }

        @Override
        public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            if (perTest) {
                server = new TestServer();
            }
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            if (perTest) {
                server.close();
            }
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            if (!perTest) {
                server.close();
            }
        }
    }

    /** The server clock, used when a request has no {@code at}. */
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    /** The server as {@code serve} assembles it, on a private in-memory database and a fixed clock. */
    final ThreadgateServer running;
    final DeliveryPolicyService service;
    /** The decision log, in the same database (as serve keeps it by default). */
    final DecisionLog log;
    final CheckedClient client;
    final Port api;
    final org.threadgate.server.decisionlog.PolicyVersions versions;
    /** The in-memory database's URL: another connection to it sees what the server stored. */
    final String jdbcUrl = "jdbc:h2:mem:test-" + java.util.UUID.randomUUID();

    /** The port and the route table, as the tests read them. */
    record Port(ThreadgateServer running) {
        int port() {
            return running.port();
        }

        java.util.List<HttpApi.Route> routes() {
            return running.routes();
        }
    }

    TestServer() {
        this(Limits.DEFAULTS);
    }

    TestServer(Limits limits) {
        ServerConfig config = ServerConfig.local(Path.of("unused"), c -> {
            c.storage.jdbc(jdbcUrl, "sa", "");
            c.inputs.set(limits);
            c.policies.factsStaleness = java.time.Duration.ZERO;
            c.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        });
        try {
            running = ThreadgateServer.start(config);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        service = running.service();
        log = running.decisionLog().orElseThrow();
        api = new Port(running);
        versions = running.versions();
        client = new CheckedClient();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    /** A response with its body as text and, when it is JSON, parsed. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Answer post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    Answer postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    Answer put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** One header of the answer to {@code GET path}, or {@code null}. */
    String header(String path, String name) {
        try {
            return client.send(HttpRequest.newBuilder(uri(path)).GET().build()).headers().firstValue(name)
                    .orElse(null);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
