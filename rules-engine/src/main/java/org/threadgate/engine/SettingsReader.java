package org.threadgate.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.threadgate.model.PolicySettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads {@code settings.yaml}, reporting each problem at its line and column. */
final class SettingsReader {
    /** The settings, or the problems that kept them from being read. */
    record Result(PolicySettings settings, List<Problem> problems) {
    }

    private static final String FILE = PolicySource.SETTINGS_FILE;

    private SettingsReader() {
    }

    static Result read(String text) {
        if (text == null) {
            return new Result(PolicySettings.DEFAULTS, List.of());
        }
        List<Problem> problems = new ArrayList<>();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            return failed(problemAt(mark, "not valid YAML: " + e.getProblem()));
        } catch (RuntimeException e) {
            return failed(Problem.error(FILE, 1, 1, "not valid YAML: " + e.getMessage()));
        }
        if (root == null) {
            return new Result(PolicySettings.DEFAULTS, List.of());
        }
        if (!(root instanceof MappingNode mapping)) {
            return failed(problemAt(root.getStartMark(),
                    "settings must be a mapping of name: value (" + String.join(", ", PolicySettings.names()) + ")"));
        }
        Map<String, Object> values = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            Node valueNode = tuple.getValueNode();
            String value = scalar(valueNode);
            PolicySettings.Setting<?> setting = PolicySettings.DESCRIBED.stream()
                    .filter(s -> s.name().equals(key)).findFirst().orElse(null);
            if (setting == null) {
                problems.add(problemAt(tuple.getKeyNode().getStartMark(), "unknown setting '" + key
                        + "'; known settings: " + String.join(", ", PolicySettings.names())));
                continue;
            }
            try {
                values.put(setting.name(), setting.read(value));
            } catch (IllegalArgumentException e) {
                problems.add(problemAt(valueNode.getStartMark(), setting.name() + " must be " + e.getMessage()
                        + "; was " + value));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        return new Result(PolicySettings.of(values), List.of());
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static Result failed(Problem problem) {
        return new Result(null, List.of(problem));
    }

    private static Problem problemAt(Mark mark, String message) {
        return mark == null ? Problem.error(FILE, 0, 0, message)
                : Problem.error(FILE, mark.getLine() + 1, mark.getColumn() + 1, message);
    }
}
