package org.threadgate.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher's training run for class-data sharing: starts the service as {@code serve} would (bundled policies,
 * an embedded ledger in a temporary directory, a free loopback port), asks it one request of each common kind over
 * HTTP, and stops, so that the JVM can archive the classes a start and the first decisions need.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the service on a free loopback port with a temporary ledger, send it a request of each"
                + " common kind, and stop: the training run bin/threadgate uses to build its class-data archive."
                + " Prints the status of each request; exit 1 if any answer is not the one expected.")
final class TrainCommand implements Callable<Integer> {
    /** Each request: method, path, body (or null), the status expected. */
    private record Exchange(String method, String path, String body, int expected) {
    }

    private static final Exchange[] EXCHANGES = {
        new Exchange("GET", "/health/ready", null, 200),
        new Exchange("POST", "/v1/decisions/delivery", """
                {"at": "2026-03-10T12:00:00Z",
                 "business": {"id": "acme", "sponsoredMessagesEnabled": true},
                 "campaign": {"id": "spring", "objective": "MESSAGES", "audienceSize": 2500},
                 "person": {"id": "p-42"}, "thread": {"lastPersonInteractionAt": "2026-03-01T01:00:00Z"},
                 "blocks": []}""", 200),
        new Exchange("POST", "/v1/decisions/delivery", "{\"at\": \"yesterday\"}", 400),
        new Exchange("PUT", "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\": true}", 201),
        new Exchange("PUT", "/v1/campaigns/spring", "{\"businessId\": \"acme\", \"objective\": \"MESSAGES\"}", 201),
        new Exchange("POST", "/v1/events", """
                [{"eventId": "ev-1", "type": "PERSON_MESSAGE", "businessId": "acme", "personId": "p-42",
                  "occurredAt": "2026-03-09T08:00:00Z"}]""", 200),
        new Exchange("POST", "/v1/decisions/delivery", "{\"campaignId\": \"spring\", \"personId\": \"p-42\"}", 200),
        new Exchange("GET", "/v1/policies", null, 200),
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path data = Files.createTempDirectory("threadgate-train");
        int failed = 0;
        ServerConfig config = ServerConfig.defaults();
        config.http.port = 0;
        config.storage.data = data;
        try (ThreadgateServer server = ThreadgateServer.start(config)) {
            for (Exchange exchange : EXCHANGES) {
                int status = send(server.port(), exchange);
                spec.commandLine().getOut().println(exchange.method() + " " + exchange.path() + " -> " + status);
                if (status != exchange.expected()) {
                    failed++;
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static int send(int port, Exchange exchange) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + exchange.path())
                .toURL().openConnection();
        connection.setRequestMethod(exchange.method());
        if (exchange.body() != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(exchange.body().getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        connection.disconnect();
        return status;
    }
}
