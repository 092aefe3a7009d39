package org.threadgate.facade;

import java.util.List;

/**
 * A policy directory that cannot go live: it does not compile, fails the lint or fails one of its own test cases.
 * {@link #problems()} lists each problem as {@code file:line:column: message}, or the failing case.
 */
public final class PolicyLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Each problem, one line each, in the order the compiler and the case runner found them. */
    private final List<String> problems;

    /**
     * @param source   where the set was read from (a directory)
     * @param problems each problem, one line each
     */
    public PolicyLoadException(String source, List<String> problems) {
        super("the policy set from " + source + " cannot go live:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return each problem, one line each */
    public List<String> problems() {
        return problems;
    }
}
