package org.threadgate.service.cli;

import java.nio.file.Path;
import java.time.Clock;

import org.threadgate.engine.PolicySet;
import org.threadgate.service.DeliveryPolicyService;
import org.threadgate.service.ThreadgateServer;
import org.threadgate.service.decisionlog.DecisionLog;
import org.threadgate.service.decisionlog.FileSink;
import org.threadgate.service.decisionlog.JdbcDecisionStore;
import org.threadgate.service.decisionlog.PolicyVersions;
import org.threadgate.service.ledger.jdbc.Database;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that find the ledger's database and the decision log, shared by the commands that use them. */
final class LogStore {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "where the embedded H2"
            + " ledger keeps its file (default: ./${DEFAULT-VALUE}); ignored with --jdbc-url")
    Path data;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "keep the ledger in this database instead, e.g."
            + " jdbc:postgresql://127.0.0.1:5432/threadgate; user and password come from the environment variables"
            + " THREADGATE_DB_USER and THREADGATE_DB_PASSWORD")
    String jdbcUrl;

    @Option(names = "--decision-log", paramLabel = "WHERE", defaultValue = "database", description = "where every"
            + " decision is recorded with the facts it saw: database (the ledger's database, queried by GET"
            + " /v1/decisions), file:DIR (rolling NDJSON files, one per hour), or off (default: ${DEFAULT-VALUE})")
    String decisionLog;

    /** An ISO-8601 instant given to {@code option}, or null when absent; a bad one is a usage error naming it. */
    static java.time.Instant instant(CommandLine.Model.CommandSpec spec, String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be an ISO-8601 instant with"
                    + " a zone offset, e.g. 2026-03-10T12:00:00Z, was '" + value + "'");
        }
    }

    Database open() {
        return jdbcUrl != null ? Database.jdbc(jdbcUrl, System.getenv("THREADGATE_DB_USER"),
                System.getenv("THREADGATE_DB_PASSWORD")) : Database.h2File(data);
    }

    /** The decision log a one-off command writes to (nothing opened with --decision-log off). */
    Opened openLog(PolicySet set) {
        ThreadgateServer.LogOptions options;
        try {
            options = ThreadgateServer.LogOptions.parse(decisionLog);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        if (options.off()) {
            return new Opened(null, null);
        }
        Database database = open();
        JdbcDecisionStore store = new JdbcDecisionStore(database.dataSource(), database.description());
        new PolicyVersions(store).wentLive(set);
        return new Opened(database, new DecisionLog(options.dir() == null ? store : new FileSink(options.dir()),
                Clock.systemUTC(), options.capacity(), options.retention()));
    }

    /** An open decision log; closing it writes what is queued, then closes the database. */
    record Opened(Database database, DecisionLog log) implements AutoCloseable {
        void observe(DeliveryPolicyService service) {
            if (log != null) {
                service.observe(log);
            }
        }

        @Override
        public void close() {
            if (log != null) {
                log.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }
}
