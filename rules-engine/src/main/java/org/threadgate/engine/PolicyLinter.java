package org.threadgate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what the DRL compiler does not: no rule reads a clock or prints, and each file's package matches its folder.
 * Works on the text with comments and string literals blanked out, so a message template that says "now" is fine.
 */
final class PolicyLinter {
    private record Check(Pattern pattern, String message) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check(Pattern.compile("\\bnew\\s+(?:java\\s*\\.\\s*util\\s*\\.\\s*)?(?:Date|GregorianCalendar)\\s*\\("),
                    "reads the clock; rules must be deterministic: use the EvaluationTime fact"),
            new Check(Pattern.compile("\\bSystem\\s*\\.\\s*(?:currentTimeMillis|nanoTime)\\b"),
                    "reads the clock; rules must be deterministic: use the EvaluationTime fact"),
            new Check(Pattern.compile("\\b(?:Instant|LocalDateTime|LocalDate|LocalTime|ZonedDateTime|OffsetDateTime"
                    + "|OffsetTime|Year|YearMonth|MonthDay)\\s*\\.\\s*now\\s*\\("),
                    "reads the clock; rules must be deterministic: use the EvaluationTime fact"),
            new Check(Pattern.compile("\\b(?:Clock\\s*\\.\\s*system\\w*|Calendar\\s*\\.\\s*getInstance)\\s*\\("),
                    "reads the clock; rules must be deterministic: use the EvaluationTime fact"),
            new Check(Pattern.compile("\\bSystem\\s*\\.\\s*(?:out|err)\\b|\\.\\s*printStackTrace\\s*\\("),
                    "prints; rules record a Violation and never print"));

    private static final Pattern PACKAGE = Pattern.compile("^(\\s*package\\s+)([\\w.]+)");

    private PolicyLinter() {
    }

    static List<Problem> lint(Map<String, String> ruleFiles) {
        List<Problem> problems = new ArrayList<>();
        ruleFiles.forEach((file, text) -> {
            String[] lines = blankCommentsAndStrings(text).split("\n", -1);
            String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/')).replace('/', '.') : "";
            boolean sawPackage = false;
            for (int i = 0; i < lines.length; i++) {
                for (Check check : CHECKS) {
                    Matcher m = check.pattern().matcher(lines[i]);
                    while (m.find()) {
                        problems.add(Problem.error(file, i + 1, m.start() + 1,
                                "'" + m.group().replaceAll("\\s+", "") + "' " + check.message()));
                    }
                }
                Matcher p = PACKAGE.matcher(lines[i]);
                if (!sawPackage && p.find()) {
                    sawPackage = true;
                    String pkg = p.group(2);
                    if (!folder.isEmpty() && !(pkg.equals(folder) || pkg.endsWith("." + folder))) {
                        problems.add(Problem.error(file, i + 1, p.start(2) + 1, "package " + pkg
                                + " does not match its folder '" + folder.replace('.', '/') + "'; it should end with ."
                                + folder));
                    }
                }
            }
            if (!sawPackage && !folder.isEmpty()) {
                problems.add(Problem.error(file, 1, 1, "the file declares no package; in folder '"
                        + folder.replace('.', '/') + "' it should declare one ending with ." + folder));
            }
        });
        return problems;
    }

    /** Replaces comments and string/char literals by spaces, keeping every line and column where it was. */
    static String blankCommentsAndStrings(String text) {
        return blank(text, true);
    }

    /** Replaces comments by spaces, keeping string literals and every line and column where it was. */
    static String blankComments(String text) {
        return blank(text, false);
    }

    private static String blank(String text, boolean strings) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '#' && (i == 0 || text.charAt(i - 1) == '\n')) {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                out.append("  ");
                i += 2;
                while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < n) {
                    out.append("  ");
                    i += 2;
                }
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        out.append(strings ? ' ' : text.charAt(i));
                        i++;
                    }
                    out.append(strings ? ' ' : text.charAt(i));
                    i++;
                }
                if (i < n && text.charAt(i) == c) {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
