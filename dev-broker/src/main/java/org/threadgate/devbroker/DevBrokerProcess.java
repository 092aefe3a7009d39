package org.threadgate.devbroker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The development broker as a child process, for tests and tools: the same {@code threadgate-dev-broker.jar} the
 * README's command runs, started on a free port in a directory of the caller's, and stopped cleanly (or killed, to
 * test an outage, and started again on the same port and data).
 */
public final class DevBrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path log;
    private Process process;

    private DevBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.log = dir.resolve("broker.log");
    }

    /**
     * Starts a broker with its data under {@code dir}, on a free port, and waits until it answers.
     *
     * @param dir where the broker keeps its data and log
     * @return the running broker
     * @throws IOException when it does not start
     */
    public static DevBrokerProcess start(Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        DevBrokerProcess broker = new DevBrokerProcess(dir, port);
        broker.startAgain();
        return broker;
    }

    /** The bootstrap address, {@code 127.0.0.1:PORT}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * Starts the broker again after {@link #stop} or {@link #kill}, on the same port and data, and waits until it
     * answers.
     *
     * @throws IOException when it does not start
     */
    public void startAgain() throws IOException {
        Files.createDirectories(dir);
        Path jar = jar();
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--dir", dir.toString(), "--port", String.valueOf(port)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the dev broker exited with " + process.exitValue() + "; see " + log);
            }
            if (listening()) {
                try (Admin admin = Admin.create(p)) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // the broker is still starting
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the dev broker started", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("the dev broker did not answer on " + bootstrap() + " within 90 s; see " + log);
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker cleanly (SIGTERM: it shuts down in order) and waits for it. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Kills the broker at once (an outage), and waits until it is gone. */
    public void kill() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The broker's jar with its libraries beside it: {@code -Dthreadgate.devBrokerJar}, else the one this class was
     * loaded from (or built next to), else {@code ../dev-broker/target} of a module of this build.
     */
    static Path jar() throws IOException {
        String given = System.getProperty("threadgate.devBrokerJar");
        if (given != null) {
            return Path.of(given);
        }
        try {
            Path source = Path.of(DevBrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = Files.isDirectory(source) ? source.resolveSibling("threadgate-dev-broker.jar") : source;
            if (Files.isRegularFile(beside) && Files.isDirectory(beside.resolveSibling("lib"))) {
                return beside;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the build's own place
        }
        Path built = Path.of("..", "dev-broker", "target", "threadgate-dev-broker.jar").toAbsolutePath().normalize();
        if (Files.isRegularFile(built)) {
            return built;
        }
        throw new IOException("threadgate-dev-broker.jar not found: build it (mvn -B -q install -DskipTests -pl"
                + " dev-broker) or name it with -Dthreadgate.devBrokerJar");
    }
}
