package org.threadgate.facade.authoring;

import java.util.ArrayList;
import java.util.List;

import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.engine.Problem;

/**
 * A policy set on its way to going live: compiled, linted and run against its own test cases. It may go live only
 * when {@link #acceptable()}; otherwise {@link #problems()} says why, one line each.
 */
public record Candidate(PolicySet policySet, Compilation compilation, PolicyCases.Report report) {
    /**
     * Compiles {@code source}, and when it compiles, lints it and runs its cases.
     *
     * @param compiler the compiler
     * @param source the rule files, settings and cases
     * @return the candidate, acceptable or not
     */
    public static Candidate build(PolicyCompiler compiler, PolicySource source) {
        Compilation compilation = compiler.compile(source);
        if (!compilation.succeeded()) {
            return new Candidate(null, compilation, null);
        }
        PolicyCases.Report report = PolicyCases.run(compilation.policySet(), source.testFiles());
        return new Candidate(compilation.policySet(), compilation, report);
    }

    /**
     * Whether the set may go live.
     *
     * @return true when it compiled without problems and every case passed
     */
    public boolean acceptable() {
        return policySet != null && report.passed();
    }

    /**
     * Each compile problem as {@code file:line:column: message}, then each failing case with its file and name.
     *
     * @return the problems; empty when acceptable
     */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        for (Problem problem : compilation.problems()) {
            if (problem.isError()) {
                lines.add(problem.toString());
            }
        }
        if (report != null) {
            for (PolicyCases.CaseResult failure : report.failures()) {
                lines.add("test case failed: " + failure.describe().replace("\n    ", " | "));
            }
        }
        return lines;
    }
}
