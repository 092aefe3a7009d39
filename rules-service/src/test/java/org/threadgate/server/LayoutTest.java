package org.threadgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layout the architecture depends on, read from the sources of the whole tree so that a violation fails the build
 * where it is written: every Java package belongs to exactly one module, and within the server dependencies point one
 * way (HTTP and the command line depend on the features below them, never the other way).
 */
class LayoutTest {
    private static final Path TREE = Path.of("..");
    private static final Path SERVER = Path.of("src/main/java/org/threadgate/server");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** Package (folder under org.threadgate.server) to the server packages it must not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("cli", List.of("http")),
            Map.entry("metrics", List.of("http", "cli", "authoring")),
            Map.entry("problem", List.of("http", "cli")),
            Map.entry("security", List.of("http", "cli")),
            Map.entry("decisionlog", List.of("http", "cli", "metrics")),
            Map.entry("impact", List.of("http", "cli", "metrics")),
            Map.entry("webhook", List.of("http", "cli")),
            Map.entry("privacy", List.of("http", "cli", "feature", "config")),
            Map.entry("http", List.of("cli", "feature", "config")),
            Map.entry("feature", List.of("cli")),
            Map.entry("config", List.of("http", "cli", "feature")));

    @Test
    void everyPackageBelongsToOneModule() throws IOException {
        Map<String, TreeSet<String>> owners = new TreeMap<>();
        List<String> modules = modules();
        assertThat(modules).contains("rules-model", "rules-facade", "rules-service", "rules-storage-jdbc");
        for (String module : modules) {
            for (String root : List.of("src/main/java", "src/test/java")) {
                Path dir = TREE.resolve(module).resolve(root);
                for (Path file : javaFiles(dir)) {
                    String pkg = dir.relativize(file.getParent()).toString().replace('/', '.');
                    owners.computeIfAbsent(pkg, k -> new TreeSet<>()).add(module);
                }
            }
        }
        assertThat(owners).containsKeys("org.threadgate.facade", "org.threadgate.server", "org.threadgate.storage.jdbc");
        List<String> split = new ArrayList<>();
        owners.forEach((pkg, in) -> {
            if (in.size() > 1) {
                split.add(pkg + " is in " + in);
            }
        });
        assertThat(split).as("packages in more than one module").isEmpty();
    }

    @Test
    void noServerPackageImportsWhatItMustNotDependOn() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            assertThat(SERVER.resolve(rule.getKey())).as(rule.getKey()).isDirectory();
            for (Path file : javaFiles(SERVER.resolve(rule.getKey()))) {
                for (String line : Files.readAllLines(file)) {
                    for (String banned : rule.getValue()) {
                        if (line.startsWith("import org.threadgate.server." + banned + ".")) {
                            violations.add(file + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theLibraryAndTheStorageNeverImportTheServer() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String module : List.of("rules-model", "rules-engine", "rules-facade", "rules-storage-jdbc")) {
            for (Path file : javaFiles(TREE.resolve(module).resolve("src/main/java"))) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("org.threadgate.server") || lines.get(i).contains("/v1/")) {
                        violations.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(TREE.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
