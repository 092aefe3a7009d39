package org.threadgate.service.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.threadgate.service.ThreadgateServer;
import org.threadgate.service.Limits;
import org.threadgate.service.json.FieldLimits;
import org.threadgate.service.security.Access;
import org.threadgate.service.webhook.MessengerSecrets;
import org.threadgate.service.security.Tokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the HTTP API. It is live at once, ready once the rules have compiled, and reloads them when they change. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the HTTP API (GET /openapi.json describes it). With --rules, the directory is watched and"
                + " a change goes live only if it compiles, passes the lint and its own test cases.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default: ${DEFAULT-VALUE};"
            + " 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default:"
            + " ${DEFAULT-VALUE}); an address other than loopback needs --tokens")
    String host;

    @Option(names = "--rules", paramLabel = "DIR", description = "policy directory (*.drl, settings.yaml, tests/);"
            + " the bundled set when omitted")
    Path rules;

    /** --data, --jdbc-url and --decision-log, shared with the commands that read or write the same stores. */
    @CommandLine.Mixin
    LogStore store;

    @Option(names = "--tokens", paramLabel = "FILE", description = "turn on bearer-token authentication: lines"
            + " 'sha256:<hex of the token> <scope>[,<scope>...]' with scopes decide, ingest, admin ('threadgate"
            + " token' makes them)")
    Path tokens;

    @Option(names = "--open-metrics", description = "with --tokens, leave GET /metrics open (by default it needs"
            + " scope admin)")
    boolean openMetrics;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "largest single-decision or"
            + " registration body (default: ${DEFAULT-VALUE})")
    int maxBodyBytes;

    @Option(names = "--max-batch-body-bytes", defaultValue = "16777216", description = "largest JSON batch or events"
            + " body (default: ${DEFAULT-VALUE})")
    int maxBatchBodyBytes;

    @Option(names = "--max-batch-recipients", defaultValue = "10000", description = "most recipients in a JSON"
            + " batch (default: ${DEFAULT-VALUE}; the streamed form has no limit)")
    int maxBatchRecipients;

    @Option(names = "--max-line-bytes", defaultValue = "65536", description = "longest line of a streamed batch"
            + " (default: ${DEFAULT-VALUE})")
    int maxLineBytes;

    @Option(names = "--max-events", defaultValue = "10000", description = "most events per POST /v1/events"
            + " (default: ${DEFAULT-VALUE})")
    int maxEvents;

    @Option(names = "--max-id-length", defaultValue = "256", description = "longest id (default: ${DEFAULT-VALUE})")
    int maxIdLength;

    @Option(names = "--max-blocks", defaultValue = "16", description = "most blocks per recipient (default:"
            + " ${DEFAULT-VALUE})")
    int maxBlocks;

    @Option(names = "--spool-memory-bytes", defaultValue = "8388608", description = "how much of a streamed batch's"
            + " answer is kept in memory while the client is not reading it yet; the rest waits in a temporary file"
            + " (default: ${DEFAULT-VALUE})")
    int spoolMemoryBytes;

    @Option(names = "--facts-staleness", paramLabel = "DURATION", defaultValue = "PT1S", description = "how long a"
            + " campaign's facts (business, objective, rollout flag, audience count) read for decisions by reference"
            + " are reused; changes made through this instance are seen at once, others within this (ISO-8601,"
            + " default: ${DEFAULT-VALUE}; PT0S reads them for every decision)")
    java.time.Duration factsStaleness;

    @Option(names = "--decision-log-retention", paramLabel = "DURATION", defaultValue = "P30D", description = "how"
            + " long decision records are kept; older ones are deleted hourly (ISO-8601, default: ${DEFAULT-VALUE})")
    java.time.Duration decisionLogRetention;

    @Option(names = "--decision-log-queue", defaultValue = "100000", description = "decisions that may wait to be"
            + " written; beyond that they are dropped and counted in /metrics, never delaying a decision (default:"
            + " ${DEFAULT-VALUE})")
    int decisionLogQueue;

    @Option(names = "--candidate-rules", paramLabel = "DIR", description = "a candidate policy directory, watched and"
            + " gated like --rules, evaluated in shadow beside the live set on every decision (GET"
            + " /v1/policies/candidate shows the comparison; POST /v1/policies/candidate/promote makes it live)")
    Path candidateRules;

    @Option(names = "--shadow-sample", defaultValue = "1.0", description = "the share of decisions the candidate"
            + " also evaluates, 0 to 1 (default: ${DEFAULT-VALUE})")
    double shadowSample;

    @Option(names = "--max-flip-rate", paramLabel = "RATE", description = "refuse a live reload whose replay over the"
            + " last 24 hours of logged decisions (the most recent 100,000) changes more than this share of outcomes,"
            + " 0 to 1 (422 IMPACT_TOO_HIGH; POST /v1/policies/reload?force=true goes ahead anyway)")
    Double maxFlipRate;

    @Option(names = "--messenger-secrets", paramLabel = "FILE", description = "turn on the Messenger webhook"
            + " (/v1/webhooks/messenger) with a properties file holding app_secret=... and verify_token=...;"
            + " THREADGATE_MESSENGER_APP_SECRET and THREADGATE_MESSENGER_VERIFY_TOKEN in the environment do the same"
            + " and win. The secrets are never taken from the command line nor logged")
    Path messengerSecrets;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() throws Exception {
        for (int limit : new int[] {maxBodyBytes, maxBatchBodyBytes, maxBatchRecipients, maxLineBytes, maxEvents,
                maxIdLength, maxBlocks, spoolMemoryBytes}) {
            if (limit <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "every --max-* limit and --spool-memory-bytes must be above 0");
            }
        }
        Limits limits = new Limits(maxBodyBytes, maxBatchBodyBytes, maxBatchRecipients, maxLineBytes, maxEvents,
                new FieldLimits(maxIdLength, maxBlocks), spoolMemoryBytes);
        Access access;
        try {
            access = tokens == null ? Access.NONE : new Access(Tokens.read(tokens), openMetrics);
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println("--tokens: " + e.getMessage());
            return 2;
        }
        ThreadgateServer.LogOptions log;
        try {
            log = ThreadgateServer.LogOptions.parse(store.decisionLog);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (decisionLogRetention.isNegative() || decisionLogRetention.isZero() || decisionLogQueue <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--decision-log-retention and --decision-log-queue must be above 0");
        }
        if (!(shadowSample >= 0 && shadowSample <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shadow-sample must be from 0 to 1, was "
                    + shadowSample);
        }
        if (maxFlipRate != null && !(maxFlipRate >= 0 && maxFlipRate <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-flip-rate must be from 0 to 1, was "
                    + maxFlipRate);
        }
        MessengerSecrets messenger;
        try {
            messenger = MessengerSecrets.load(System.getenv(), messengerSecrets);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("--messenger-secrets: cannot read " + messengerSecrets + ": "
                    + e.getClass().getSimpleName());
            return 2;
        }
        ThreadgateServer server;
        try {
            server = ThreadgateServer.start(new ThreadgateServer.Options(host, port, rules, store.data, store.jdbcUrl,
                    System.getenv("THREADGATE_DB_USER"), System.getenv("THREADGATE_DB_PASSWORD"), limits,
                    Clock.systemUTC(), access, factsStaleness,
                    log.retention(decisionLogRetention).capacity(decisionLogQueue), candidateRules, shadowSample,
                    maxFlipRate, messenger));
        } catch (ThreadgateServer.PolicyRejectedException e) {
            e.status().problems().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println("the policy set was rejected; not serving");
            return 1;
        } catch (ThreadgateServer.InsecureBindingException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "threadgate-shutdown"));
        serving = true;
        return 0;
    }
}
