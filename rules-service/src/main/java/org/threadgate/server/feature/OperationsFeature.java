package org.threadgate.server.feature;

import org.threadgate.server.http.OperationsEndpoints;

/** What operators and client generators read: health, Prometheus metrics and the OpenAPI document. */
public final class OperationsFeature implements Feature {
    @Override
    public String describe() {
        return "health, metrics and /openapi.json";
    }

    @Override
    public void install(Assembly server) {
        new OperationsEndpoints(server.service(), server.metrics(), server.http().access(), server.http().document())
                .addTo(server.http().table());
    }
}
