package org.threadgate.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.threadgate.engine.Compilation;
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
        PolicySet set = compiled(PolicyLoading.compileQuietly(policies.dir), spec);
        if (set == null) {
            return 2;
        }
        try (set) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(analysis.json().toPrettyString());
                out.flush();
            } else {
                analysis.print(out);
            }
            return analysis.clean() ? 0 : 1;
        }
    }

    /** The compiled set, or null after printing its errors. */
    static PolicySet compiled(PolicyLoading.Loaded loaded, CommandLine.Model.CommandSpec spec) {
        Compilation compilation = loaded.compilation();
        if (!compilation.succeeded()) {
            PolicyLoading.print(compilation, loaded.dir(), spec.commandLine().getErr());
            spec.commandLine().getErr().println(compilation.errors().size() + " error(s) in "
                    + (loaded.dir() == null ? "the bundled set" : loaded.dir()) + "; nothing was analysed");
            return null;
        }
        return compilation.policySet();
    }
}
