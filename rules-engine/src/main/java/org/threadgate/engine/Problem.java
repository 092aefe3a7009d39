package org.threadgate.engine;

/**
 * A problem found while compiling or checking a policy set, located in a file of the set.
 *
 * @param file   the file's path relative to the policy set's root, with '/' separators
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record Problem(String file, int line, int column, Severity severity, String message) {
    /** How bad a problem is. */
    public enum Severity {
        /** The set cannot go live. */
        ERROR,
        /** The set may go live; the author should look. */
        WARNING
    }

    /**
     * An error.
     *
     * @param file the file, relative to the set's root
     * @param line 1-based line, or 0
     * @param column 1-based column, or 0
     * @param message what is wrong
     * @return the problem
     */
    public static Problem error(String file, int line, int column, String message) {
        return new Problem(file, line, column, Severity.ERROR, message);
    }

    /**
     * Whether the problem stops the set going live.
     *
     * @return true for {@link Severity#ERROR}
     */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The form editors and CI annotate from: {@code file:line:column: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
