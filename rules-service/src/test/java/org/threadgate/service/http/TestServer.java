package org.threadgate.service.http;

import org.threadgate.service.metrics.DecisionMetrics;
import org.threadgate.service.Limits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.service.decisionlog.DecisionLog;
import org.threadgate.service.decisionlog.JdbcDecisionStore;
import org.threadgate.service.decisionlog.PolicyVersions;
import org.threadgate.service.ledger.jdbc.JdbcLedger;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.authoring.PolicyReloader;
import org.threadgate.service.ledger.jdbc.Database;
import org.threadgate.service.ledger.Ledger;
import org.threadgate.service.json.Json;

/** The real API on the bundled policies, on an ephemeral loopback port, with a plain JDK HTTP client. */
final class TestServer implements AutoCloseable {
    /** The server clock, used when a request has no {@code at}. */
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    final DeliveryPolicyService service;
    final DecisionMetrics metrics = new DecisionMetrics();
    final PolicyReloader reloader;
    final Database database;
    /** The decision log, in the same database (as serve keeps it by default). */
    final JdbcDecisionStore decisions;
    final DecisionLog log;
    final PolicyVersions versions;
    final HttpApi api;
    final CheckedClient client;

    TestServer() {
        this(Limits.DEFAULTS);
    }

    TestServer(Limits limits) {
        database = Database.h2Memory("test-" + java.util.UUID.randomUUID());
        decisions = new JdbcDecisionStore(database.dataSource(), "test");
        log = new DecisionLog(decisions, Clock.systemUTC(), 100_000, java.time.Duration.ofDays(30));
        versions = new PolicyVersions(decisions);
        service = new DeliveryPolicyService().observe(metrics).observe(log);
        metrics.decisionLog(log);
        reloader = new PolicyReloader(PolicyReloader.bundled(), service, Clock.systemUTC(), set -> {
            metrics.policyVersion(set.version());
            versions.wentLive(set);
        });
        reloader.loadNow("startup");
        api = new HttpApi(service, reloader, new JdbcLedger(database.dataSource(), Clock.systemUTC()), metrics,
                Clock.fixed(NOW, ZoneOffset.UTC), limits, org.threadgate.service.security.Access.NONE,
                java.time.Duration.ZERO, decisions, versions, null).start("127.0.0.1", 0);
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
        api.close();
        log.close();
        reloader.close();
        service.close();
        database.close();
    }
}
