package org.threadgate.engine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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
                    "settings must be a mapping of name: value (minimumAudienceSize, suppressionWindow)"));
        }
        int minimumAudienceSize = PolicySettings.DEFAULTS.minimumAudienceSize();
        Duration suppressionWindow = PolicySettings.DEFAULTS.suppressionWindow();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            Node valueNode = tuple.getValueNode();
            String value = scalar(valueNode);
            switch (key == null ? "" : key) {
                case "minimumAudienceSize" -> {
                    try {
                        minimumAudienceSize = Integer.parseInt(value == null ? "" : value.trim());
                        if (minimumAudienceSize < 0) {
                            problems.add(problemAt(valueNode.getStartMark(),
                                    "minimumAudienceSize must be a whole number, 0 or more; was " + value));
                        }
                    } catch (NumberFormatException e) {
                        problems.add(problemAt(valueNode.getStartMark(),
                                "minimumAudienceSize must be a whole number, 0 or more; was " + value));
                    }
                }
                case "suppressionWindow" -> {
                    try {
                        suppressionWindow = Duration.parse(value == null ? "" : value.trim());
                        if (suppressionWindow.isNegative()) {
                            problems.add(problemAt(valueNode.getStartMark(),
                                    "suppressionWindow must not be negative; was " + value));
                        }
                    } catch (DateTimeParseException e) {
                        problems.add(problemAt(valueNode.getStartMark(),
                                "suppressionWindow must be an ISO-8601 duration such as PT24H; was " + value));
                    }
                }
                default -> problems.add(problemAt(tuple.getKeyNode().getStartMark(), "unknown setting '" + key
                        + "'; known settings: minimumAudienceSize, suppressionWindow"));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        return new Result(new PolicySettings(minimumAudienceSize, suppressionWindow), List.of());
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
