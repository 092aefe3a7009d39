package org.threadgate.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.threadgate.engine.PolicySet;
import org.threadgate.facade.analysis.Diff;
import org.threadgate.facade.analysis.PolicyAnalysis;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Compares two sets over every boundary situation of both. */
@Command(name = "diff", mixinStandardHelpOptions = true, exitCodeOnExecutionException = 2,
        versionProvider = VersionProvider.class,
        description = {"Decide every situation of the space built from both sets' settings and rule constants under"
                + " each set, and report each kind of change (DELIVER_TO_SUPPRESS, SUPPRESS_TO_DELIVER,"
                + " APPROVE_TO_REJECT, REJECT_TO_APPROVE, SUPPRESS_OTHER_REASONS, REJECT_OTHER_REASONS) with a count"
                + " and the smallest request the two decide differently, ready for POST /v1/decisions/delivery.",
                "Exits 0 unless --fail-on is given and met (1), or a set does not compile or cannot be read (2)."})
final class DiffCommand implements Callable<Integer> {
    /** When the command fails. */
    enum FailOn {
        /** Any situation becomes deliverable (or a campaign approvable). */
        LOOSENING,
        /** Any situation is decided differently. */
        ANY
    }

    @CommandLine.Parameters(index = "0", paramLabel = "LIVE_DIR", description = "the live policy directory")
    Path live;

    @CommandLine.Parameters(index = "1", paramLabel = "CANDIDATE_DIR", description = "the candidate policy directory")
    Path candidate;

    @CommandLine.Option(names = "--fail-on", paramLabel = "loosening|any",
            description = "exit 1 when the candidate loosens anything (loosening) or changes anything (any)")
    FailOn failOn;

    @CommandLine.Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PolicySet liveSet = PolicyLoading.compiledOrReported(live, spec.commandLine().getErr());
        if (liveSet == null) {
            return 2;
        }
        try (liveSet) {
            PolicySet candidateSet = PolicyLoading.compiledOrReported(candidate, spec.commandLine().getErr());
            if (candidateSet == null) {
                return 2;
            }
            try (candidateSet) {
                Diff diff = PolicyAnalysis.diff(liveSet, candidateSet);
                PolicyLoading.report(spec.commandLine().getOut(), json, diff::json, diff::print);
                if (failOn == FailOn.LOOSENING && !diff.atLeastAsStrict()) {
                    spec.commandLine().getErr().println("failing: the candidate loosens the live set (--fail-on"
                            + " loosening)");
                    return 1;
                }
                if (failOn == FailOn.ANY && !diff.changes().isEmpty()) {
                    spec.commandLine().getErr().println("failing: the candidate changes " + diff.changed()
                            + " situations (--fail-on any)");
                    return 1;
                }
                return 0;
            }
        }
    }
}
