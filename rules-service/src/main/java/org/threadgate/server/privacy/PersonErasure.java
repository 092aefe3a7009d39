package org.threadgate.server.privacy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.threadgate.facade.ledger.Ledger;
import org.threadgate.storage.jdbc.JdbcDecisionStore;
import org.threadgate.storage.jdbc.JdbcErasures;

/**
 * A person forgotten on request: their threads, events and delivery history with every business leave the ledger,
 * and in the decision log their id is replaced by a random token (kept nowhere), so that the records still count in
 * campaign summaries and still replay, but no longer name anyone; then the erasure itself is recorded (when, by whom,
 * how many rows of each kind; never the person, never the token).
 */
public final class PersonErasure {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the decision log is, for what an erasure can do to it. */
    public enum LogPlace {
        /** In the database: its records are pseudonymized. */
        DATABASE("pseudonymized"),
        /** In NDJSON files shipped elsewhere: not rewritten here. */
        FILES("in-files-not-rewritten"),
        /** On a Kafka topic: messages are not rewritten; the topic's retention removes them. */
        TOPIC("on-topic-not-rewritten"),
        /** Not kept. */
        OFF("off");

        private final String label;

        LogPlace(String label) {
            this.label = label;
        }

        /** How the answer names it. */
        public String label() {
            return label;
        }
    }

    /**
     * What an erasure did.
     *
     * @param erasureId       its id (in the erasures table)
     * @param erasedAt        when
     * @param threads         threads removed
     * @param events          events removed
     * @param deliveries      delivery-history entries removed with the threads
     * @param businesses      the businesses those threads were with
     * @param decisionRecords decision-log records whose person is now a token
     * @param decisionLog     what happened to the decision log: pseudonymized, in-files-not-rewritten, off
     */
    public record Result(String erasureId, Instant erasedAt, int threads, int events, int deliveries,
                         Set<String> businesses, long decisionRecords, String decisionLog) {
    }

    private final Ledger ledger;
    private final JdbcDecisionStore store;
    private final LogPlace place;
    private final Runnable flushLog;
    private final JdbcErasures erasures;
    private final Consumer<Set<String>> audiencesChanged;
    private final Clock clock;

    /**
     * @param ledger           the ledger
     * @param store            the database's decision log
     * @param place            where the decision log is
     * @param flushLog         writes this instance's queued records first (so they are pseudonymized too)
     * @param erasures         where erasures are recorded
     * @param audiencesChanged told the businesses whose audiences may have shrunk (cached counts are dropped)
     * @param clock            the service's clock
     */
    public PersonErasure(Ledger ledger, JdbcDecisionStore store, LogPlace place, Runnable flushLog,
                         JdbcErasures erasures, Consumer<Set<String>> audiencesChanged, Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.place = place;
        this.flushLog = flushLog;
        this.erasures = erasures;
        this.audiencesChanged = audiencesChanged;
        this.clock = clock;
    }

    /**
     * Forgets {@code personId}. Erasing a person again finds nothing more (all zeros), except records of decisions
     * that were in flight during the first erasure on another instance.
     *
     * @param personId the person
     * @param caller   who asked (a token's label), or {@code null}
     * @return what was erased
     */
    public Result erase(String personId, String caller) {
        flushLog.run();
        Ledger.Erasure removed = ledger.erase(personId);
        audiencesChanged.accept(removed.businesses());
        long records = 0;
        if (place == LogPlace.DATABASE) {
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            records = store.pseudonymize(personId, "erased-" + HexFormat.of().formatHex(random));
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        erasures.record(id, at, caller, removed, records);
        return new Result(id, at, removed.threads(), removed.events(), removed.deliveries(), removed.businesses(),
                records, place.label());
    }
}
