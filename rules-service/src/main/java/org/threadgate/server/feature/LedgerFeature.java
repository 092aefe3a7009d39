package org.threadgate.server.feature;

import org.threadgate.server.http.LedgerEndpoints;

/** The conversation ledger: events in, businesses and campaigns registered, threads read, audiences decided. */
public final class LedgerFeature implements Feature {
    @Override
    public String describe() {
        return "ledger";
    }

    @Override
    public void install(Assembly server) {
        new LedgerEndpoints(server.ledger(), server.facts(), server.service(), server.clock(), server.limits())
                .addTo(server.http().table());
    }
}
