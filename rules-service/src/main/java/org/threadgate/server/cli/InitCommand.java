package org.threadgate.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.threadgate.engine.PolicySource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Writes the bundled policy set, with its settings and test cases, as a policy author's starting point. */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Write the bundled policy set (rule files, settings.yaml, tests/) into DIR, which must be empty"
                + " or not exist yet. Then: threadgate check DIR, threadgate test DIR, threadgate serve --rules DIR.")
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "where to write the policy set")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                spec.commandLine().getErr().println(dir + " exists and is not a directory");
                return 1;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    spec.commandLine().getErr().println(dir + " is not empty; init writes only into an empty or new"
                            + " directory, so that nothing of yours is overwritten");
                    return 1;
                }
            }
        }
        PolicySource bundled = PolicySource.bundled();
        bundled.writeTo(dir);
        spec.commandLine().getOut().println("wrote " + bundled.ruleFiles().size() + " rule files, settings.yaml and "
                + bundled.testFiles().size() + " test files to " + dir);
        return 0;
    }
}
