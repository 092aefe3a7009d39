package org.threadgate.server.http;

import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.server.metrics.DecisionMetrics;
import org.threadgate.server.security.Access;
import org.threadgate.server.security.Scope;

/** Health, metrics and the API document: what operators and client generators read. */
public record OperationsEndpoints(DeliveryPolicyService service, DecisionMetrics metrics, Access access, String document) {
    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.GET, "/health/live", null, ctx -> ctx.json(Map.of("status", "UP")))
                .add(HandlerType.GET, "/health/ready", null, this::ready)
                .add(HandlerType.GET, "/metrics", access.openMetrics() ? null : Scope.ADMIN,
                        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()))
                .add(HandlerType.GET, "/openapi.json", null, ctx -> ctx.contentType(Bodies.JSON).result(document));
    }

    private void ready(Context ctx) {
        if (service.isReady()) {
            ctx.json(Map.of("status", "READY", "policyVersion", service.policies().version()));
        } else {
            ctx.status(503).header("Retry-After", "1").json(Map.of("status", "COMPILING"));
        }
    }
}
