package org.threadgate.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.facade.json.Json;

/**
 * The JDK HTTP client for tests, checking every answer against the OpenAPI document that the answering server serves
 * ({@link ApiContract}). Every HTTP test talks through one of these (or {@link DuplexClient}).
 */
public final class CheckedClient {
    private final HttpClient client;
    private final Map<Integer, ApiContract> contracts = new ConcurrentHashMap<>();

    public CheckedClient(HttpClient client) {
        this.client = client;
    }

    public CheckedClient() {
        this(HttpClient.newHttpClient());
    }

    /** Sends, checks the answer against the document of the server it went to, and returns it. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        contract(request.uri().getPort()).check(request.method(), request.uri().getRawPath(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.headers()::firstValue,
                response.body());
        return response;
    }

    /**
     * Calls the server on loopback {@code port}, checking the answer like {@link #send(HttpRequest)}.
     *
     * @param body JSON, sent as {@code application/json}; {@code null} for no body
     */
    public HttpResponse<String> send(int port, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    /** The answer's body as JSON, after asserting its status (the body is the failure's message). */
    public static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new AssertionError("expected status " + status + ", was " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** The contract of the document the server on {@code port} serves, fetched once. */
    public ApiContract contract(int port) throws IOException, InterruptedException {
        ApiContract known = contracts.get(port);
        if (known != null) {
            return known;
        }
        HttpResponse<String> document = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        if (document.statusCode() != 200) {
            throw new AssertionError("GET /openapi.json answered " + document.statusCode());
        }
        ApiContract contract = ApiContract.of(document.body());
        contracts.put(port, contract);
        return contract;
    }
}
