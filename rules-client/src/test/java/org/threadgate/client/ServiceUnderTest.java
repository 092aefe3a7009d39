package org.threadgate.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;

/**
 * The real service on an ephemeral port for a test class, with a client pointed at it: its data (and anything the
 * test puts beside it) lives in a temporary directory, removed afterwards.
 */
final class ServiceUnderTest implements BeforeAllCallback, AfterAllCallback {
    /** How a test class configures its service: the directory it owns, and the configuration to adjust. */
    @FunctionalInterface
    interface Setup {
        void adjust(Path dir, ServerConfig config) throws IOException;
    }

    private final Setup setup;
    private Path dir;
    private ThreadgateServer server;
    private ThreadgateClient client;

    ServiceUnderTest(Setup setup) {
        this.setup = setup;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("threadgate-client-test");
        ServerConfig config = ServerConfig.local(dir.resolve("data"), c -> { });
        setup.adjust(dir, config);
        server = ThreadgateServer.start(config);
        client = ThreadgateClient.of(URI.create("http://127.0.0.1:" + server.port()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Path dir() {
        return dir;
    }

    ThreadgateServer server() {
        return server;
    }

    ThreadgateClient client() {
        return client;
    }
}
