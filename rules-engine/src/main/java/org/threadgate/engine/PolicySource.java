package org.threadgate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The text of a policy set: its rule files and its settings file, keyed by path relative to the set's root.
 *
 * @param origin    where it was read from, for people ({@code classpath:...} or a directory)
 * @param ruleFiles each {@code .drl} file's text by relative path ('/' separators), sorted
 * @param settings  the text of {@code settings.yaml}, or {@code null} when the set has none (defaults apply)
 * @param testFiles the policy test-case files under {@code tests/} ({@code .yaml} or {@code .yml}) by relative path
 */
public record PolicySource(String origin, SortedMap<String, String> ruleFiles, String settings,
                           SortedMap<String, String> testFiles) {
    /** The settings file's name at a set's root. */
    public static final String SETTINGS_FILE = "settings.yaml";
    /** The folder of a set's test cases. */
    public static final String TESTS_DIR = "tests";
    /** Where the bundled policy set lives on the classpath. */
    public static final String BUNDLED_ROOT = "org/threadgate/policies";

    /**
     * Copies the maps, sorted.
     *
     * @param origin where it was read from
     * @param ruleFiles rule-file text by relative path
     * @param settings the settings text, or {@code null}
     * @param testFiles test-case text by relative path
     */
    public PolicySource {
        ruleFiles = Collections.unmodifiableSortedMap(new TreeMap<>(ruleFiles));
        testFiles = Collections.unmodifiableSortedMap(new TreeMap<>(testFiles));
    }

    /**
     * A set with no test cases.
     *
     * @param origin where it comes from, for people
     * @param ruleFiles rule-file text by relative path
     * @param settings the settings text, or {@code null} for the defaults
     * @return the source
     */
    public static PolicySource of(String origin, Map<String, String> ruleFiles, String settings) {
        return new PolicySource(origin, new TreeMap<>(ruleFiles), settings, new TreeMap<>());
    }

    /**
     * Writes the whole set (rule files, settings, test cases) under {@code root}, as {@code threadgate init} does.
     *
     * @param root the directory to write into; folders are created
     * @throws IOException when a file cannot be written
     */
    public void writeTo(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>(ruleFiles);
        all.putAll(testFiles);
        if (settings != null) {
            all.put(SETTINGS_FILE, settings);
        }
        for (Map.Entry<String, String> file : all.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The bundled default policy set, read from the classpath (a directory in development, the jar when packaged).
     *
     * @return the source
     */
    public static PolicySource bundled() {
        URL marker = PolicySource.class.getClassLoader().getResource(BUNDLED_ROOT + "/" + SETTINGS_FILE);
        if (marker == null) {
            throw new IllegalStateException("the bundled policy set is missing from the classpath: "
                    + BUNDLED_ROOT + "/" + SETTINGS_FILE);
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                // one open file system per jar at a time: two services starting at once in one JVM both read it
                synchronized (PolicySource.class) {
                    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                        return read("classpath:" + BUNDLED_ROOT, jar.getPath("/" + BUNDLED_ROOT));
                    }
                }
            }
            return read("classpath:" + BUNDLED_ROOT, Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the bundled policy set: " + e.getMessage(), e);
        }
    }

    /**
     * Every {@code .drl} file under {@code root} (recursively), {@code root/settings.yaml} if present, and the test
     * cases under {@code root/tests/}.
     *
     * @param root the policy directory
     * @return the source
     * @throws IOException when it is not a directory or cannot be read
     */
    public static PolicySource directory(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("not a directory: " + root);
        }
        return read(root.toAbsolutePath().normalize().toString(), root);
    }

    private static PolicySource read(String origin, Path root) throws IOException {
        SortedMap<String, String> rules = new TreeMap<>();
        SortedMap<String, String> tests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String path = relative(root, file);
                String name = file.getFileName().toString();
                if (name.endsWith(".drl")) {
                    rules.put(path, Files.readString(file, StandardCharsets.UTF_8));
                } else if (path.startsWith(TESTS_DIR + "/") && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    tests.put(path, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path settingsFile = root.resolve(SETTINGS_FILE);
        String settings = Files.isRegularFile(settingsFile) ? Files.readString(settingsFile, StandardCharsets.UTF_8)
                : null;
        return new PolicySource(origin, rules, settings, tests);
    }

    private static String relative(Path root, Path file) {
        StringBuilder path = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(part.toString());
        }
        return path.toString();
    }
}
