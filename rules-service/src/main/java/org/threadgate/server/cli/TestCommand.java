package org.threadgate.server.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.authoring.Candidate;
import org.threadgate.facade.authoring.PolicyCases;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a policy set's own test cases and shows which rules they exercise. */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the test cases under DIR/tests/*.yaml, print each failure with its file and case name,"
                + " then each rule with how many cases fired it. Exits 1 on any failure, or when fewer than"
                + " --min-coverage percent of the rules are fired by some case.")
final class TestCommand implements Callable<Integer> {
    @CommandLine.Mixin
    PolicyDirArgument policies;

    @Option(names = "--min-coverage", paramLabel = "N", defaultValue = "0",
            description = "fail when fewer than N%% of the rules are fired by some case (default: ${DEFAULT-VALUE})")
    double minCoverage;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Candidate candidate = Candidate.build(new PolicyCompiler(), PolicyLoading.source(policies.dir));
        if (candidate.policySet() == null) {
            PolicyLoading.print(candidate.compilation(), policies.dir, spec.commandLine().getErr());
            spec.commandLine().getErr().println("the policy set does not compile; no case was run");
            return 1;
        }
        PolicyCases.Report report = candidate.report();
        for (PolicyCases.CaseResult failure : report.failures()) {
            out.println("FAIL " + failure.describe());
        }
        int failed = report.failures().size();
        out.printf(Locale.ROOT, "%d case(s): %d passed, %d failed%n%n", report.results().size(),
                report.results().size() - failed, failed);
        out.println("rule coverage (cases that fired each rule):");
        out.printf(Locale.ROOT, "  %5s  %-28s %-28s %s%n", "cases", "code", "rule", "file");
        for (var entry : report.coverage().entrySet()) {
            RuleInfo rule = entry.getKey();
            out.printf(Locale.ROOT, "  %5d  %-28s %-28s %s:%d%n", entry.getValue(), rule.code(), rule.name(),
                    rule.file(), rule.line());
        }
        if (report.unfired().isEmpty()) {
            out.println("every rule is fired by at least one case");
        } else {
            out.println("rules no case fires: " + String.join(", ", report.unfired().stream()
                    .map(r -> r.name() + " (" + r.code() + ")").toList()));
        }
        out.printf(Locale.ROOT, "coverage: %d of %d rules (%.1f%%)%n", report.coverage().size()
                - report.unfired().size(), report.coverage().size(), report.coveragePercent());
        candidate.policySet().close();
        if (failed > 0) {
            return 1;
        }
        if (report.coveragePercent() < minCoverage) {
            spec.commandLine().getErr().printf(Locale.ROOT, "coverage %.1f%% is below --min-coverage %s%n",
                    report.coveragePercent(), minCoverage);
            return 1;
        }
        return 0;
    }
}
