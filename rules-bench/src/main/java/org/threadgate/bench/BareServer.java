package org.threadgate.bench;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.threadgate.facade.json.Json;

/**
 * The HTTP baseline: a minimal Javalin endpoint with the service's own libraries and Jetty settings, which parses the
 * same JSON body with the same Jackson mapper and answers a small JSON document of the same shape as a decision. No
 * rules, no validation, no metrics: what any Javalin + Jackson service costs. {@code java -cp benchmarks.jar
 * org.threadgate.bench.BareServer PORT}.
 */
public final class BareServer {
    private BareServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = 16 << 20;
            config.router.ignoreTrailingSlashes = true;
        });
        app.post("/v1/decisions/delivery", ctx -> {
            JsonNode body = Json.MAPPER.readTree(ctx.bodyInputStream());
            String person = body.path("person").path("id").asText();
            ctx.json(Map.of("decisionId", "00000000-0000-4000-8000-000000000000", "outcome", "DELIVER",
                    "reasons", java.util.List.of(), "policyVersion", "bare", "evaluatedAt",
                    body.path("at").asText(), "firedRules", java.util.List.of(), "personId", person));
        });
        app.get("/health/ready", ctx -> ctx.json(Map.of("status", "READY")));
        app.start("127.0.0.1", port);
    }
}
