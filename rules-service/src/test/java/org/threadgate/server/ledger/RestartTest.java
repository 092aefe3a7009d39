package org.threadgate.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.http.CheckedClient;

/** Ingest, stop, start again on the same data: the state and every decision are unchanged. */
class RestartTest {
    @TempDir
    Path data;
    private final CheckedClient client = new CheckedClient();

    private String call(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        request.header("Content-Type", "application/json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = client.send(request.build());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response.body().replaceAll("\"decisionId\":\"[^\"]+\",", "");
    }

    /** Everything the service says about the ledger's contents, decisions included, at a fixed instant. */
    private List<String> observe(int port) throws Exception {
        List<String> seen = new ArrayList<>();
        String at = ",\"at\":\"2026-03-10T12:00:00Z\"}";
        for (String person : List.of("p0", "p1", "p2", "p3", "p150", "nobody")) {
            if (!person.equals("nobody")) {
                seen.add(call(port, "GET", "/v1/businesses/acme/threads/" + person, null));
            }
            seen.add(call(port, "POST", "/v1/decisions/delivery",
                    "{\"campaignId\":\"spring\",\"personId\":\"" + person + "\"" + at));
        }
        seen.add(call(port, "POST", "/v1/decisions/campaign", "{\"campaignId\":\"spring\"" + at));
        seen.add(call(port, "POST", "/v1/campaigns/spring/audience/decisions", "{\"at\":\"2026-03-10T12:00:00Z\"}"));
        return seen;
    }

    @Test
    void stateAndDecisions_surviveARestart() throws Exception {
        List<String> before;
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(data, config -> { }))) {
            int port = server.port();
            call(port, "PUT", "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}");
            call(port, "PUT", "/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}");
            StringBuilder events = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                String type = i % 10 == 1 ? "BLOCK" : i % 10 == 2 ? "MESSAGES_OFF" : "PERSON_MESSAGE";
                events.append(i == 0 ? "" : ",").append("{\"eventId\":\"e").append(i).append("\",\"type\":\"")
                        .append(type).append("\",\"businessId\":\"acme\",\"personId\":\"p").append(i % 160)
                        .append("\",\"occurredAt\":\"2026-03-").append(i % 2 == 0 ? "01" : "10")
                        .append("T08:00:00Z\"}");
            }
            call(port, "POST", "/v1/events", events.append("]").toString());
            before = observe(port);
        }
        try (ThreadgateServer server = ThreadgateServer.start(ServerConfig.local(data, config -> { }))) {
            assertThat(observe(server.port())).isEqualTo(before);
        }
        assertThat(before).anyMatch(s -> s.contains("\"outcome\":\"DELIVER\""))
                .anyMatch(s -> s.contains("BLOCKED_BUSINESS"));
    }
}
