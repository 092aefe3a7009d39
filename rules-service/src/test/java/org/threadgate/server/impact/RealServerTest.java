package org.threadgate.server.impact;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.http.CheckedClient;

/** A test that starts its own server (each its own configuration) and calls it over HTTP; the server is closed after. */
abstract class RealServerTest {
    @TempDir
    Path dir;
    ThreadgateServer server;
    final CheckedClient client = new CheckedClient();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Calls the server: {@code body} (JSON) may be null for none. */
    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(server.port(), method, path, body);
    }
}
