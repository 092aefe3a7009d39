package org.threadgate.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.threadgate.engine.PolicySet;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.decisionlog.DecisionLog;
import org.threadgate.server.decisionlog.FileSink;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import picocli.CommandLine;

/**
 * The options that find the ledger's database and the decision log, shared by the commands that use them: the same
 * sections of the configuration tree as {@code serve}, so each option and its default are stated once.
 */
final class LogStore {
    @CommandLine.Mixin
    ServerConfig.Storage storage = new ServerConfig.Storage();

    @CommandLine.Mixin
    ServerConfig.DecisionLog decisionLog = new ServerConfig.DecisionLog();

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
        return storage.open();
    }

    /** Whether a database is there to read: a JDBC URL, or an H2 file already made under --data. */
    boolean databaseExists() {
        return storage.jdbcUrl != null || Files.exists(embeddedFile());
    }

    /** The embedded H2 file under --data. */
    Path embeddedFile() {
        return storage.data.resolve("threadgate.mv.db");
    }

    /** The decision log a one-off command writes to (nothing opened with --decision-log off). */
    Opened openLog(PolicySet set) {
        ServerConfig.DecisionLog.Where where;
        try {
            where = decisionLog.parsed();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        if (where instanceof ServerConfig.DecisionLog.Off) {
            return new Opened(null, null);
        }
        Database database = open();
        JdbcDecisionStore store = new JdbcDecisionStore(database.dataSource(), database.description());
        new PolicyVersions(store).wentLive(set);
        DecisionSink sink = where instanceof ServerConfig.DecisionLog.InFiles files ? new FileSink(files.dir()) : store;
        return new Opened(database, new DecisionLog(sink, Clock.systemUTC(), decisionLog.queue,
                decisionLog.retention));
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
