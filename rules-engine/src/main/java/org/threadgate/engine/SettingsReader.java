package org.threadgate.engine;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.threadgate.model.PolicySettings;
import org.threadgate.model.Settings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code settings.yaml}: typed parameters, nested per policy ({@code frequencyCap: {max: 1, window: PT48H}}
 * declares {@code frequencyCap.max} and {@code frequencyCap.window}), each problem reported at its line and column.
 * A value's type is read from its text: a whole number, an ISO-8601 duration, a local time, an IANA time zone,
 * true or false, a list of strings, or null. The two original settings keep their names, meaning and defaults.
 */
final class SettingsReader {
    /**
     * The settings, where each was declared, or the problems that kept them from being read.
     *
     * @param settings   the two original settings, or {@code null} on a problem
     * @param all        every setting, typed, or {@code null} on a problem
     * @param declaredAt each declared name's line and column in the file (the two originals only when written)
     * @param problems   every problem
     */
    record Result(Settings all, Map<String, int[]> declaredAt, List<Problem> problems) {
    }

    private static final String FILE = PolicySource.SETTINGS_FILE;
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern TIME = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");
    private static final String ACCEPTED = "a whole number, an ISO-8601 duration (PT48H), a local time (21:00), an IANA"
            + " time zone (Europe/Paris), true or false, a list of strings, or null";

    private SettingsReader() {
    }

    static Result read(String text) {
        if (text == null) {
            return complete(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            return failed(problemAt(e.getProblemMark(), "not valid YAML: " + e.getProblem()));
        } catch (RuntimeException e) {
            return failed(Problem.error(FILE, 1, 1, "not valid YAML: " + e.getMessage()));
        }
        Map<String, Settings.Entry> entries = new LinkedHashMap<>();
        Map<String, int[]> declaredAt = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        if (root != null) {
            if (!(root instanceof MappingNode mapping)) {
                return failed(problemAt(root.getStartMark(), "settings must be a mapping of name: value, nested"
                        + " per policy (" + String.join(", ", PolicySettings.names()) + ", frequencyCap: {max, window}"
                        + " ...)"));
            }
            readMapping(mapping, "", entries, declaredAt, problems);
        }
        return complete(entries, declaredAt, problems);
    }

    private static void readMapping(MappingNode mapping, String prefix, Map<String, Settings.Entry> entries,
                                    Map<String, int[]> declaredAt, List<Problem> problems) {
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null || key.isBlank() || key.contains(".")) {
                problems.add(problemAt(keyNode.getStartMark(), "a setting's name must be a plain word without dots;"
                        + " nest a policy's settings under its name instead"));
                continue;
            }
            String name = prefix + key;
            Node value = tuple.getValueNode();
            declaredAt.put(name, new int[] {keyNode.getStartMark().getLine() + 1,
                    keyNode.getStartMark().getColumn() + 1});
            if (value instanceof MappingNode group) {
                if (!prefix.isEmpty()) {
                    problems.add(problemAt(keyNode.getStartMark(), "settings nest one level (policy: {name: value});"
                            + " " + name + " is deeper"));
                    continue;
                }
                declaredAt.remove(name);
                readMapping(group, name + ".", entries, declaredAt, problems);
            } else if (value instanceof SequenceNode list) {
                List<String> strings = new ArrayList<>();
                for (Node item : list.getValue()) {
                    if (item instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
                        strings.add(scalar.getValue());
                    } else {
                        problems.add(problemAt(item.getStartMark(), name + " must be a list of strings"));
                    }
                }
                entries.put(name, new Settings.Entry(name, Settings.Type.STRINGS, strings));
            } else if (value instanceof ScalarNode scalar) {
                PolicySettings.Setting<?> original = PolicySettings.DESCRIBED.stream()
                        .filter(setting -> setting.name().equals(name)).findFirst().orElse(null);
                try {
                    if (original != null && !Tag.NULL.equals(scalar.getTag())) {
                        original.read(scalar.getValue()); // the original two say what they accept, as before
                    }
                    entries.put(name, typed(name, scalar));
                } catch (IllegalArgumentException e) {
                    problems.add(problemAt(value.getStartMark(), name + " must be " + e.getMessage() + "; was "
                            + scalar.getValue()));
                }
            }
        }
    }

    /** The entry a scalar declares, its type read from its text; the message says what is accepted. */
    private static Settings.Entry typed(String name, ScalarNode scalar) {
        String text = scalar.getValue().trim();
        if (Tag.NULL.equals(scalar.getTag()) || text.isEmpty() || text.equals("~") || text.equals("null")) {
            return new Settings.Entry(name, Settings.Type.NULL, null);
        }
        if (INTEGER.matcher(text).matches()) {
            try {
                int value = Integer.parseInt(text);
                if (value >= 0) {
                    return new Settings.Entry(name, Settings.Type.INTEGER, value);
                }
            } catch (NumberFormatException e) {
                // too large: reported below
            }
            throw new IllegalArgumentException("a whole number, 0 or more");
        }
        if (text.equals("true") || text.equals("false")) {
            return new Settings.Entry(name, Settings.Type.BOOLEAN, Boolean.valueOf(text));
        }
        if (text.startsWith("P") || text.startsWith("-P")) {
            Duration value;
            try {
                value = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("an ISO-8601 duration such as PT48H");
            }
            if (value.isNegative()) {
                throw new IllegalArgumentException("an ISO-8601 duration such as PT48H, not negative");
            }
            return new Settings.Entry(name, Settings.Type.DURATION, value);
        }
        if (TIME.matcher(text).matches()) {
            try {
                return new Settings.Entry(name, Settings.Type.LOCAL_TIME,
                        LocalTime.parse(text.length() == 4 || text.length() == 7 ? "0" + text : text));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a local time from 00:00 to 23:59");
            }
        }
        try {
            return new Settings.Entry(name, Settings.Type.TIME_ZONE, ZoneId.of(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ACCEPTED);
        }
    }

    /** Adds the two original settings where the file leaves them out, then checks their types. */
    private static Result complete(Map<String, Settings.Entry> entries, Map<String, int[]> declaredAt,
                                   List<Problem> problems) {
        PolicySettings legacy = PolicySettings.DEFAULTS;
        for (PolicySettings.Setting<?> setting : PolicySettings.DESCRIBED) {
            Settings.Entry entry = entries.get(setting.name());
            Settings.Type type = setting.value().apply(legacy) instanceof Duration ? Settings.Type.DURATION
                    : Settings.Type.INTEGER;
            if (entry == null) {
                Object value = setting.value().apply(legacy);
                entries.put(setting.name(), new Settings.Entry(setting.name(), type, value));
            } else if (entry.type() != type) {
                int[] at = declaredAt.get(setting.name());
                problems.add(Problem.error(FILE, at[0], at[1], setting.name() + " must be " + setting.accepted()
                        + "; was " + (entry.type() == Settings.Type.NULL ? "null (the setting cannot be turned off)"
                        : entry.shown())));
            }
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Result(null, declaredAt, problems);
        }
        return new Result(new Settings(entries.values()), declaredAt, problems);
    }

    private static Result failed(Problem problem) {
        return new Result(null, Map.of(), List.of(problem));
    }

    private static Problem problemAt(Mark mark, String message) {
        return mark == null ? Problem.error(FILE, 0, 0, message)
                : Problem.error(FILE, mark.getLine() + 1, mark.getColumn() + 1, message);
    }
}
