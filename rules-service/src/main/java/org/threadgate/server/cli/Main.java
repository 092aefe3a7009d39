package org.threadgate.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code threadgate} command line: serve the HTTP API, check rule files, decide one request. */
@Command(name = "threadgate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Delivery-policy rules engine for sponsored messages.",
        subcommands = {ServeCommand.class, CheckCommand.class, TestCommand.class, DecideCommand.class,
                InitCommand.class, TrainCommand.class, DecisionsCommand.class, ImpactCommand.class,
                AnalyzeCommand.class, DiffCommand.class, PeopleCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0 || !ServeCommand.serving()) {
            System.exit(exit);
        }
    }

    /** The configured command line, for tests to run in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    // a file or directory that cannot be read is the user's to fix: its message, not a stack trace
                    if (failure instanceof IOException || failure instanceof UncheckedIOException) {
                        command.getErr().println("threadgate " + command.getCommandName() + ": "
                                + failure.getMessage());
                        return command.getCommandSpec().exitCodeOnExecutionException();
                    }
                    throw failure;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
