package org.threadgate.engine;

import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.threadgate.model.PolicySettings;
import org.threadgate.model.Settings;

/**
 * Checks the rules' reads of the settings fact against what {@code settings.yaml} declares: a read of a name that is
 * not declared, or as another type, is an error at the read's {@code file:line:column}; a declared setting that no
 * rule reads is a warning at its line in {@code settings.yaml}. Reads are the calls
 * {@code integer|duration|localTime|timeZone|bool|strings|isSet("name")} with a literal name.
 */
final class SettingsCheck {
    private static final Pattern READ = Pattern.compile(
            "\\b(integer|duration|localTime|timeZone|bool|strings|isSet)\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");

    private SettingsCheck() {
    }

    static List<Problem> check(Map<String, String> ruleFiles, Settings settings, Map<String, int[]> declaredAt) {
        List<Problem> problems = new ArrayList<>();
        Set<String> read = new HashSet<>();
        ruleFiles.forEach((file, text) -> {
            String[] lines = PolicyLinter.blankComments(text).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = READ.matcher(lines[i]);
                while (m.find()) {
                    String accessor = m.group(1);
                    String name = m.group(2);
                    int line = i + 1;
                    int column = m.start(2);
                    Optional<Settings.Entry> entry = settings.lookup(name);
                    if (entry.isEmpty()) {
                        problems.add(Problem.error(file, line, column, "reads setting '" + name + "', which"
                                + " settings.yaml does not declare; declared: "
                                + String.join(", ", settings.shown().keySet())));
                        continue;
                    }
                    read.add(entry.get().name());
                    Settings.Type wanted = typeReadBy(accessor);
                    Settings.Type declared = entry.get().type();
                    if (wanted != null && declared != Settings.Type.NULL && declared != wanted) {
                        problems.add(Problem.error(file, line, column, accessor + "(\"" + name + "\") reads "
                                + wanted.described() + ", but settings.yaml declares " + name + " as "
                                + declared.described() + " (" + entry.get().shown() + ")"));
                    }
                }
            }
        });
        for (Settings.Entry entry : settings.entries()) {
            int[] at = declaredAt.get(entry.name());
            boolean original = PolicySettings.names().contains(entry.name());
            if (at != null && !original && !read.contains(entry.name())) {
                problems.add(new Problem(PolicySource.SETTINGS_FILE, at[0], at[1], Problem.Severity.WARNING,
                        "setting '" + entry.name() + "' is declared but no rule reads it"));
            }
        }
        return problems;
    }

    private static Settings.Type typeReadBy(String accessor) {
        return switch (accessor) {
            case "integer" -> Settings.Type.INTEGER;
            case "duration" -> Settings.Type.DURATION;
            case "localTime" -> Settings.Type.LOCAL_TIME;
            case "timeZone" -> Settings.Type.TIME_ZONE;
            case "bool" -> Settings.Type.BOOLEAN;
            case "strings" -> Settings.Type.STRINGS;
            default -> null; // isSet reads any type
        };
    }
}
