package org.threadgate.server.cli;

import java.util.concurrent.Callable;

import org.threadgate.engine.Compilation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Compiles a policy set and reports every problem; exit 1 on any error. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Compile the rule files and print every problem as file:line:column: message."
                + " Exits 1 on any error, 0 otherwise.")
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Mixin
    PolicyDirArgument policies;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Compilation compilation = PolicyLoading.compile(policies.dir);
        PolicyLoading.print(compilation, policies.dir, compilation.succeeded() ? spec.commandLine().getOut()
                : spec.commandLine().getErr());
        if (!compilation.succeeded()) {
            spec.commandLine().getErr().println(compilation.errors().size() + " error(s); the policy set was not"
                    + " compiled");
            return 1;
        }
        spec.commandLine().getOut().println("OK: " + compilation.policySet().rules().size() + " rules, policy version "
                + compilation.policySet().version());
        compilation.policySet().close();
        return 0;
    }
}
