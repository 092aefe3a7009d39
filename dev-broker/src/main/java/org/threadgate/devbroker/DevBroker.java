package org.threadgate.devbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process) for development and tests:
 * {@code java -jar dev-broker/target/threadgate-dev-broker.jar [--dir DIR] [--port 9092]}. On a first start it formats
 * {@code DIR} (a standalone controller quorum), then runs the broker until the process is stopped (Ctrl-C or
 * SIGTERM shut it down cleanly). Topics are created on first use, one partition each unless a client asks for
 * more; every replication factor is 1.
 */
public final class DevBroker {
    private DevBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the broker's INFO is thousands of lines
        }
        Path dir = Path.of("target", "dev-broker");
        int port = 9092;
        int partitions = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, "--partitions"));
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar threadgate-dev-broker.jar [--dir DIR (target/dev-broker)]"
                            + " [--port PORT (9092)] [--partitions N (2: new topics' partitions)]");
                    return;
                }
                default -> {
                    System.err.println("dev-broker: unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        Path data = dir.toAbsolutePath().resolve("data");
        Path properties = dir.toAbsolutePath().resolve("server.properties");
        int controller = freePortNear(port + 1);
        Files.createDirectories(data);
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""));
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(properties);
        }
        System.out.println("dev-broker: Kafka on 127.0.0.1:" + port + " (controller " + controller + "), data in "
                + data);
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("dev-broker: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** Formats the log directory for a standalone KRaft quorum, in a child JVM (the tool exits its JVM). */
    private static void format(Path properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "kafka.tools.StorageTool", "format",
                "--standalone", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c",
                properties.toString()));
        Process format = new ProcessBuilder(command).inheritIO().start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed: " + command);
        }
    }

    /** The first free port from {@code from}. */
    private static int freePortNear(int from) throws IOException {
        for (int port = from; port < from + 100; port++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IOException("no free port from " + from);
    }
}
