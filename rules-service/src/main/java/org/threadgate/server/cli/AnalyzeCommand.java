package org.threadgate.server.cli;

import java.util.concurrent.Callable;

import org.threadgate.engine.PolicySet;
import org.threadgate.facade.analysis.Analysis;
import org.threadgate.facade.analysis.PolicyAnalysis;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Decides every boundary situation of a set and reports dead rules, redundant rules and unreachable outcomes. */
@Command(name = "analyze", mixinStandardHelpOptions = true, exitCodeOnExecutionException = 2,
        versionProvider = VersionProvider.class,
        description = {"Decide every situation of the space built from the set's own settings and rule constants with"
                + " the real engine, and report each rule that can never fire (with its file and line), each rule"
                + " that never decides an outcome alone, and each outcome no situation reaches.",
                "Exits 0 when nothing was found, 1 when something was, 2 when the set does not compile or cannot be"
                        + " read."})
final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Mixin
    PolicyDirArgument policies;

    @CommandLine.Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PolicySet set = PolicyLoading.compiledOrReported(policies.dir, spec.commandLine().getErr());
        if (set == null) {
            return 2;
        }
        try (set) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            PolicyLoading.report(spec.commandLine().getOut(), json, analysis::json, analysis::print);
            return analysis.clean() ? 0 : 1;
        }
    }
}
