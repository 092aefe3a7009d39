package org.threadgate.server.feature;

import org.threadgate.server.http.DecisionEndpoints;

/** Decisions on facts, by reference and in batches and streams: {@code /v1/decisions/...}. */
public final class DecisionsFeature implements Feature {
    @Override
    public String describe() {
        return "decisions";
    }

    @Override
    public void install(Assembly server) {
        new DecisionEndpoints(server.service(), server.facts(), server.clock(), server.limits())
                .addTo(server.http().table());
    }
}
