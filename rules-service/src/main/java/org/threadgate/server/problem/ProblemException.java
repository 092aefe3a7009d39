package org.threadgate.server.problem;

/** Ends a request with a problem document. */
public class ProblemException extends RuntimeException {
    private final ApiProblem problem;

    public ProblemException(ApiProblem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }
}
