package org.threadgate.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: HTTP and the command line depend on the facade, the decision hook and the ledger port,
 * never the other way (the library module, rules-facade, cannot see the service at all; this checks within each). Read from the sources, so a forbidden import fails the build where it is written.
 */
class LayoutTest {
    private static final Path MAIN = Path.of("src/main/java/org/threadgate/service");
    /** The library's half of the same packages (the facade, the hook, authoring, the ledger port, the readers). */
    private static final Path LIBRARY = Path.of("../rules-facade/src/main/java/org/threadgate/service");

    /** Package (folder under org.threadgate.service) to the packages it must not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "authoring", List.of("http", "cli", "ledger"),
            "ledger", List.of("http", "cli", "authoring", "security", "metrics"),
            "cli", List.of("http"),
            "decision", List.of("http", "cli", "ledger", "authoring", "metrics"),
            "metrics", List.of("http", "cli", "ledger", "authoring"),
            "problem", List.of("http", "cli"),
            "json", List.of("http", "cli", "ledger", "authoring"),
            "security", List.of("http", "cli", "ledger"),
            "decisionlog", List.of("http", "cli", "authoring", "metrics"),
            "impact", List.of("http", "cli", "ledger", "metrics"));

    @Test
    void noPackageImportsWhatItMustNotDependOn() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            for (Path file : javaFiles(rule.getKey())) {
                for (String line : Files.readAllLines(file)) {
                    for (String banned : rule.getValue()) {
                        if (line.startsWith("import org.threadgate.service." + banned + ".")) {
                            violations.add(file + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theLedgerNamesNoHttpRoute() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles("ledger")) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("/v1/")) {
                    violations.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theRulesCheckedHereExist() {
        assertThat(LIBRARY.resolve("DeliveryPolicyService.java")).isRegularFile();
        FORBIDDEN.keySet().forEach(dir -> assertThat(Files.isDirectory(MAIN.resolve(dir))
                || Files.isDirectory(LIBRARY.resolve(dir))).as(dir).isTrue());
    }

    /** The Java files of a package, in the service and in the library. */
    private static List<Path> javaFiles(String pkg) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : List.of(MAIN, LIBRARY)) {
            if (Files.isDirectory(root.resolve(pkg))) {
                try (Stream<Path> files = Files.walk(root.resolve(pkg))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
                }
            }
        }
        return all;
    }
}
