package org.threadgate.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code java -jar threadgate.jar serve ...} (or the launcher) in a child process, on a free loopback port. */
final class ServiceProcess implements AutoCloseable {
    final Process process;
    final int port;
    final long startedNanos;

    private ServiceProcess(Process process, int port, long startedNanos) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    static ServiceProcess start(Path jar, String heap, Path log, String... extra) throws IOException {
        return start(jar, heap, log, java.util.Map.of(), extra);
    }

    static ServiceProcess start(Path jar, String heap, Path log, java.util.Map<String, String> env, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-Xmx" + heap));
        command.addAll(jvmArgs());
        command.addAll(List.of("-jar", jar.toString()));
        return start(command, log, env, extra);
    }

    /**
     * {@code bin/threadgate serve ...}: the launcher the build makes, with the benchmark's own Java and heap (and
     * {@code -Dthreadgate.jvmArgs}) passed through its environment.
     */
    static ServiceProcess launch(Path launcher, String heap, Path log, String... extra) throws IOException {
        String options = String.join(" ", jvmArgs());
        return start(List.of(launcher.toString()), log, java.util.Map.of("THREADGATE_JAVA", java().toString(),
                "THREADGATE_JAVA_OPTS", ("-Xmx" + heap + " " + options).trim()), extra);
    }

    private static ServiceProcess start(List<String> prefix, Path log, java.util.Map<String, String> env,
                                        String... extra) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("serve", "--port", String.valueOf(port)));
        command.addAll(List.of(extra));
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        return new ServiceProcess(process, port, started);
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** -Dthreadgate.jvmArgs="..." passes JVM options to the service (a profiler, say). */
    private static List<String> jvmArgs() {
        String jvmArgs = System.getProperty("threadgate.jvmArgs", "").trim();
        return jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+"));
    }

    /** Waits until the port accepts connections. */
    void awaitPort(long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("the service did not open its port in " + timeoutMillis + " ms");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }
}
