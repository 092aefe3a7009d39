package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.facade.json.Json;

/**
 * How JSON answers go out: a small one (a single decision) is written as it is, with its length, whatever the client
 * accepts; a large one (a batch) is still compressed for a client that accepts gzip, as before.
 */
class AnswerBytesTest {
    @RegisterExtension
    static final TestServer.Running SERVER = TestServer.Running.perClass();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> post(String path, String json) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(SERVER.get().uri(path))
                .header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aSingleDecision_goesOutWhole_withItsLength() throws Exception {
        HttpResponse<byte[]> answer = post("/v1/decisions/delivery", Requests.deliverable().person("p-1").delivery());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(answer.body().length);
        JsonNode decision = Json.MAPPER.readTree(answer.body());
        assertThat(decision.get("outcome").asText()).isEqualTo("DELIVER");
        assertThat(decision.get("decisionId").asText()).hasSize(36);
    }

    @Test
    void aLargeBatchAnswer_isStillCompressed_forAClientThatAcceptsGzip() throws Exception {
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            recipients.add(Requests.deliverable().person("p-" + i).recipientBody());
        }
        Map<String, Object> body = Requests.deliverable().campaignBody();
        body.put("recipients", recipients);
        HttpResponse<byte[]> answer = post("/v1/decisions/delivery/batch", Json.write(body));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(answer.body()))) {
            plain = in.readAllBytes();
        }
        assertThat(plain.length).isGreaterThan(answer.body().length);
        JsonNode batch = Json.MAPPER.readTree(new String(plain, StandardCharsets.UTF_8));
        assertThat(batch.get("decisions")).hasSize(200);
        assertThat(batch.get("summary").get("deliver").asInt()).isEqualTo(200);
    }
}
