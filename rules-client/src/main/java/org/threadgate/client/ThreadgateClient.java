package org.threadgate.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.threadgate.client.api.DecisionLogApi;
import org.threadgate.client.api.DecisionsApi;
import org.threadgate.client.api.LedgerApi;
import org.threadgate.client.api.OperationsApi;
import org.threadgate.client.api.PoliciesApi;
import org.threadgate.client.invoker.ApiClient;
import org.threadgate.client.model.Problem;

/**
 * Threadgate over HTTP, for Java services: the operations generated from the service's OpenAPI document, grouped as
 * the document tags them, with every error answer thrown as a typed {@link ProblemException}, and the streamed (NDJSON)
 * forms through {@link #streams()}. Thread-safe; make one per service address and share it.
 */
public final class ThreadgateClient {
    private final URI baseUri;
    private final String token;
    private final ApiClient api;

    private ThreadgateClient(URI baseUri, String token) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.token = token;
        this.api = new ApiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)), ApiClient.createDefaultObjectMapper(),
                baseUri.toString().replaceAll("/+$", ""));
        ObjectMapper mapper = api.getObjectMapper();
        if (token != null) {
            api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        api.setResponseInterceptor(response -> throwIfProblem(response, mapper));
    }

    /**
     * A client of the service at {@code baseUri}, without a token (a server run without {@code --tokens}).
     *
     * @param baseUri such as {@code http://127.0.0.1:8080}
     * @return the client
     */
    public static ThreadgateClient of(URI baseUri) {
        return new ThreadgateClient(baseUri, null);
    }

    /**
     * The same service, calling with a bearer token (a server run with {@code --tokens}).
     *
     * @param bearerToken the token; its scopes decide which operations answer
     * @return a new client
     */
    public ThreadgateClient withToken(String bearerToken) {
        return new ThreadgateClient(baseUri, Objects.requireNonNull(bearerToken, "bearerToken"));
    }

    /**
     * Single, by-reference and JSON batch decisions.
     *
     * @return the generated operations
     */
    public DecisionsApi decisions() {
        return new DecisionsApi(api);
    }

    /**
     * Events, registrations and thread state.
     *
     * @return the generated operations
     */
    public LedgerApi ledger() {
        return new LedgerApi(api);
    }

    /**
     * The live policy set, reloads, versions, the candidate and impact.
     *
     * @return the generated operations
     */
    public PoliciesApi policies() {
        return new PoliciesApi(api);
    }

    /**
     * The decision log.
     *
     * @return the generated operations
     */
    public DecisionLogApi decisionLog() {
        return new DecisionLogApi(api);
    }

    /**
     * Health and metrics.
     *
     * @return the generated operations
     */
    public OperationsApi operations() {
        return new OperationsApi(api);
    }

    /**
     * The streamed forms: a streamed batch of any size and an audience's decisions, read while being written.
     *
     * @return the helper, on the same address and token
     */
    public DuplexStreams streams() {
        return new DuplexStreams(baseUri, token, api.getObjectMapper());
    }

    /**
     * The generated client underneath, for settings this class does not expose (timeouts, interceptors).
     *
     * @return the shared generated client
     */
    public ApiClient apiClient() {
        return api;
    }

    /** Reads an error answer's problem document and throws it typed; a success passes through untouched. */
    private static void throwIfProblem(HttpResponse<InputStream> response, ObjectMapper mapper) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            body = new byte[0];
        }
        throw ProblemException.of(status, problemOf(body, response.headers().firstValue("Content-Type").orElse(""),
                mapper), snippet(body));
    }

    static Problem problemOf(byte[] body, String contentType, ObjectMapper mapper) {
        if (!contentType.startsWith("application/problem+json") && !contentType.startsWith("application/json")) {
            return null;
        }
        try {
            return mapper.readValue(body, Problem.class);
        } catch (IOException e) {
            return null;
        }
    }

    static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
