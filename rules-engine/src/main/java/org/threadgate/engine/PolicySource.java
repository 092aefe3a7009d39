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
 */
public record PolicySource(String origin, SortedMap<String, String> ruleFiles, String settings) {
    public static final String SETTINGS_FILE = "settings.yaml";
    /** Where the bundled policy set lives on the classpath. */
    public static final String BUNDLED_ROOT = "org/threadgate/policies";

    public PolicySource {
        ruleFiles = Collections.unmodifiableSortedMap(new TreeMap<>(ruleFiles));
    }

    public static PolicySource of(String origin, Map<String, String> ruleFiles, String settings) {
        return new PolicySource(origin, new TreeMap<>(ruleFiles), settings);
    }

    /** The bundled default policy set, read from the classpath (a directory in development, the jar when packaged). */
    public static PolicySource bundled() {
        URL marker = PolicySource.class.getClassLoader().getResource(BUNDLED_ROOT + "/" + SETTINGS_FILE);
        if (marker == null) {
            throw new IllegalStateException("the bundled policy set is missing from the classpath: "
                    + BUNDLED_ROOT + "/" + SETTINGS_FILE);
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read("classpath:" + BUNDLED_ROOT, jar.getPath("/" + BUNDLED_ROOT));
                }
            }
            return read("classpath:" + BUNDLED_ROOT, Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the bundled policy set: " + e.getMessage(), e);
        }
    }

    /** Every {@code .drl} file under {@code root} (recursively) and {@code root/settings.yaml} if present. */
    public static PolicySource directory(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("not a directory: " + root);
        }
        return read(root.toAbsolutePath().normalize().toString(), root);
    }

    private static PolicySource read(String origin, Path root) throws IOException {
        SortedMap<String, String> rules = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".drl"))::iterator) {
                rules.put(relative(root, file), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path settingsFile = root.resolve(SETTINGS_FILE);
        String settings = Files.isRegularFile(settingsFile) ? Files.readString(settingsFile, StandardCharsets.UTF_8)
                : null;
        return new PolicySource(origin, rules, settings);
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
