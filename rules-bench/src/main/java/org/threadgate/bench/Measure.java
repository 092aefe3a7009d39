package org.threadgate.bench;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.threadgate.engine.PolicySource;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

/**
 * The measurements JMH does not fit: audience scale, HTTP load, cold start, hot reload. Each is bounded in time and
 * talks only to loopback. Usage: {@code java -cp rules-bench/target/benchmarks.jar org.threadgate.bench.Measure
 * <audience-inprocess|audience-http|http-load|cold-start|reload|ledger> [options]}; see BENCHMARKS.md.
 */
public final class Measure {
    /**
     * Seconds of load before a measured HTTP run ({@code -Dthreadgate.warmup}). On two shared cores the JIT needs this
     * long to compile the request path: with 5 s, a Javalin endpoint that reads a request measured at a third of its
     * warmed-up rate.
     */
    static final int WARM_UP = Integer.getInteger("threadgate.warmup", 30);
    static final Path JAR = Path.of(System.getProperty("threadgate.jar", "rules-service/target/threadgate.jar"));

    private Measure() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Measure audience-inprocess|audience-http|http-load|cold-start|reload [n]"
                    + " | http-compare [seconds] [connections] | stream-clients [n] | ledger [people] [connections] [h2|pg] | audience-ledger [members] [h2|pg]");
            System.exit(2);
        }
        String what = args[0];
        long n = args.length > 1 ? Long.parseLong(args[1]) : -1;
        switch (what) {
            case "audience-inprocess" -> audienceInProcess(n > 0 ? n : 1_000_000);
            case "audience-http" -> audienceHttp(n > 0 ? n : 1_000_000);
            case "http-load" -> httpLoad(n > 0 ? (int) n : 20, args.length > 2 ? Integer.parseInt(args[2]) : 16);
            case "cold-start" -> coldStart(n > 0 ? (int) n : 5);
            case "reload" -> reload(n > 0 ? (int) n : 10);
            case "stream-clients" -> StreamClients.run(n > 0 ? n : 1_000_000);
            case "impact" -> impact(n > 0 ? n : 1_000_000);
            case "decision-log" -> decisionLogCost(n > 0 ? (int) n : 10, args.length > 2 ? args[2] : "h2");
            case "decision-log-reads" -> DecisionLogReads.run(n > 0 ? n : 10_000_000, args.length > 2 ? args[2] : "h2");
            case "http-compare" -> httpCompare(n > 0 ? (int) n : 10, args.length > 2 ? Integer.parseInt(args[2]) : 16);
            case "audience-ledger" -> audienceLedger(n > 0 ? (int) n : 1_000_000, args.length > 2 ? args[2] : "pg");
            case "ledger" -> ledger(n > 0 ? (int) n : 200_000, args.length > 2 ? Integer.parseInt(args[2]) : 4,
                    args.length > 3 ? args[3] : "h2");
            default -> {
                System.err.println("unknown measurement " + what);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    /** Recipients generated on the fly, never all in memory. */
    static Iterator<Recipient> generated(String business, long count) {
        Random random = new Random(7);
        return new Iterator<>() {
            long made;

            @Override
            public boolean hasNext() {
                return made < count;
            }

            @Override
            public Recipient next() {
                return BenchInputs.recipient(random, business, "person-" + made++);
            }
        };
    }

    static CampaignRequest goodCampaign() {
        Random random = new Random(3);
        CampaignRequest c;
        do {
            c = BenchInputs.campaign(random, 1);
        } while (!c.business().sponsoredMessagesEnabled() || c.campaign().audienceSize() < 100
                || c.campaign().objective() != org.threadgate.model.Objective.MESSAGES);
        return c;
    }

    static void audienceInProcess(long count) {
        try (DeliveryPolicyService service = DeliveryPolicyService.bundled()) {
            CampaignRequest campaign = goodCampaign();
            service.decideAudience(campaign, generated(campaign.business().id(), 200_000), d -> { }); // warm-up
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong deliver = new AtomicLong();
            long start = System.nanoTime();
            service.decideAudience(campaign, generated(campaign.business().id(), count), d -> {
                if (d.outcome() == org.threadgate.model.DeliveryOutcome.DELIVER) {
                    deliver.incrementAndGet();
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "audience in-process: %,d recipients in %.2f s = %,.0f recipients/s;"
                            + " %,d deliverable (%.1f%%); peak heap %.0f MB (max %d MB)%n", count, seconds,
                    count / seconds, deliver.get(), 100.0 * deliver.get() / count, peak / 1e6,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    static void audienceHttp(long count) throws Exception {
        Path log = Files.createTempFile("threadgate-audience", ".log");
        Path data = ServiceProcess.tempDir("threadgate-data");
        try (ServiceProcess service = ServiceProcess.start(JAR, "512m", log, "--data", data.toString())) {
            service.awaitPort(60_000);
            awaitReady(service.port);
            CampaignRequest campaign = goodCampaign();
            runStream(service.port, campaign, 200_000); // warm-up
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = new Thread(() -> sampleHeap(service.port, running, peakHeap), "heap-sampler");
            sampler.start();
            long start = System.nanoTime();
            long lines = runStream(service.port, campaign, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            sampler.join();
            System.out.printf(Locale.ROOT, "audience over HTTP (service -Xmx512m): %,d recipients, %,d answer lines"
                    + " in %.2f s = %,.0f recipients/s; peak heap used %.0f MB (sampled every 100 ms)%n", count,
                    lines, seconds, count / seconds, peakHeap.get() / 1e6);
        }
    }

    /** Streams {@code count} recipients and reads the answer at the same time; returns the answer's line count. */
    private static long runStream(int port, CampaignRequest campaign, long count) throws Exception {
        try (HttpClientConnection c = new HttpClientConnection(port)) {
            c.output().write(("POST /v1/decisions/delivery/batch HTTP/1.1\r\nHost: " + c.host()
                    + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                try {
                    StringBuilder block = new StringBuilder(64 * 1024).append(BenchJson.campaign(campaign))
                            .append('\n');
                    Iterator<Recipient> recipients = generated(campaign.business().id(), count);
                    while (recipients.hasNext()) {
                        block.append(BenchJson.recipient(recipients.next())).append('\n');
                        if (block.length() > 60_000 || !recipients.hasNext()) {
                            byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
                            c.output().write((Integer.toHexString(bytes.length) + "\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            c.output().write(bytes);
                            c.output().write("\r\n".getBytes(StandardCharsets.US_ASCII));
                            block.setLength(0);
                        }
                    }
                    c.output().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.output().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "ndjson-writer");
            writer.start();
            CountingStream counter = new CountingStream();
            int status = c.readResponse(counter);
            writer.join();
            if (status != 200) {
                throw new IllegalStateException("status " + status);
            }
            return counter.lines;
        }
    }

    /** Counts newlines instead of keeping the body. */
    private static final class CountingStream extends ByteArrayOutputStream {
        long lines;

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }
    }

    private static final Pattern HEAP_USED = Pattern.compile(
            "jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");

    static void sampleHeap(int port, AtomicBoolean running, AtomicLong peak) {
        try (HttpClientConnection c = new HttpClientConnection(port)) {
            byte[] get = ("GET /metrics HTTP/1.1\r\nHost: " + c.host() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            while (running.get()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                c.output().write(get);
                c.output().flush();
                c.readResponse(body);
                Matcher m = HEAP_USED.matcher(body.toString(StandardCharsets.UTF_8));
                long used = 0;
                while (m.find()) {
                    used += (long) Double.parseDouble(m.group(1));
                }
                peak.accumulateAndGet(used, Math::max);
                Thread.sleep(100);
            }
        } catch (Exception e) {
            System.err.println("heap sampling stopped: " + e);
        }
    }

    static void awaitReady(int port) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (HttpClientConnection c = new HttpClientConnection(port)) {
                c.output().write(("GET /health/ready HTTP/1.1\r\nHost: " + c.host() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                if (c.readResponse(null) == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not ready");
    }

    static void httpLoad(int seconds, int connections) throws Exception {
        Path log = Files.createTempFile("threadgate-load", ".log");
        Path data = ServiceProcess.tempDir("threadgate-data");
        DeliveryRequest[] requests = BenchInputs.singleRequests(9, 4_096);
        try (ServiceProcess service = ServiceProcess.start(JAR, "1g", log, "--data", data.toString())) {
            service.awaitPort(60_000);
            awaitReady(service.port);
            String host = "127.0.0.1:" + service.port;
            byte[][] prepared = new byte[requests.length][];
            for (int i = 0; i < requests.length; i++) {
                prepared[i] = HttpClientConnection.post(host, "/v1/decisions/delivery", "application/json",
                        BenchJson.delivery(requests[i]).getBytes(StandardCharsets.UTF_8));
            }
            load(service.port, prepared, connections, WARM_UP); // warm-up
            Result result = load(service.port, prepared, connections, seconds);
            System.out.printf(Locale.ROOT, "HTTP single decisions, %d connections, %d s: %,d requests, %,.0f/s;"
                            + " latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; non-200: %d%n",
                    connections, seconds, result.count, result.count / (double) seconds, result.percentile(50),
                    result.percentile(99), result.percentile(99.9), result.percentile(100), result.errors);
        }
    }

    /**
     * HTTP single decisions against the bare Javalin + Jackson baseline ({@link BareServer}), the same requests by the
     * same client, alternated twice after a warm-up of each: the ratio of throughputs and of p99s.
     */
    static void httpCompare(int seconds, int connections) throws Exception {
        Path log = Files.createTempFile("threadgate-compare", ".log");
        Path data = ServiceProcess.tempDir("threadgate-data");
        DeliveryRequest[] requests = BenchInputs.singleRequests(9, 4_096);
        int barePort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            barePort = probe.getLocalPort();
        }
        Process bare = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", Path.of(Measure.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(), BareServer.class.getName(), String.valueOf(barePort))
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("threadgate-bare", ".log").toFile())
                .start();
        try (ServiceProcess service = ServiceProcess.start(JAR, "1g", log,
                concat(new String[] {"--data", data.toString()}, extraArgs("threadgate.serviceArgs")))) {
            service.awaitPort(60_000);
            awaitReady(service.port);
            awaitReady(barePort);
            byte[][] toService = new byte[requests.length][];
            byte[][] toBare = new byte[requests.length][];
            for (int i = 0; i < requests.length; i++) {
                byte[] body = BenchJson.delivery(requests[i]).getBytes(StandardCharsets.UTF_8);
                toService[i] = HttpClientConnection.post("127.0.0.1:" + service.port, "/v1/decisions/delivery",
                        "application/json", body);
                toBare[i] = HttpClientConnection.post("127.0.0.1:" + barePort, "/v1/decisions/delivery",
                        "application/json", body);
            }
            load(barePort, toBare, connections, WARM_UP);
            load(service.port, toService, connections, WARM_UP);
            Result[] b = new Result[2];
            Result[] t = new Result[2];
            for (int round = 0; round < 2; round++) {
                b[round] = load(barePort, toBare, connections, seconds);
                t[round] = load(service.port, toService, connections, seconds);
            }
            Result base = Result.merge(b);
            Result ours = Result.merge(t);
            double window = 2.0 * seconds;
            System.out.printf(Locale.ROOT, "HTTP single decisions, %d connections, 2×%d s each, alternated: bare Javalin"
                            + " + Jackson %,.0f/s (p50 %.2f ms, p99 %.2f ms); Threadgate %,.0f/s (p50 %.2f ms,"
                            + " p99 %.2f ms); ratio %.2f× throughput, %.2f× p99; non-200: %d + %d%n", connections,
                    seconds, base.count() / window, base.percentile(50), base.percentile(99), ours.count() / window,
                    ours.percentile(50), ours.percentile(99), (double) ours.count() / base.count(),
                    ours.percentile(99) / base.percentile(99), base.errors(), ours.errors());
        } finally {
            bare.destroy();
            bare.waitFor();
        }
    }

    /**
     * The decision log's cost: two services on the same store kind, one with the log (the default) and one with
     * {@code --decision-log off}, loaded alternately with the same single decisions (16 connections, 2 rounds of
     * {@code seconds} each after the warm-up) and the same streamed audience (200,000 recipients, twice each); then
     * the log's written and dropped counters from the logging service's /metrics.
     */
    static void decisionLogCost(int seconds, String storeKind) throws Exception {
        int connections = 16;
        DeliveryRequest[] requests = BenchInputs.singleRequests(9, 4_096);
        try (Store onStore = Store.open(storeKind); Store offStore = Store.open(storeKind);
             ServiceProcess on = ServiceProcess.start(JAR, "1g", Files.createTempFile("threadgate-log-on", ".log"),
                     onStore.env(), concat(onStore.args(), extraArgs("threadgate.onArgs")));
             ServiceProcess off = ServiceProcess.start(JAR, "1g", Files.createTempFile("threadgate-log-off", ".log"),
                     offStore.env(), concat(offStore.args(), "--decision-log", "off"))) {
            on.awaitPort(60_000);
            off.awaitPort(60_000);
            awaitReady(on.port);
            awaitReady(off.port);
            byte[][] toOn = new byte[requests.length][];
            byte[][] toOff = new byte[requests.length][];
            for (int i = 0; i < requests.length; i++) {
                byte[] body = BenchJson.delivery(requests[i]).getBytes(StandardCharsets.UTF_8);
                toOn[i] = HttpClientConnection.post("127.0.0.1:" + on.port, "/v1/decisions/delivery",
                        "application/json", body);
                toOff[i] = HttpClientConnection.post("127.0.0.1:" + off.port, "/v1/decisions/delivery",
                        "application/json", body);
            }
            load(off.port, toOff, connections, WARM_UP);
            load(on.port, toOn, connections, WARM_UP);
            Result[] a = new Result[2];
            Result[] b = new Result[2];
            for (int round = 0; round < 2; round++) {
                a[round] = load(off.port, toOff, connections, seconds);
                b[round] = load(on.port, toOn, connections, seconds);
            }
            Result offResult = Result.merge(a);
            Result onResult = Result.merge(b);
            double window = 2.0 * seconds;
            Thread.sleep(2_000); // let the writer catch up before reading its counters
            String afterSingles = logCounters(metrics(on.port));
            CampaignRequest campaign = goodCampaign();
            int recipients = 200_000;
            runStream(off.port, campaign, recipients); // warm-up
            runStream(on.port, campaign, recipients);
            double[] offStream = new double[2];
            double[] onStream = new double[2];
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                runStream(off.port, campaign, recipients);
                offStream[round] = recipients / ((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                runStream(on.port, campaign, recipients);
                onStream[round] = recipients / ((System.nanoTime() - start) / 1e9);
            }
            Thread.sleep(3_000); // let the writer catch up before reading its counters
            String metrics = metrics(on.port);
            System.out.printf(Locale.ROOT, "decision log on %s: single decisions (%d connections, 2×%d s each,"
                            + " alternated) log off %,.0f/s (p99 %.2f ms), log on %,.0f/s (p99 %.2f ms): %.2f×,"
                            + " p99 %.2f×; streamed audience of %,d: off %,.0f / %,.0f/s, on %,.0f / %,.0f/s:"
                            + " %.2f×; log counters after the single decisions: %s; after the streams too: %s%n",
                    onStore.name(), connections, seconds, offResult.count() / window,
                    offResult.percentile(99), onResult.count() / window, onResult.percentile(99),
                    (double) onResult.count() / offResult.count(), onResult.percentile(99) / offResult.percentile(99),
                    recipients, offStream[0], offStream[1], onStream[0], onStream[1],
                    (onStream[0] + onStream[1]) / (offStream[0] + offStream[1]), afterSingles, logCounters(metrics));
        }
    }

    /**
     * {@code threadgate impact}'s engine over {@code count} logged decisions: the records are made first (real
     * decisions of 100 campaigns with audiences of 50 to 248, each decided as an audience stream, written as the log
     * writes them to an NDJSON file), then replayed from the file under a candidate that raises minimumAudienceSize
     * to 200 and under their own version (fidelity), timed from the first line read to the report. Run it with
     * -Xmx512m to show the replay's memory stays bounded.
     */
    static void impact(long count) throws Exception {
        Path file = Files.createTempFile("threadgate-impact", ".ndjson");
        org.threadgate.storage.jdbc.Database database = org.threadgate.storage.jdbc.Database.h2File(
                Files.createTempDirectory("threadgate-impact-db"));
        org.threadgate.storage.jdbc.JdbcDecisionStore log = new org.threadgate.storage.jdbc.JdbcDecisionStore(
                database.dataSource(), database.description());
        List<org.threadgate.facade.decisionlog.Logged> pending = new ArrayList<>();
        try (DeliveryPolicyService service = DeliveryPolicyService.bundled();
             java.io.BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            java.time.Instant now = java.time.Instant.now();
            service.observe(decided -> {
                try {
                    out.write(org.threadgate.facade.decisionlog.LogRecord.of(decided, now).json());
                    out.write('\n');
                    // the same decisions as the database log keeps them (compact chunks)
                    pending.add(org.threadgate.facade.decisionlog.Logged.prepared(decided, now));
                    if (pending.size() == 1_000) {
                        log.writeDecisions(pending);
                        pending.clear();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long perCampaign = count / 100;
            for (int c = 0; c < 100; c++) {
                CampaignRequest base = goodCampaign();
                CampaignRequest campaign = new CampaignRequest(base.at(), base.business(),
                        new org.threadgate.model.Campaign("campaign-" + c, base.business().id(),
                                base.campaign().objective(), 50 + 2 * c));
                try (org.threadgate.facade.decision.AudienceRun run = service.audience(campaign,
                        org.threadgate.facade.decision.Origin.of(org.threadgate.facade.decision.Origin.Via.JAVA,
                                org.threadgate.facade.decision.Origin.Form.AUDIENCE).inBatch("stream-" + c))) {
                    run.decide(generated(campaign.business().id(), perCampaign), d -> { });
                }
            }
            if (!pending.isEmpty()) {
                log.writeDecisions(pending);
            }
        }
        org.threadgate.engine.PolicySet own = new org.threadgate.engine.PolicyCompiler().compile(PolicySource.bundled())
                .policySet();
        PolicySource bundled = PolicySource.bundled();
        org.threadgate.engine.PolicySet candidate = new org.threadgate.engine.PolicyCompiler().compile(
                PolicySource.of("candidate", bundled.ruleFiles(), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200"))).policySet();
        // In turn: each whole record as a String (the database path's form until the compact log), the file's bytes
        // through one parser (the command's path for --log), and the compact chunks read from the database log (the
        // database path now), so all three are measured in the same run.
        for (int round = 0; round < 9; round++) {
            boolean bytes = round % 3 == 1;
            boolean compact = round % 3 == 2;
            org.threadgate.server.impact.ImpactAnalysis analysis = new org.threadgate.server.impact.ImpactAnalysis(
                    candidate, version -> version.equals(own.version()) ? java.util.Optional.of(own)
                    : java.util.Optional.empty());
            long start = System.nanoTime();
            if (compact) {
                log.chunks(null, null, analysis::add);
            } else if (bytes) {
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    analysis.addAll(in);
                }
            } else {
                try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        analysis.add(line);
                    }
                }
            }
            org.threadgate.server.impact.ImpactReport report = analysis.report();
            double seconds = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "impact replay %d (%s): %,d records (%,d bytes) in %.2f s = %,.0f records/s;"
                            + " changed %,d (%s); fidelity %,d checked, %,d mismatched; heap max %d MB, used now %d MB%n",
                    round + 1, compact ? "compact chunks from the database log" : bytes ? "bytes, one parser"
                            : "whole records as strings", report.records(), Files.size(file),
                    seconds, report.records() / seconds, report.changed(),
                    report.transitions(), report.fidelity().checked(), report.fidelity().mismatched(),
                    rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
        Files.delete(file);
        database.close();
    }

    /**
     * -Dthreadgate.onArgs="--decision-log file:/tmp/log" adds options to the logging service (to isolate a store);
     * -Dthreadgate.serviceArgs="--decision-log off" adds options to the service that http-compare measures.
     */
    private static String[] extraArgs(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? new String[0] : value.split("\\s+");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static String metrics(int port) throws Exception {
        try (HttpClientConnection c = new HttpClientConnection(port)) {
            c.output().write(("GET /metrics HTTP/1.1\r\nHost: " + c.host() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            c.readResponse(body);
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static String logCounters(String metrics) {
        StringBuilder found = new StringBuilder();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("threadgate_decision_log_")) {
                found.append(found.length() == 0 ? "" : ", ").append(line.replace("threadgate_decision_log_", ""));
            }
        }
        return found.toString();
    }

    private record Result(long count, long errors, long[] sorted) {
        static Result merge(Result... parts) {
            long count = 0;
            long errors = 0;
            long[] all = new long[0];
            for (Result part : parts) {
                count += part.count;
                errors += part.errors;
                long[] joined = Arrays.copyOf(all, all.length + part.sorted.length);
                System.arraycopy(part.sorted, 0, joined, all.length, part.sorted.length);
                all = joined;
            }
            Arrays.sort(all);
            return new Result(count, errors, all);
        }

        double percentile(double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    private static Result load(int port, byte[][] prepared, int connections, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] counts = new long[connections];
        long[] errors = new long[connections];
        for (int t = 0; t < connections; t++) {
            long[] mine = new long[seconds * 40_000];
            latencies.add(mine);
            int me = t;
            Thread thread = new Thread(() -> {
                try (HttpClientConnection c = new HttpClientConnection(port)) {
                    int i = me * 97;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        int status = c.exchange(prepared[i++ % prepared.length]);
                        long took = System.nanoTime() - start;
                        if (status != 200) {
                            errors[me]++;
                        }
                        if (counts[me] < mine.length) {
                            mine[(int) counts[me]] = took;
                        }
                        counts[me]++;
                    }
                } catch (Exception e) {
                    System.err.println("connection " + me + ": " + e);
                }
            }, "load-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long total = Arrays.stream(counts).sum();
        long bad = Arrays.stream(errors).sum();
        long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, latencies.stream().mapToLong(a -> a.length).sum())];
        int k = 0;
        for (int t = 0; t < connections; t++) {
            int n = (int) Math.min(counts[t], latencies.get(t).length);
            System.arraycopy(latencies.get(t), 0, all, k, n);
            k += n;
        }
        long[] sorted = Arrays.copyOf(all, k);
        Arrays.sort(sorted);
        return new Result(total, bad, sorted);
    }

    /**
     * Process start to the first answered decision, fresh data directory each run: {@code java -jar threadgate.jar
     * serve} (the baseline) and the launcher {@code bin/threadgate serve} with its class-data archive, alternated.
     * The launcher runs on this benchmark's Java; make its archive first ({@code bin/threadgate cds}, which the build
     * does for the Java it ran on).
     */
    static void coldStart(int runs) throws Exception {
        Path launcher = Path.of(System.getProperty("threadgate.launcher", "rules-service/target/bin/threadgate"));
        double[] plain = new double[runs];
        double[] launched = new double[runs];
        for (int r = 0; r < runs; r++) {
            plain[r] = firstDecision(false, launcher);
            launched[r] = firstDecision(true, launcher);
        }
        System.out.printf(Locale.ROOT, "cold start to the first answered decision, %d runs each, alternated%n"
                        + "  java -jar threadgate.jar serve: %s ms; median %.0f ms%n"
                        + "  %s serve:  %s ms; median %.0f ms (%.2fx the baseline)%n", runs,
                Arrays.toString(Arrays.stream(plain).map(Math::rint).toArray()), median(plain), launcher,
                Arrays.toString(Arrays.stream(launched).map(Math::rint).toArray()), median(launched),
                median(launched) / median(plain));
    }

    private static double firstDecision(boolean viaLauncher, Path launcher) throws Exception {
        DeliveryRequest request = BenchInputs.singleRequests(5, 1)[0];
        Path log = Files.createTempFile("threadgate-cold", ".log");
        Path data = ServiceProcess.tempDir("threadgate-data");
        try (ServiceProcess service = viaLauncher
                ? ServiceProcess.launch(launcher, "512m", log, "--data", data.toString())
                : ServiceProcess.start(JAR, "512m", log, "--data", data.toString())) {
            byte[] post = null;
            while (true) {
                try (HttpClientConnection c = new HttpClientConnection(service.port)) {
                    if (post == null) {
                        post = HttpClientConnection.post(c.host(), "/v1/decisions/delivery", "application/json",
                                BenchJson.delivery(request).getBytes(StandardCharsets.UTF_8));
                    }
                    if (c.exchange(post) == 200) {
                        return (System.nanoTime() - service.startedNanos) / 1e6;
                    }
                } catch (java.io.IOException notListening) {
                    if (!service.process.isAlive()) {
                        throw new IllegalStateException("the service exited; see " + log);
                    }
                }
                Thread.sleep(2);
            }
        }
    }

    static void reload(int runs) throws Exception {
        Path rules = ServiceProcess.tempDir("threadgate-rules");
        PolicySource.bundled().writeTo(rules);
        Path data = ServiceProcess.tempDir("threadgate-data");
        Path log = Files.createTempFile("threadgate-reload", ".log");
        DeliveryRequest request = BenchInputs.singleRequests(5, 1)[0];
        double[] times = new double[runs];
        try (ServiceProcess service = ServiceProcess.start(JAR, "512m", log, "--rules", rules.toString(),
                "--data", data.toString())) {
            service.awaitPort(60_000);
            awaitReady(service.port);
            try (HttpClientConnection c = new HttpClientConnection(service.port)) {
                byte[] post = HttpClientConnection.post(c.host(), "/v1/decisions/delivery", "application/json",
                        BenchJson.delivery(request).getBytes(StandardCharsets.UTF_8));
                String version = version(c, post);
                Path file = rules.resolve("blocks/blocks.drl");
                for (int r = 0; r < runs; r++) {
                    Thread.sleep(500);
                    String text = Files.readString(file) + "\n// change " + r + "\n";
                    long start = System.nanoTime();
                    Files.writeString(file, text);
                    String now;
                    while ((now = version(c, post)).equals(version)) {
                        Thread.sleep(1);
                    }
                    times[r] = (System.nanoTime() - start) / 1e6;
                    version = now;
                }
            }
        }
        System.out.printf(Locale.ROOT, "hot reload, file write to the new version answering, %d runs: %s ms;"
                + " median %.0f ms (includes the watcher's 100 ms settle period)%n", runs,
                Arrays.toString(Arrays.stream(times).map(Math::rint).toArray()), median(times));
    }

    /**
     * The ledger over HTTP, on the embedded H2 file or on PostgreSQL (a fresh database on 127.0.0.1:5432, dropped
     * afterwards): {@code people} people's PERSON_MESSAGE events ingested in batches of 500 by {@code connections}
     * connections; then the same decisions by reference and with the same facts inline, alternated in one run.
     */
    static void ledger(int people, int connections, String store) throws Exception {
        Path log = Files.createTempFile("threadgate-ledger", ".log");
        try (Store db = Store.open(store); ServiceProcess service = ServiceProcess.start(JAR, "1g", log, db.env(),
                db.args())) {
            String host = registered(service);
            int batch = 500;
            int batches = people / batch;
            ingest(service.port, host, batches, batch, connections, db.name());
            byte[][] byReference = new byte[4_096][];
            byte[][] inline = new byte[4_096][];
            Random random = new Random(1);
            long audience = (long) batches * batch;
            for (int i = 0; i < byReference.length; i++) {
                int person = random.nextInt((int) audience);
                byReference[i] = HttpClientConnection.post(host, "/v1/decisions/delivery", "application/json",
                        ("{\"campaignId\":\"spring\",\"personId\":\"p" + person
                                + "\",\"at\":\"2026-03-10T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
                // the very facts the ledger holds for that person, sent inline
                inline[i] = HttpClientConnection.post(host, "/v1/decisions/delivery", "application/json",
                        ("{\"at\":\"2026-03-10T12:00:00Z\",\"business\":{\"id\":\"acme\",\"sponsoredMessagesEnabled\""
                                + ":true},\"campaign\":{\"id\":\"spring\",\"objective\":\"MESSAGES\",\"audienceSize\":"
                                + audience + "},\"person\":{\"id\":\"p" + person + "\"},\"thread\":{"
                                + "\"lastPersonInteractionAt\":\"" + lastInteraction(person) + "\"},\"blocks\":[]}")
                                .getBytes(StandardCharsets.UTF_8));
            }
            load(service.port, byReference, connections, WARM_UP);
            load(service.port, inline, connections, WARM_UP);
            Result[] ref = new Result[2];
            Result[] facts = new Result[2];
            for (int round = 0; round < 2; round++) { // alternated, so that both see the same machine
                ref[round] = load(service.port, byReference, connections, 5);
                facts[round] = load(service.port, inline, connections, 5);
            }
            Result r = Result.merge(ref);
            Result f = Result.merge(facts);
            System.out.printf(Locale.ROOT, "decisions, %s, %d connections, 2×5 s each, alternated: by reference"
                            + " %,.0f/s (p50 %.2f ms, p99 %.2f ms); facts inline %,.0f/s (p50 %.2f ms, p99 %.2f ms);"
                            + " ratio %.2f× throughput, %.2f× p99; non-200: %d + %d%n", db.name(), connections,
                    r.count() / 10.0, r.percentile(50), r.percentile(99), f.count() / 10.0, f.percentile(50),
                    f.percentile(99), (double) r.count() / f.count(), r.percentile(99) / f.percentile(99),
                    r.errors(), f.errors());
        }
    }

    /**
     * How many other businesses each person has a thread with, each holding one sponsored delivery inside the person
     * cap's window ({@code -Dthreadgate.otherBusinesses}, default 0): the person-level history that decisions by
     * reference and the audience stream then read beside the business's own thread.
     */
    private static final int OTHER_BUSINESSES = Integer.getInteger("threadgate.otherBusinesses", 0);

    /**
     * {@code batches} × {@code batch} people, one PERSON_MESSAGE each to acme (and to each of
     * {@link #OTHER_BUSINESSES} other businesses, with a sponsored delivery from each), over {@code connections};
     * prints the rate.
     */
    private static void ingest(int port, String host, int batches, int batch, int connections, String store)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            Thread thread = new Thread(() -> {
                try (HttpClientConnection c = new HttpClientConnection(port)) {
                    long b;
                    while ((b = next.getAndIncrement()) < batches) {
                        StringBuilder body = new StringBuilder(batch * 130).append('[');
                        for (long i = b * batch; i < (b + 1) * batch; i++) {
                            body.append(i == b * batch ? "" : ",").append("{\"eventId\":\"e").append(i)
                                    .append("\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"acme\",\"personId\":\"p")
                                    .append(i).append("\",\"occurredAt\":\"").append(lastInteraction(i))
                                    .append("\"}");
                            for (int o = 1; o <= OTHER_BUSINESSES; o++) {
                                body.append(",{\"eventId\":\"o").append(o).append('-').append(i)
                                        .append("\",\"type\":\"PERSON_MESSAGE\",\"businessId\":\"shop-").append(o)
                                        .append("\",\"personId\":\"p").append(i).append("\",\"occurredAt\":\"")
                                        .append(lastInteraction(i)).append("\"},{\"eventId\":\"s").append(o).append('-')
                                        .append(i).append("\",\"type\":\"SPONSORED_MESSAGE\",\"businessId\":\"shop-")
                                        .append(o).append("\",\"personId\":\"p").append(i)
                                        .append("\",\"campaignId\":\"other\",\"occurredAt\":\"2026-03-10T0")
                                        .append(o % 10).append(":30:00Z\"}");
                            }
                        }
                        if (c.exchange(HttpClientConnection.post(host, "/v1/events", "application/json",
                                body.append(']').toString().getBytes(StandardCharsets.UTF_8))) != 200) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    System.err.println("ingest: " + e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = (long) batches * batch * (1 + 2L * OTHER_BUSINESSES);
        System.out.printf(Locale.ROOT, "ledger ingest (%s, %d connections, batches of %d people, %d other businesses"
                + " each): %,d events in %.2f s = %,.0f events/s, acknowledged after commit; failed batches: %d%n",
                store, connections, batch, OTHER_BUSINESSES, events, seconds, events / seconds, failed.get());
    }

    /** The instant of person {@code i}'s interaction, as ingested and as sent inline. */
    private static String lastInteraction(long i) {
        return "2026-03-0" + (1 + i % 9) + "T08:00:00Z";
    }

    /**
     * The audience stream from the ledger: {@code members} people ingested (4 connections, batches of 500), then
     * {@code POST /v1/campaigns/{id}/audience/decisions} read to its end, the service at {@code -Xmx512m}.
     */
    static void audienceLedger(int members, String store) throws Exception {
        Path log = Files.createTempFile("threadgate-audience-ledger", ".log");
        try (Store db = Store.open(store); ServiceProcess service = ServiceProcess.start(JAR, "512m", log, db.env(),
                concat(db.args(), extraArgs("threadgate.serviceArgs")))) {
            String host = registered(service);
            ingest(service.port, host, members / 500, 500, 4, db.name());
            byte[] ask = HttpClientConnection.post(host, "/v1/campaigns/spring/audience/decisions", "application/json",
                    "{\"at\":\"2026-03-10T12:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
            for (int round = 0; round < 2; round++) { // the first warms up
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong peakHeap = new AtomicLong();
                Thread sampler = new Thread(() -> sampleHeap(service.port, running, peakHeap), "heap-sampler");
                sampler.start();
                long start = System.nanoTime();
                CountingStream counter = new CountingStream();
                int status;
                try (HttpClientConnection c = new HttpClientConnection(service.port)) {
                    c.output().write(ask);
                    c.output().flush();
                    status = c.readResponse(counter);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                running.set(false);
                sampler.join();
                System.out.printf(Locale.ROOT, "%saudience stream from the ledger (%s, service -Xmx512m): %,d members,"
                        + " status %d, %,d answer lines in %.2f s = %,.0f recipients/s; peak heap used %.0f MB%n",
                        round == 0 ? "(warm-up) " : "", db.name(), members, status, counter.lines, seconds,
                        members / seconds, peakHeap.get() / 1e6);
            }
        }
    }

    /** Waits for the service, registers business acme and campaign spring; returns host:port. */
    private static String registered(ServiceProcess service) throws Exception {
        service.awaitPort(60_000);
        awaitReady(service.port);
        String host = "127.0.0.1:" + service.port;
        try (HttpClientConnection c = new HttpClientConnection(service.port)) {
            c.exchange(put(host, "/v1/businesses/acme", "{\"sponsoredMessagesEnabled\":true}"));
            c.exchange(put(host, "/v1/campaigns/spring", "{\"businessId\":\"acme\",\"objective\":\"MESSAGES\"}"));
        }
        return host;
    }

    private static byte[] put(String host, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("PUT " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + bytes.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }

    private static String version(HttpClientConnection c, byte[] post) throws Exception {
        c.output().write(post);
        c.output().flush();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        c.readResponse(body);
        Matcher m = Pattern.compile("\"policyVersion\":\"(\\w+)\"").matcher(body.toString(StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException("no version in " + body);
        }
        return m.group(1);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
