package org.threadgate.server.feature;

import java.time.Duration;
import java.util.function.Function;

import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.DecisionStore;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.decisionlog.DecisionLog;
import org.threadgate.server.decisionlog.FileSink;
import org.threadgate.server.decisionlog.KafkaSink;
import org.threadgate.server.http.DecisionLogEndpoints;

/**
 * The decision log: every decision recorded with the facts its rules saw (in the database, or in rolling NDJSON
 * files), and its read routes (records, summary, policy versions, impact). Kept elsewhere than the database, or off,
 * the read routes answer 404 DECISION_LOG_NOT_STORED.
 */
public final class DecisionLogFeature implements Feature {
    private final ServerConfig.DecisionLog.Where where;
    private final Duration retention;
    private final int queue;
    private final DecisionLog.Overflow overflow;
    private DecisionLog log;

    /**
     * The log as configured.
     *
     * @param where     where it goes
     * @param retention how long records are kept
     * @param queue     how many decisions may wait for the writer
     * @param overflow  what a decision that finds the queue full does
     */
    public DecisionLogFeature(ServerConfig.DecisionLog.Where where, Duration retention, int queue,
                              DecisionLog.Overflow overflow) {
        this.overflow = overflow;
        this.where = where;
        this.retention = retention;
        this.queue = queue;
    }

    @Override
    public String describe() {
        return "decision log: " + (log == null ? "off" : log.describe());
    }

    @Override
    public void install(Assembly server) {
        DecisionStore readable = DecisionLogEndpoints.NOT_STORED;
        DecisionSink sink = null;
        if (where instanceof ServerConfig.DecisionLog.InDatabase) {
            sink = server.store();
            readable = server.store();
        } else if (where instanceof ServerConfig.DecisionLog.InFiles files) {
            sink = new FileSink(files.dir());
        } else if (where instanceof ServerConfig.DecisionLog.InKafka kafka) {
            sink = new KafkaSink(kafka.topic());
        }
        if (sink != null) {
            Function<Decided, LogRecord.Shadowed> shadowed = server.shadowEvaluator()
                    .<Function<Decided, LogRecord.Shadowed>>map(e -> e::shadowed).orElse(null);
            log = new DecisionLog(sink, server.clock(), queue, overflow, retention, shadowed);
            server.service().observe(log);
            server.metrics().decisionLog(log);
            server.offers().decisionLog(log);
        }
        new DecisionLogEndpoints(readable, server.versions(), server.service(), server::candidate, server.clock(),
                server.limits().maxBodyBytes()).addTo(server.http().table());
    }

    @Override
    public void close() {
        if (log != null) {
            log.close(); // every answered decision is written before the database closes
        }
    }
}
