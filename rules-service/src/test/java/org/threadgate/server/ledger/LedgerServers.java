package org.threadgate.server.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.storage.jdbc.PostgresSchemas;

/** What the ledger's HTTP tests share: servers on a PostgreSQL schema, and decisions by reference at one instant. */
final class LedgerServers {
    /** The instant every decision by reference of these tests is made for. */
    static final String AT = "2026-03-10T12:00:00Z";

    private LedgerServers() {
    }

    /** A server on the ledger at {@code url} (a schema of the test PostgreSQL). */
    static ServerConfig postgres(String url) {
        return ServerConfig.local(Path.of("unused"), config -> config.storage.jdbc(url, PostgresSchemas.USER, ""));
    }

    /** Starts a server, for use inside lambdas. */
    static ThreadgateServer start(ServerConfig options) {
        try {
            return ThreadgateServer.start(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a decision by reference at {@link #AT}, recorded or not. */
    static String byReference(String campaign, String person, boolean record) {
        return "{\"campaignId\":\"" + campaign + "\",\"personId\":\"" + person + "\",\"at\":\"" + AT + "\""
                + (record ? ",\"record\":true" : "") + "}";
    }
}
