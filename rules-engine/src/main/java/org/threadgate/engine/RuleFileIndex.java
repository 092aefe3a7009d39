package org.threadgate.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each rule is written: its file and line, found by reading the DRL text itself, so that metadata problems
 * point at the rule and not at the file's first line.
 */
final class RuleFileIndex {
    record Location(String file, int line) {
    }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    private final Map<String, Location> byQualifiedName = new HashMap<>();

    RuleFileIndex(Map<String, String> ruleFiles) {
        ruleFiles.forEach((file, text) -> {
            String pkg = "";
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher p = PACKAGE.matcher(lines[i]);
                if (p.find()) {
                    pkg = p.group(1);
                    continue;
                }
                Matcher r = RULE.matcher(lines[i]);
                if (r.find()) {
                    String name = r.group(1) != null ? r.group(1) : r.group(2) != null ? r.group(2) : r.group(3);
                    byQualifiedName.putIfAbsent(pkg + "/" + name, new Location(file, i + 1));
                }
            }
        });
    }

    /** The package a DRL text declares, or "" when it declares none. */
    static String packageOf(String text) {
        for (String line : text.split("\\R")) {
            Matcher m = PACKAGE.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "";
    }

    Location locate(String packageName, String ruleName) {
        return byQualifiedName.getOrDefault(packageName + "/" + ruleName, new Location("?", 0));
    }
}
