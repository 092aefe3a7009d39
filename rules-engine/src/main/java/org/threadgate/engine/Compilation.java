package org.threadgate.engine;

import java.util.List;

/**
 * The result of compiling a policy set: the compiled set when there is no error, and every problem found (warnings
 * may accompany a compiled set).
 */
public record Compilation(PolicySet policySet, List<Problem> problems) {
    /**
     * Copies the problems.
     *
     * @param policySet the compiled set, or {@code null} when there is an error
     * @param problems every problem, errors and warnings
     */
    public Compilation {
        problems = List.copyOf(problems);
    }

    /**
     * Whether the set compiled.
     *
     * @return true when there is a policy set
     */
    public boolean succeeded() {
        return policySet != null;
    }

    /**
     * The problems that stopped the set compiling.
     *
     * @return the errors, without warnings
     */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
