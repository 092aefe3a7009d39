package org.threadgate.server.cli;

import java.time.Instant;
import java.util.concurrent.Callable;

import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The decision log from the command line. */
@Command(name = "decisions", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Read the decision log kept in the ledger's database.",
        subcommands = {DecisionsCommand.Export.class})
final class DecisionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Every record in a time range as NDJSON, oldest first: the input that replay and impact analysis read. */
    @Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Print the logged decisions made in [--from, --to) as NDJSON on standard output, oldest"
                    + " first, one complete record per line (the facts included).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "T", description = "made at or after this ISO-8601 instant")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "made before this ISO-8601 instant")
        String to;

        @CommandLine.Mixin
        LogStore store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Instant start = LogStore.instant(spec, "--from", from);
            Instant end = LogStore.instant(spec, "--to", to);
            long[] lines = new long[1];
            java.io.PrintWriter out = spec.commandLine().getOut();
            try (Database database = store.open()) {
                new JdbcDecisionStore(database.dataSource(), database.description()).export(start, end, record -> {
                    out.print(record);
                    out.print('\n');
                    lines[0]++;
                });
            }
            out.flush();
            spec.commandLine().getErr().println(lines[0] + " decision records");
            return 0;
        }
    }
}
