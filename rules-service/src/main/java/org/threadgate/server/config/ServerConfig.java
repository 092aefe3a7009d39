package org.threadgate.server.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.threadgate.facade.json.FieldLimits;
import org.threadgate.server.Limits;
import org.threadgate.server.decisionlog.DecisionLog.Overflow;
import org.threadgate.server.security.Access;
import org.threadgate.server.security.Tokens;
import org.threadgate.server.webhook.MessengerSecrets;
import org.threadgate.storage.jdbc.Database;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every setting of {@code threadgate serve} as one tree, one section per feature. Each default is stated once, as the
 * initial value of its field; the command line binds its options to these fields (each section is a picocli mixin,
 * and the help shows these values), and tests set them in Java. A feature that is off is one the assembly leaves out:
 * no section holds a null that means "off".
 */
public final class ServerConfig {
    /** Where to listen. */
    @Mixin
    public Http http = new Http();
    /** Where the ledger (and by default the decision log) lives. */
    @Mixin
    public Storage storage = new Storage();
    /** Which policies are live, and how decisions by reference read their facts. */
    @Mixin
    public Policies policies = new Policies();
    /** Input limits. */
    @Mixin
    public Inputs inputs = new Inputs();
    /** The decision log. */
    @Mixin
    public DecisionLog decisionLog = new DecisionLog();
    /** The candidate policy set evaluated in shadow, and the reload gate. */
    @Mixin
    public Candidate candidate = new Candidate();
    /** Authentication. */
    @Mixin
    public Security security = new Security();
    /** The Messenger webhook. */
    @Mixin
    public Webhook webhook = new Webhook();
    /** The service's clock: a request without {@code at} is decided at its instant (tests fix it). */
    public Clock clock = Clock.systemUTC();

    /** The defaults, as {@code serve} with no option runs. */
    public static ServerConfig defaults() {
        return new ServerConfig();
    }

    /**
     * A server on an ephemeral loopback port, its ledger embedded under {@code data} (tests, tools), then adjusted.
     *
     * @param data   the embedded ledger's directory
     * @param adjust changes to the other defaults
     * @return the configuration
     */
    public static ServerConfig local(Path data, java.util.function.Consumer<ServerConfig> adjust) {
        ServerConfig config = defaults();
        config.http.port = 0;
        config.storage.data = data;
        adjust.accept(config);
        return config;
    }

    /** Where to listen. */
    public static final class Http {
        @Option(names = "--port", description = "port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one)")
        public int port = 8080;

        @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE}); an address other than"
                + " loopback needs --tokens")
        public String host = "127.0.0.1";
    }

    /** The ledger's database: an embedded H2 file under {@code data}, or the database at {@code jdbcUrl}. */
    public static final class Storage {
        @Option(names = "--data", paramLabel = "DIR", description = "where the embedded H2 ledger keeps its file"
                + " (default: ./${DEFAULT-VALUE}); ignored with --jdbc-url")
        public Path data = Path.of("data");

        @Option(names = "--jdbc-url", paramLabel = "URL", description = "keep the ledger in this database instead,"
                + " e.g. jdbc:postgresql://127.0.0.1:5432/threadgate; user and password come from the environment"
                + " variables THREADGATE_DB_USER and THREADGATE_DB_PASSWORD")
        public String jdbcUrl;

        @Option(names = "--events-to", paramLabel = "kafka://BROKERS/TOPIC", description = "send the events this"
                + " service ingests (POST /v1/events, the Messenger webhook, the deliveries of record: true decisions)"
                + " to this Kafka topic instead of storing them, answering once the broker has acknowledged them; the"
                + " fold job (threadgate-flink fold --events kafka://...) then writes the ledger's database")
        public String eventsTo;

        @Option(names = "--events-timeout", paramLabel = "DURATION", description = "how long a request waits for the"
                + " broker's acknowledgement before it answers 503 (default: ${DEFAULT-VALUE})")
        public java.time.Duration eventsTimeout = java.time.Duration.ofSeconds(10);

        /** The database user with {@code jdbcUrl} (the environment's THREADGATE_DB_USER; never an option). */
        public String user = System.getenv("THREADGATE_DB_USER");
        /** Its password (THREADGATE_DB_PASSWORD; never an option, never logged). */
        public String password = System.getenv("THREADGATE_DB_PASSWORD");

        /** The ledger in the database at {@code url} instead of the embedded file. */
        public Storage jdbc(String url, String databaseUser, String databasePassword) {
            this.jdbcUrl = url;
            this.user = databaseUser;
            this.password = databasePassword;
            return this;
        }

        /** Opens (and migrates) the database this section names. */
        public Database open() {
            return jdbcUrl != null ? Database.jdbc(jdbcUrl, user, password) : Database.h2File(data);
        }
    }

    /** The live policies. */
    public static final class Policies {
        @Option(names = "--rules", paramLabel = "DIR", description = "policy directory (*.drl, settings.yaml,"
                + " tests/), watched for changes; the bundled set when omitted")
        public Path rules;

        @Option(names = "--facts-staleness", paramLabel = "DURATION", description = "how long a campaign's facts"
                + " (business, objective, rollout flag, audience count) read for decisions by reference are reused;"
                + " changes made through this instance are seen at once, others within this (ISO-8601, default:"
                + " ${DEFAULT-VALUE}; PT0S reads them for every decision)")
        public Duration factsStaleness = Duration.ofSeconds(1);
    }

    /** Input limits; {@link #limits()} is what the API applies. */
    public static final class Inputs {
        @Option(names = "--max-body-bytes", description = "largest single-decision or registration body (default:"
                + " ${DEFAULT-VALUE})")
        public int maxBodyBytes = 1 << 20;

        @Option(names = "--max-batch-body-bytes", description = "largest JSON batch or events body (default:"
                + " ${DEFAULT-VALUE})")
        public int maxBatchBodyBytes = 16 << 20;

        @Option(names = "--max-batch-recipients", description = "most recipients in a JSON batch (default:"
                + " ${DEFAULT-VALUE}; the streamed form has no limit)")
        public int maxBatchRecipients = 10_000;

        @Option(names = "--max-line-bytes", description = "longest line of a streamed batch (default:"
                + " ${DEFAULT-VALUE})")
        public int maxLineBytes = 64 << 10;

        @Option(names = "--max-events", description = "most events per POST /v1/events (default: ${DEFAULT-VALUE})")
        public int maxEvents = 10_000;

        @Option(names = "--max-id-length", description = "longest id (default: ${DEFAULT-VALUE})")
        public int maxIdLength = FieldLimits.DEFAULTS.maxIdLength();

        @Option(names = "--max-blocks", description = "most blocks per recipient (default: ${DEFAULT-VALUE})")
        public int maxBlocks = FieldLimits.DEFAULTS.maxBlocksPerRecipient();

        @Option(names = "--spool-memory-bytes", description = "how much of a streamed batch's answer is kept in"
                + " memory while the client is not reading it yet; the rest waits in a temporary file (default:"
                + " ${DEFAULT-VALUE})")
        public int spoolMemoryBytes = 8 << 20;

        /**
         * The limits, checked.
         *
         * @throws IllegalArgumentException when one is not above 0
         */
        public Limits limits() {
            for (int limit : new int[] {maxBodyBytes, maxBatchBodyBytes, maxBatchRecipients, maxLineBytes, maxEvents,
                    maxIdLength, maxBlocks, spoolMemoryBytes}) {
                if (limit <= 0) {
                    throw new IllegalArgumentException("every --max-* limit and --spool-memory-bytes must be above 0");
                }
            }
            return new Limits(maxBodyBytes, maxBatchBodyBytes, maxBatchRecipients, maxLineBytes, maxEvents,
                    new FieldLimits(maxIdLength, maxBlocks), spoolMemoryBytes);
        }

        /** Sets every field from {@code limits}. */
        public Inputs set(Limits limits) {
            maxBodyBytes = limits.maxBodyBytes();
            maxBatchBodyBytes = limits.maxBatchBodyBytes();
            maxBatchRecipients = limits.maxBatchRecipients();
            maxLineBytes = limits.maxLineBytes();
            maxEvents = limits.maxEvents();
            maxIdLength = limits.fields().maxIdLength();
            maxBlocks = limits.fields().maxBlocksPerRecipient();
            spoolMemoryBytes = limits.maxSpoolMemoryBytes();
            return this;
        }
    }

    /** Where every decision is recorded, for how long, and how many may wait for the writer. */
    public static final class DecisionLog {
        @Option(names = "--decision-log", paramLabel = "WHERE", description = "where every decision is recorded with"
                + " the facts it saw: database (the ledger's database, queried by GET /v1/decisions), file:DIR"
                + " (rolling NDJSON files, one per hour), kafka://BROKERS/TOPIC (one message a record, replayed by"
                + " threadgate impact --log kafka://...), or off (default: ${DEFAULT-VALUE})")
        public String where = "database";

        @Option(names = "--decision-log-retention", paramLabel = "DURATION", description = "how long decision records"
                + " are kept; older ones are deleted hourly (ISO-8601, default: ${DEFAULT-VALUE})")
        public Duration retention = Duration.ofDays(30);

        @Option(names = "--decision-log-queue", description = "decisions that may wait to be written; beyond that"
                + " batches, streams and audiences wait for the writer, single decisions only at twice as many"
                + " (or, with --decision-log-overflow drop, they are dropped and counted) (default: ${DEFAULT-VALUE})")
        public int queue = 100_000;

        @Option(names = "--decision-log-overflow", paramLabel = "block|drop", description = "when the queue is full:"
                + " block (nothing is lost; bulk paths slow down to the writer's pace) or drop (the record is"
                + " dropped and counted in /metrics; nothing waits) (default: ${DEFAULT-VALUE})")
        public String overflow = "block";

        /** Where the log goes. */
        public sealed interface Where permits InDatabase, InFiles, InKafka, Off {
        }

        /** On a Kafka topic, one message a record. */
        public record InKafka(org.threadgate.facade.ledger.KafkaAddress topic) implements Where {
        }

        /** In the ledger's database, readable through the API. */
        public record InDatabase() implements Where {
        }

        /** In rolling NDJSON files under {@code dir}. */
        public record InFiles(Path dir) implements Where {
        }

        /** Not kept. */
        public record Off() implements Where {
        }

        /**
         * {@link #where}, read; with the retention and queue checked.
         *
         * @throws IllegalArgumentException naming the option and what it accepts
         */
        public Where parsed() {
            if (retention.isNegative() || retention.isZero() || queue <= 0) {
                throw new IllegalArgumentException("--decision-log-retention and --decision-log-queue must be above 0");
            }
            overflowPolicy();
            if (where.equals("database")) {
                return new InDatabase();
            }
            if (where.equals("off")) {
                return new Off();
            }
            if (where.startsWith("file:") && where.length() > 5) {
                return new InFiles(Path.of(where.substring(5)));
            }
            if (org.threadgate.facade.ledger.KafkaAddress.is(where)) {
                return new InKafka(org.threadgate.facade.ledger.KafkaAddress.parse(where));
            }
            throw new IllegalArgumentException("--decision-log must be database, off, file:DIR or"
                    + " kafka://BROKERS/TOPIC, was '" + where + "'");
        }

        /**
         * {@link #overflow}, read.
         *
         * @throws IllegalArgumentException naming the option and what it accepts
         */
        public Overflow overflowPolicy() {
            return switch (overflow) {
                case "block" -> Overflow.BLOCK;
                case "drop" -> Overflow.DROP;
                default -> throw new IllegalArgumentException("--decision-log-overflow must be block or drop, was '"
                        + overflow + "'");
            };
        }
    }

    /** A candidate policy set beside the live one, and the gate on live reloads. */
    public static final class Candidate {
        @Option(names = "--candidate-rules", paramLabel = "DIR", description = "a candidate policy directory, watched"
                + " and gated like --rules, evaluated in shadow beside the live set on every decision (GET"
                + " /v1/policies/candidate shows the comparison; POST /v1/policies/candidate/promote makes it live)")
        public Path rules;

        @Option(names = "--shadow-sample", description = "the share of decisions the candidate also evaluates, 0 to 1"
                + " (default: ${DEFAULT-VALUE})")
        public double shadowSample = 1.0;

        @Option(names = "--max-flip-rate", paramLabel = "RATE", description = "refuse a live reload whose replay over"
                + " the last 24 hours of logged decisions (the most recent 100,000) changes more than this share of"
                + " outcomes, 0 to 1 (422 IMPACT_TOO_HIGH; POST /v1/policies/reload?force=true goes ahead anyway)")
        public Double maxFlipRate;

        /**
         * Checks the shares.
         *
         * @throws IllegalArgumentException naming the option
         */
        public void check() {
            if (!(shadowSample >= 0 && shadowSample <= 1)) {
                throw new IllegalArgumentException("--shadow-sample must be from 0 to 1, was " + shadowSample);
            }
            if (maxFlipRate != null && !(maxFlipRate >= 0 && maxFlipRate <= 1)) {
                throw new IllegalArgumentException("--max-flip-rate must be from 0 to 1, was " + maxFlipRate);
            }
        }
    }

    /** Bearer tokens; without them the server listens on loopback only. */
    public static final class Security {
        @Option(names = "--tokens", paramLabel = "FILE", description = "turn on bearer-token authentication: lines"
                + " 'sha256:<hex of the token> <scope>[,<scope>...]' with scopes decide, ingest, admin ('threadgate"
                + " token' makes them)")
        public Path tokens;

        @Option(names = "--open-metrics", description = "with --tokens, leave GET /metrics open (by default it needs"
                + " scope admin)")
        public boolean openMetrics;

        /** The tokens as read, when given in Java rather than as a file. */
        public Access access = Access.NONE;

        /**
         * The access rules: {@link #access}, or the file's tokens when {@code --tokens} names one.
         *
         * @throws IllegalArgumentException naming {@code --tokens} when the file cannot be read or a line of it is
         *                                  malformed
         */
        public Access resolve() {
            if (tokens == null) {
                return access;
            }
            try {
                return new Access(Tokens.read(tokens), openMetrics);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--tokens: " + e.getMessage(), e);
            }
        }
    }

    /** The Messenger webhook: on when an app secret is known. */
    public static final class Webhook {
        @Option(names = "--messenger-secrets", paramLabel = "FILE", description = "turn on the Messenger webhook"
                + " (/v1/webhooks/messenger) with a properties file holding app_secret=... and verify_token=...;"
                + " THREADGATE_MESSENGER_APP_SECRET and THREADGATE_MESSENGER_VERIFY_TOKEN in the environment do the"
                + " same and win. The secrets are never taken from the command line nor logged")
        public Path secretsFile;

        /** The secrets, when given in Java rather than by the environment or a file. */
        public MessengerSecrets secrets = MessengerSecrets.NONE;

        /**
         * The secrets: the environment's and the file's when either names one, else {@link #secrets}.
         *
         * @throws IllegalArgumentException naming {@code --messenger-secrets} when the file cannot be read (never with
         *                                  its content)
         */
        public MessengerSecrets resolve() {
            MessengerSecrets loaded;
            try {
                loaded = MessengerSecrets.load(System.getenv(), secretsFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("--messenger-secrets: cannot read " + secretsFile + ": "
                        + e.getClass().getSimpleName(), e);
            }
            return loaded.enabled() ? loaded : secrets;
        }
    }
}
