package org.threadgate.server.feature;

import org.threadgate.server.http.ConsoleEndpoints;

/** The policy console: a page and its assets, served from the jar at {@code /}. */
public final class ConsoleFeature implements Feature {
    @Override
    public String describe() {
        return "console at /";
    }

    @Override
    public void install(Assembly server) {
        ConsoleEndpoints.load().addTo(server.http().table());
    }
}
