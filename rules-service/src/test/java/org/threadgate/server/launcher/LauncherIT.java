package org.threadgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The launcher the build makes (target/bin/threadgate), run as a user runs it, after the package phase: it finds the
 * jar beside it, runs any command, and loads the service's classes from the class-data archive the build made for
 * this Java.
 */
class LauncherIT {
    private static final Path TARGET = Path.of(System.getProperty("threadgate.target", "target"));
    private static final Path LAUNCHER = TARGET.resolve("bin/threadgate");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("THREADGATE_JAVA_OPTS");
        builder.environment().remove("THREADGATE_CDS");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void runsAnyCommand_withTheJarBesideIt() throws Exception {
        Run run = run(Map.of("THREADGATE_JAVA", JAVA), "--version");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("threadgate ");
    }

    @Test
    void loadsTheServiceClasses_fromTheArchiveMadeForThisJava() throws Exception {
        if (!archiveOfThisJar()) {
            // a build with -Dthreadgate.cds.skip made none: make it as a user would, for this Java
            Run made = run(Map.of("THREADGATE_JAVA", JAVA), "cds");
            assertThat(made.exit()).as(made.err()).isZero();
            assertThat(made.out()).contains("class-data archive for Java");
        }
        Run run = run(Map.of("THREADGATE_JAVA", JAVA, "THREADGATE_JAVA_OPTS", "-Xlog:class+load=info"),
                "--version");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.contains("org.threadgate.server.cli.Main "))
                .findFirst()).hasValueSatisfying(line -> assertThat(line).contains("shared objects file"));
    }

    /** The launcher names an archive after the Java version and the jar's modification time in seconds. */
    private static boolean archiveOfThisJar() throws IOException {
        Path cds = TARGET.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return false;
        }
        String stamp = "-" + Files.getLastModifiedTime(TARGET.resolve("threadgate.jar")).toMillis() / 1000 + ".";
        try (var files = Files.list(cds)) {
            return files.anyMatch(file -> file.getFileName().toString().contains(stamp));
        }
    }

    @Test
    void withTheArchiveOff_loadsThemFromTheJar() throws Exception {
        Run run = run(Map.of("THREADGATE_JAVA", JAVA, "THREADGATE_CDS", "off",
                "THREADGATE_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.contains("org.threadgate.server.cli.Main "))
                .findFirst()).hasValueSatisfying(line -> assertThat(line).doesNotContain("shared objects file")
                        .contains("threadgate.jar"));
    }

    @Test
    void withoutAJava_saysWhatToSet_andExits2() throws Exception {
        Run run = run(Map.of("THREADGATE_JAVA", TARGET.resolve("no-such-java").toString()), "--version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no Java found").contains("JAVA_HOME");
    }
}
