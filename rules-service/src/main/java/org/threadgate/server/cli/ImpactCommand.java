package org.threadgate.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.authoring.Candidate;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.KafkaAddress;
import org.threadgate.server.decisionlog.KafkaSink;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.server.impact.ImpactAnalysis;
import org.threadgate.server.impact.ImpactReport;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a candidate policy set would have decided differently over the logged traffic. */
@Command(name = "impact", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Replay logged decisions under a candidate policy directory (compiled, linted and its own cases"
                + " run first) and report what changes: outcome transitions, reason codes gained and lost, the"
                + " campaigns most affected, example decision ids, and fidelity (the records under their own"
                + " versions). Exit 0, or 1 for a broken candidate, 2 when records do not reproduce under their own"
                + " version, 3 when a record cannot be read.")
final class ImpactCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "CANDIDATE_DIR", description = "the candidate policy directory")
    Path candidateDir;

    @Option(names = "--from", paramLabel = "T", description = "records made at or after this ISO-8601 instant")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "records made before this ISO-8601 instant")
    String to;

    @Option(names = "--log", paramLabel = "FILE|DIR|kafka://BROKERS/TOPIC", description = "replay this NDJSON file"
            + " of records (threadgate decisions export, or a --decision-log file:DIR directory), or every record on"
            + " a Kafka topic (--decision-log kafka://..., the Flink audience job's --log), instead of the database's"
            + " log; versions for fidelity still come from --data/--jdbc-url when that database exists")
    String log;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @CommandLine.Mixin
    LogStore store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Instant start = LogStore.instant(spec, "--from", from);
        Instant end = LogStore.instant(spec, "--to", to);
        Candidate candidate = Candidate.build(new PolicyCompiler(), PolicyLoading.source(candidateDir));
        if (!candidate.acceptable()) {
            candidate.problems().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println("the candidate policy set is broken; nothing was replayed");
            return 1;
        }
        PolicySet set = candidate.policySet();
        boolean haveDatabase = store.databaseExists();
        ImpactReport report;
        try (Database database = haveDatabase ? store.open() : null) {
            PolicyVersions versions = database == null ? null
                    : new PolicyVersions(new JdbcDecisionStore(database.dataSource(), database.description()));
            ImpactAnalysis analysis = new ImpactAnalysis(set, version -> versions == null ? Optional.empty()
                    : versions.policySet(version, null));
            if (log != null && KafkaAddress.is(log)) {
                replayTopic(KafkaAddress.parse(log), analysis.within(start, end));
            } else if (log != null) {
                replayFiles(analysis.within(start, end));
            } else if (database != null) {
                new JdbcDecisionStore(database.dataSource(), database.description()).chunks(start, end,
                        analysis.within(start, end)::add);
            } else {
                spec.commandLine().getErr().println("no decision log: " + store.embeddedFile()
                        + " does not exist; give --data DIR, --jdbc-url URL or --log FILE");
                return 2;
            }
            report = analysis.report();
        } catch (IllegalArgumentException unreadable) {
            spec.commandLine().getErr().println("impact: " + unreadable.getMessage() + "; nothing was reported");
            return 3;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            text(report, out);
        }
        out.flush();
        return report.fidelity().mismatched() > 0 ? 2 : 0;
    }

    /** Every record on the topic, fed to the analysis a few thousand lines at a time. */
    private static void replayTopic(KafkaAddress topic, ImpactAnalysis analysis) {
        StringBuilder lines = new StringBuilder();
        int[] held = new int[1];
        KafkaSink.read(topic, line -> {
            lines.append(line).append('\n');
            if (++held[0] == 5_000) {
                feed(analysis, lines);
                held[0] = 0;
            }
        });
        feed(analysis, lines);
    }

    private static void feed(ImpactAnalysis analysis, StringBuilder lines) {
        try (InputStream records = new java.io.ByteArrayInputStream(lines.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            analysis.addAll(records);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        lines.setLength(0);
    }

    private void replayFiles(ImpactAnalysis analysis) throws IOException {
        Path logPath = Path.of(log);
        List<Path> files;
        if (Files.isDirectory(logPath)) {
            try (Stream<Path> all = Files.list(logPath)) {
                files = all.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
            }
        } else {
            files = List.of(logPath);
        }
        for (Path file : files) {
            try (InputStream records = Files.newInputStream(file)) {
                analysis.addAll(records);
            } catch (IllegalArgumentException unreadable) {
                throw new IllegalArgumentException(file + ": " + unreadable.getMessage(), unreadable);
            }
        }
    }


    private static void text(ImpactReport r, PrintWriter out) {
        ImpactReport.Fidelity f = r.fidelity();
        if (f.mismatched() > 0) {
            out.printf("FIDELITY: %d of %d records do not reproduce under their own version (first: %s)%n",
                    f.mismatched(), f.checked(), f.mismatchedIds());
        }
        out.printf("candidate %s: %,d records replayed, %,d unchanged, %,d changed%n", r.candidateVersion(),
                r.records(), r.unchanged(), r.changed());
        for (Map.Entry<String, Long> t : r.transitions().entrySet()) {
            if (t.getValue() > 0) {
                out.printf("  %-27s %,d   e.g. %s%n", t.getKey(), t.getValue(), r.examples().get(t.getKey()));
            }
        }
        if (!r.reasons().isEmpty()) {
            out.println("reason codes (gained / lost):");
            r.reasons().forEach((code, c) -> out.printf("  %-27s +%,d / -%,d%n", code, c.gained(), c.lost()));
        }
        if (!r.campaigns().isEmpty()) {
            out.println("campaigns most changed (replayed, changed, deliverable before -> after):");
            for (ImpactReport.CampaignImpact c : r.campaigns()) {
                out.printf("  %-27s %,d, %,d, %,d -> %,d%n", c.campaignId(), c.replayed(), c.changed(),
                        c.deliverableBefore(), c.deliverableAfter());
            }
        }
        out.printf("fidelity: %,d checked, %,d mismatched, %,d unverifiable (version not stored)%n", f.checked(),
                f.mismatched(), f.unverifiable());
    }
}
