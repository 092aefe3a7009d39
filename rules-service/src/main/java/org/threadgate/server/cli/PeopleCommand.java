package org.threadgate.server.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.threadgate.facade.json.FieldLimits;
import org.threadgate.facade.json.InvalidRequestException;
import org.threadgate.facade.json.LedgerReader;
import org.threadgate.server.privacy.PersonErasure;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import org.threadgate.storage.jdbc.JdbcLedger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** People's data from the command line: erasure on request. */
@Command(name = "people", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Act on one person's data in the ledger's database.",
        subcommands = {PeopleCommand.Erase.class})
final class PeopleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Forgets a person, as DELETE /v1/people/{personId} does. */
    @Command(name = "erase", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Erase a person: their threads, events and delivery history with every business leave the"
                    + " ledger, and their id is replaced by a random token in every decision-log record. The erasure"
                    + " is recorded (when, by 'cli', how many rows), never the person. Prints what was erased as JSON.")
    static final class Erase implements Callable<Integer> {
        @Parameters(paramLabel = "PERSON_ID", description = "the person to erase")
        String personId;

        @CommandLine.Mixin
        LogStore store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String id;
            try {
                id = LedgerReader.pathId(personId, "PERSON_ID", FieldLimits.DEFAULTS);
            } catch (InvalidRequestException e) {
                spec.commandLine().getErr().println("people erase: " + e.getMessage());
                return 2;
            }
            PersonErasure.Result r;
            try (Database database = store.open()) {
                JdbcDecisionStore log = new JdbcDecisionStore(database.dataSource(), database.description());
                r = new PersonErasure(new JdbcLedger(database.dataSource(), Clock.systemUTC()), log,
                        PersonErasure.LogPlace.DATABASE, () -> { }, log.erasures(), businesses -> { },
                        Clock.systemUTC()).erase(id, "cli");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(org.threadgate.facade.json.Json.MAPPER.writeValueAsString(r));
            out.flush();
            return 0;
        }
    }
}
