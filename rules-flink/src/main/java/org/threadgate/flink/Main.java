package org.threadgate.flink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.KafkaAddress;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar threadgate-flink.jar fold|audience ...}: runs a job in a local mini-cluster, or on a real cluster
 * when submitted with {@code flink run}.
 */
@Command(name = "threadgate-flink", mixinStandardHelpOptions = true, subcommands = {Main.Fold.class, Main.Audience.class},
        description = "Threadgate's ledger fold and audience decisions on Apache Flink.")
public final class Main implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setExecutionExceptionHandler((e, command, parsed) -> {
            // a wrong argument is the user's to fix: say what was wrong, without a stack trace
            command.getErr().println(command.getCommandName() + ": " + e.getMessage());
            return e instanceof IllegalArgumentException || e instanceof java.io.IOException ? 2 : 1;
        }).execute(args));
    }

    static PolicySource policies(Path dir) throws IOException {
        return dir == null ? PolicySource.bundled() : PolicySource.directory(dir);
    }

    /** The longest duration any setting names: how far back a thread keeps every delivery (as the service does). */
    static Duration retention(PolicySource source) {
        Duration longest = Duration.ZERO;
        try (var set = new org.threadgate.engine.PolicyCompiler().compile(source).policySet()) {
            for (Settings.Entry e : set.allSettings().entries()) {
                if (e.type() == Settings.Type.DURATION && ((Duration) e.value()).compareTo(longest) > 0) {
                    longest = (Duration) e.value();
                }
            }
        }
        return longest;
    }

    @Command(name = "fold", mixinStandardHelpOptions = true, description = "Fold messaging events (Threadgate's"
            + " event JSON, one per line) into thread states and audience sizes, written to the ledger's PostgreSQL"
            + " tables (--jdbc-url) and/or, for a bounded input, the final states as NDJSON files (--out DIR).")
    static final class Fold implements Callable<Integer> {
        @Option(names = "--events", required = true, paramLabel = "FILE|DIR|kafka://BROKERS/TOPIC",
                description = "NDJSON events: a file or directory (read once), or a Kafka topic (followed)")
        String events;
        @Option(names = "--jdbc-url", description = "the ledger's PostgreSQL database (migrated by the service);"
                + " user and password from THREADGATE_DB_USER and THREADGATE_DB_PASSWORD")
        String jdbcUrl;
        @Option(names = "--out", paramLabel = "DIR", description = "write each thread's final state here, with its"
                + " person's deliveries from every business (the audience command's input)")
        Path out;
        @Option(names = "--rules", paramLabel = "DIR", description = "the policies whose longest window sets how"
                + " much delivery history a thread keeps (default: the bundled set)")
        Path rules;
        @Option(names = "--parallelism", defaultValue = "2")
        int parallelism;
        @Option(names = "--checkpoint-interval", defaultValue = "PT10S")
        Duration checkpointInterval;
        @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "checkpoints", description = "where"
                + " checkpoints go (a local directory, or a URI such as s3://... on a cluster); the fold's state is"
                + " too large for Flink's in-memory checkpoints (default: ./${DEFAULT-VALUE})")
        String checkpointDir;
        @Option(names = "--bounded", description = "with a Kafka topic: stop at its end as it is when the job starts"
                + " (a replay), instead of following it")
        boolean bounded;

        @Override
        public Integer call() throws Exception {
            if (jdbcUrl == null && out == null) {
                System.err.println("fold: give --jdbc-url, --out or both");
                return 2;
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            env.enableCheckpointing(checkpointInterval.toMillis());
            org.apache.flink.configuration.Configuration checkpoints = new org.apache.flink.configuration
                    .Configuration();
            checkpoints.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            checkpoints.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpointDir.contains("://") ? checkpointDir : Path.of(checkpointDir).toAbsolutePath().toUri()
                            .toString());
            env.configure(checkpoints);
            FoldJob.Outputs outputs = FoldJob.fold(FoldJob.source(env, events, bounded), retention(policies(rules)));
            String user = System.getenv().getOrDefault("THREADGATE_DB_USER", "");
            String password = System.getenv().getOrDefault("THREADGATE_DB_PASSWORD", "");
            if (jdbcUrl != null) {
                outputs.threads().sinkTo(LedgerSink.threads(jdbcUrl, user, password)).name("ledger threads");
                outputs.audiences().sinkTo(LedgerSink.audiences(jdbcUrl, user, password)).name("ledger audiences");
            }
            if (out != null) {
                FoldJob.finalStates(outputs.threads()).sinkTo(FileSink.forRowFormat(new org.apache.flink.core.fs.Path(out.toUri()),
                                new SimpleStringEncoder<String>()).build()).name("final states");
            }
            env.execute("threadgate fold " + events);
            return 0;
        }
    }

    @Command(name = "audience", mixinStandardHelpOptions = true, description = "Decide every member of a"
            + " business's audience in the thread states given (NDJSON, as fold --out writes them) for one campaign"
            + " at one instant; write the decisions in person-id order, then a summary line.")
    static final class Audience implements Callable<Integer> {
        @Option(names = "--threads", required = true, paramLabel = "FILE|DIR")
        String threads;
        @Option(names = "--business", required = true)
        String business;
        @Option(names = "--business-enabled", defaultValue = "true", description = "in the sponsored-messages"
                + " rollout (default: ${DEFAULT-VALUE})")
        boolean businessEnabled;
        @Option(names = "--campaign", required = true)
        String campaign;
        @Option(names = "--objective", defaultValue = "MESSAGES")
        Objective objective;
        @Option(names = "--audience-size", description = "default: the members counted in --threads")
        Integer audienceSize;
        @Option(names = "--rules", paramLabel = "DIR", description = "default: the bundled policies")
        Path rules;
        @Option(names = "--policy-update", paramLabel = "DIR", description = "policy directories sent on the"
                + " broadcast stream while the job runs; one that fails its checks is refused and reported")
        List<Path> updates = new ArrayList<>();
        @Option(names = "--at", required = true, description = "the instant decided for (ISO-8601)")
        Instant at;
        @Option(names = "--parallelism", defaultValue = "2")
        int parallelism;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;
        @Option(names = "--log", paramLabel = "FILE|kafka://BROKERS/TOPIC", description = "also write each"
                + " decision's decision-log record (the service's record format, with the facts it saw) to this file"
                + " or topic, for threadgate impact --log and decisions export")
        String log;

        @Override
        public Integer call() throws Exception {
            int size = audienceSize != null ? audienceSize : countMembers(Path.of(threads), business);
            CampaignRequest request = Campaigns.of(at, business, businessEnabled, campaign, objective, size);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            List<String> updateJson = new ArrayList<>();
            for (Path dir : updates) {
                updateJson.add(Policies.toJson(PolicySource.directory(dir)));
            }
            AudienceJob.Outputs outputs = AudienceJob.decide(FoldJob.files(env, threads),
                    updateJson.isEmpty() ? AudienceJob.noUpdates(env) : env.fromData(updateJson, Types.STRING),
                    Policies.toJson(policies(rules)), request, parallelism * 8, log != null);
            outputs.refused().map(line -> "refused policy update: " + line).returns(Types.STRING).printToErr();
            DataStream<String> collected = outputs.decisions();
            if (log != null && KafkaAddress.is(log)) {
                outputs.records().sinkTo(AudienceJob.recordsTo(KafkaAddress.parse(log))).name("decision records");
            } else if (log != null) {
                collected = outputs.decisions().map(line -> "D" + line).returns(Types.STRING)
                        .union(outputs.records().map(record -> "R" + record).returns(Types.STRING));
            }
            List<String> lines = new ArrayList<>();
            List<String> records = new ArrayList<>();
            boolean tagged = log != null && !KafkaAddress.is(log);
            try (CloseableIterator<String> decisions = collected.executeAndCollect("threadgate audience")) {
                decisions.forEachRemaining(line -> {
                    if (!tagged) {
                        lines.add(line);
                    } else {
                        (line.charAt(0) == 'D' ? lines : records).add(line.substring(1));
                    }
                });
            }
            write(out, lines);
            if (tagged) {
                Files.write(Path.of(log), records, StandardCharsets.UTF_8);
            }
            System.err.println("decided " + lines.size() + " members of " + business + " for " + campaign + " into "
                    + out);
            return 0;
        }
    }

    /** The members of {@code business} among the thread states in a file or directory. */
    static int countMembers(Path threads, String business) throws IOException {
        int members = 0;
        List<Path> files = Files.isDirectory(threads)
                ? Files.walk(threads).filter(Files::isRegularFile).filter(p -> !p.getFileName().toString()
                .startsWith(".")).toList() : List.of(threads);
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (AudienceJob.member(line, business)) {
                    members++;
                }
            }
        }
        return members;
    }

    /** The decisions in person-id order (as the service answers), then the summary line. */
    static void write(Path out, List<String> lines) throws IOException {
        List<JsonNode> decisions = new ArrayList<>(lines.size());
        for (String line : lines) {
            decisions.add(Json.MAPPER.readTree(line));
        }
        decisions.sort(Comparator.comparing(d -> d.path("personId").asText()));
        long deliver = 0;
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (JsonNode d : decisions) {
                writer.write(Json.write(d));
                writer.newLine();
                deliver += d.path("outcome").asText().equals("DELIVER") ? 1 : 0;
                d.path("reasons").forEach(r -> byReason.merge(r.path("code").asText(), 1L, Long::sum));
                versions.merge(d.path("policyVersion").asText(), 1L, Long::sum);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("deliver", deliver);
            summary.put("suppress", decisions.size() - deliver);
            summary.put("byReason", byReason);
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("policyVersion", versions.size() == 1 ? versions.keySet().iterator().next() : null);
            last.put("policyVersions", versions);
            last.put("summary", summary);
            writer.write(Json.write(last));
            writer.newLine();
        }
    }
}
