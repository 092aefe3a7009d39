package org.threadgate.service.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.threadgate.model.Business;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Objective;
import org.threadgate.model.ThreadState;

/**
 * The conversation ledger: stores messaging events once each, folds them into each thread's state, keeps each
 * business's audience size, and answers the facts decisions need. Every write is one transaction, retried when it
 * loses a race with a concurrent one; a method returns only after its transaction committed.
 */
public final class Ledger {
    /** The result of storing a batch of events. */
    public record Ingested(int stored, int duplicates) {
    }

    /** A registered campaign; its audience size comes from the ledger, not from the caller. */
    public record CampaignRecord(String id, String businessId, Objective objective) {
    }

    private static final int ATTEMPTS = 8;

    private final DataSource data;
    private final Clock clock;

    public Ledger(DataSource data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    // --- writes ----------------------------------------------------------------------------------------------

    /**
     * Stores the events that are new, all or none, and folds them into their threads: the request's threads are
     * locked in key order (so that concurrent requests never deadlock), its events inserted as one batch, the folded
     * states written as batches, and each business's audience count adjusted once.
     */
    public Ingested ingest(List<MessagingEvent> events) {
        // business -> person -> that thread's events in arrival order; both levels in key order
        Map<String, Map<String, List<MessagingEvent>>> byThread = new TreeMap<>();
        for (MessagingEvent e : events) {
            byThread.computeIfAbsent(e.businessId(), k -> new TreeMap<>())
                    .computeIfAbsent(e.personId(), k -> new ArrayList<>()).add(e);
        }
        return inTransaction(c -> {
            Instant now = clock.instant();
            Map<String, ThreadState> locked = lockThreads(c, byThread);
            List<MessagingEvent> ordered = new ArrayList<>(events.size());
            byThread.values().forEach(people -> people.values().forEach(ordered::addAll));
            int[] inserted = insertEvents(c, ordered, now);

            List<ThreadState> updates = new ArrayList<>();
            List<ThreadState> creations = new ArrayList<>();
            Map<String, Integer> audienceDeltas = new TreeMap<>();
            int stored = 0;
            int position = 0;
            for (Map<String, List<MessagingEvent>> people : byThread.values()) {
                for (List<MessagingEvent> threadEvents : people.values()) {
                    MessagingEvent first = threadEvents.get(0);
                    ThreadState before = locked.get(key(first.businessId(), first.personId())); // null: new thread
                    ThreadState base = before != null ? before
                            : ThreadState.empty(first.businessId(), first.personId());
                    ThreadState after = base;
                    int storedHere = 0;
                    for (MessagingEvent e : threadEvents) {
                        if (inserted[position++] == 1) {
                            storedHere++;
                            after = after.apply(e);
                        }
                    }
                    stored += storedHere;
                    if (before == null ? storedHere > 0 : !after.equals(before)) {
                        (before == null ? creations : updates).add(after);
                        int delta = (after.audienceMember() ? 1 : 0) - (base.audienceMember() ? 1 : 0);
                        if (delta != 0) {
                            audienceDeltas.merge(after.businessId(), delta, Integer::sum);
                        }
                    }
                }
            }
            writeThreads(c, updates, false);
            writeThreads(c, creations, true);
            for (Map.Entry<String, Integer> delta : audienceDeltas.entrySet()) {
                if (delta.getValue() != 0) {
                    adjustAudience(c, delta.getKey(), delta.getValue());
                }
            }
            return new Ingested(stored, events.size() - stored);
        });
    }

    private static String key(String businessId, String personId) {
        return businessId + "\u0000" + personId;
    }

    /**
     * Locks the threads that exist among {@code byThread}'s, one primary-key lookup each, in key order; returns them
     * by key. (One lookup per thread: a long IN list made H2 scan the business's whole range.)
     */
    private static Map<String, ThreadState> lockThreads(Connection c,
                                                        Map<String, Map<String, List<MessagingEvent>>> byThread)
            throws SQLException {
        Map<String, ThreadState> locked = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + THREAD_COLUMNS
                + " FROM threads WHERE business_id = ? AND person_id = ? FOR UPDATE")) {
            for (Map.Entry<String, Map<String, List<MessagingEvent>>> business : byThread.entrySet()) {
                for (String person : business.getValue().keySet()) {
                    s.setString(1, business.getKey());
                    s.setString(2, person);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            locked.put(key(business.getKey(), person), readThread(rs));
                        }
                    }
                }
            }
        }
        return locked;
    }

    /** Inserts every event once; for each, 1 when it was new and 0 when its id was already stored. */
    private static int[] insertEvents(Connection c, List<MessagingEvent> ordered, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO events (business_id, person_id, event_id,"
                + " type, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (MessagingEvent e : ordered) {
                insert.setString(1, e.businessId());
                insert.setString(2, e.personId());
                insert.setString(3, e.eventId());
                insert.setString(4, e.type().name());
                insert.setObject(5, time(e.occurredAt()));
                insert.setObject(6, time(now));
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int count : counts) {
                if (count != 0 && count != 1) {
                    throw new IllegalStateException("the JDBC driver reported " + count + " for one event's insert;"
                            + " the ledger needs exact per-row counts (no rewritten batches)");
                }
            }
            return counts;
        }
    }

    /** Registers or updates a business; true when it was new. */
    public boolean putBusiness(Business business) {
        return inTransaction(c -> upsert(c,
                "UPDATE businesses SET sponsored_messages_enabled = ?, updated_at = ? WHERE id = ?",
                "INSERT INTO businesses (sponsored_messages_enabled, updated_at, id) VALUES (?, ?, ?)",
                business.sponsoredMessagesEnabled(), time(clock.instant()), business.id()));
    }

    /** Registers or updates a campaign; true when it was new. */
    public boolean putCampaign(CampaignRecord campaign) {
        return inTransaction(c -> upsert(c,
                "UPDATE campaigns SET business_id = ?, objective = ?, updated_at = ? WHERE id = ?",
                "INSERT INTO campaigns (business_id, objective, updated_at, id) VALUES (?, ?, ?, ?)",
                campaign.businessId(), campaign.objective().name(), time(clock.instant()), campaign.id()));
    }

    // --- reads -----------------------------------------------------------------------------------------------

    public Optional<Business> business(String id) {
        return query("SELECT sponsored_messages_enabled FROM businesses WHERE id = ?", rs ->
                new Business(id, rs.getBoolean(1)), id);
    }

    public Optional<CampaignRecord> campaign(String id) {
        return query("SELECT business_id, objective FROM campaigns WHERE id = ?", rs ->
                new CampaignRecord(id, rs.getString(1), Objective.valueOf(rs.getString(2))), id);
    }

    /** The number of people in the business's custom audience. */
    public int audienceSize(String businessId) {
        long members = query("SELECT members FROM audience_sizes WHERE business_id = ?", rs -> rs.getLong(1),
                businessId).orElse(0L);
        return (int) Math.min(members, Integer.MAX_VALUE);
    }

    public Optional<ThreadState> thread(String businessId, String personId) {
        return query("SELECT " + THREAD_COLUMNS + " FROM threads WHERE business_id = ? AND person_id = ?",
                Ledger::readThread, businessId, personId);
    }

    /**
     * Hands every member of the business's audience to {@code each}, by person id, reading in pages through a
     * cursor so that memory stays bounded whatever the audience size.
     */
    public void audience(String businessId, Consumer<ThreadState> each) {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement s = c.prepareStatement("SELECT " + THREAD_COLUMNS + " FROM threads"
                    + " WHERE business_id = ? AND last_interaction_at IS NOT NULL AND blocked = FALSE"
                    + " AND messages_off = FALSE ORDER BY person_id")) {
                s.setFetchSize(1_000);
                s.setString(1, businessId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        each.accept(readThread(rs));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // --- SQL -------------------------------------------------------------------------------------------------

    private static final String THREAD_COLUMNS = "business_id, person_id, last_interaction_at,"
            + " last_business_message_at, blocked, block_changed_at, messages_off, messages_changed_at";

    private static ThreadState readThread(ResultSet rs) throws SQLException {
        return new ThreadState(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getBoolean(5),
                instant(rs, 6), rs.getBoolean(7), instant(rs, 8));
    }

    private static void writeThreads(Connection c, List<ThreadState> threads, boolean create) throws SQLException {
        if (threads.isEmpty()) {
            return;
        }
        String sql = create
                ? "INSERT INTO threads (last_interaction_at, last_business_message_at, blocked, block_changed_at,"
                        + " messages_off, messages_changed_at, business_id, person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE threads SET last_interaction_at = ?, last_business_message_at = ?, blocked = ?,"
                        + " block_changed_at = ?, messages_off = ?, messages_changed_at = ?"
                        + " WHERE business_id = ? AND person_id = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (ThreadState t : threads) {
                s.setObject(1, time(t.lastPersonInteractionAt()));
                s.setObject(2, time(t.lastBusinessMessageAt()));
                s.setBoolean(3, t.blocked());
                s.setObject(4, time(t.blockChangedAt()));
                s.setBoolean(5, t.messagesOff());
                s.setObject(6, time(t.messagesChangedAt()));
                s.setString(7, t.businessId());
                s.setString(8, t.personId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void adjustAudience(Connection c, String businessId, int delta) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audience_sizes (business_id, members) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            s.setString(1, businessId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE audience_sizes SET members = members + ? WHERE business_id = ?")) {
            s.setInt(1, delta);
            s.setString(2, businessId);
            s.executeUpdate();
        }
    }

    private static boolean upsert(Connection c, String update, String insert, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(update)) {
            bind(s, values);
            if (s.executeUpdate() > 0) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement(insert)) {
            bind(s, values);
            s.executeUpdate();
            return true;
        }
    }

    private static void bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Row<T> row, String... parameters) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Runs {@code work} in one transaction, again from the start when it lost a race (unique key, deadlock). */
    private <T> T inTransaction(Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = data.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    if (!retryable(e)) {
                        throw e;
                    }
                    last = e;
                }
            } catch (SQLException e) {
                throw unavailable(e);
            }
            try {
                Thread.sleep(attempt * 5L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw unavailable(last);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction went with it
        }
    }

    /** Lost races: unique violations of concurrent inserts, serialization failures, deadlocks, lock timeouts. */
    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.startsWith("40") || state.equals("HYT00")
                || state.equals("55P03"));
    }

    /**
     * A database error for the caller: unreachable or failing databases become {@link LedgerUnavailableException}
     * (answered 503, retry later); anything else is a defect and stays an {@link IllegalStateException}.
     */
    private static RuntimeException unavailable(SQLException e) {
        if (e == null) {
            return new LedgerUnavailableException("the ledger's database kept failing", null);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean connectivity = e instanceof SQLTransientConnectionException
                || e instanceof java.sql.SQLRecoverableException || e instanceof java.sql.SQLTransientException
                || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.equals("90098") || state.equals("90067") || retryable(e);
        if (connectivity) {
            return new LedgerUnavailableException("the ledger's database is unavailable: "
                    + (e instanceof SQLTransientConnectionException ? "no connection could be had" : e.getMessage()),
                    e);
        }
        return new IllegalStateException("ledger query failed (SQLState " + state + "): " + e.getMessage(), e);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
