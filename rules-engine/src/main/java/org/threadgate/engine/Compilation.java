package org.threadgate.engine;

import java.util.List;

/**
 * The result of compiling a policy set: the compiled set when there is no error, and every problem found (warnings
 * may accompany a compiled set).
 */
public record Compilation(PolicySet policySet, List<Problem> problems) {
    public Compilation {
        problems = List.copyOf(problems);
    }

    public boolean succeeded() {
        return policySet != null;
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
