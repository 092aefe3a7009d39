package org.threadgate.storage.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;

/**
 * The ingest writes on PostgreSQL, one statement each whatever the batch size: rows are passed as arrays and
 * {@code unnest}ed, and every statement is an {@code INSERT ... ON CONFLICT} on the primary key, so each row is found
 * through the unique index whatever the planner knows of the table (a join or an {@code = ANY} lookup was planned as
 * a scan while the table was young). Three round trips per request instead of one per event and thread.
 */
final class PostgresWrites {
    private PostgresWrites() {
    }

    /** What claiming found: the threads that existed, with their state, and the ones it created. */
    record Claimed(Map<IngestPlan.ThreadKey, ThreadState> existing, Set<IngestPlan.ThreadKey> created) {
    }

    /**
     * Creates the missing threads, already holding {@code folded} (their state from this batch's events alone), and
     * locks the existing ones, in key order, returning the existing ones' state. {@code xmax = 0} tells a row this
     * statement inserted from one it found (and locked with a no-op update).
     */
    static Claimed claim(Connection c, Map<IngestPlan.ThreadKey, ThreadState> folded, String columns)
            throws SQLException {
        Map<IngestPlan.ThreadKey, ThreadState> existing = new HashMap<>();
        Set<IngestPlan.ThreadKey> created = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(ThreadTable.INSERT_FROM_ARRAYS + " ORDER BY u.business_id, u.person_id"
                + " ON CONFLICT (business_id, person_id) DO UPDATE SET blocked = threads.blocked"
                + " RETURNING " + columns + ", xmax = 0")) {
            ThreadTable.bindArrays(c, s, folded.values()); // key order
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ThreadState state = ThreadTable.read(rs, 1);
                    IngestPlan.ThreadKey key = new IngestPlan.ThreadKey(state.businessId(), state.personId());
                    if (rs.getBoolean(ThreadTable.COUNT + 1)) {
                        created.add(key);
                    } else {
                        existing.put(key, state);
                    }
                }
            }
        }
        return new Claimed(existing, created);
    }

    /** Inserts the events not stored yet; for each of {@code ordered}, whether it was new. */
    static boolean[] insertEvents(Connection c, List<MessagingEvent> ordered, Instant now) throws SQLException {
        int n = ordered.size();
        String[][] columns = new String[5][n];
        Set<String> firstOccurrences = new HashSet<>();
        boolean[] first = new boolean[n];
        int unique = 0;
        for (int i = 0; i < n; i++) {
            MessagingEvent e = ordered.get(i);
            // the same event twice in one request: only its first occurrence is offered, the rest are duplicates
            first[i] = firstOccurrences.add(key(e.businessId(), e.personId(), e.eventId()));
            if (first[i]) {
                columns[0][unique] = e.businessId();
                columns[1][unique] = e.personId();
                columns[2][unique] = e.eventId();
                columns[3][unique] = e.type().name();
                columns[4][unique] = e.occurredAt().toString();
                unique++;
            }
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (business_id, person_id, event_id, type,"
                + " occurred_at, received_at) SELECT b, p, e, t, o::timestamptz, ?::timestamptz"
                + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) AS u(b, p, e, t, o)"
                + " ON CONFLICT DO NOTHING RETURNING business_id, person_id, event_id")) {
            s.setString(1, now.toString());
            for (int column = 0; column < 5; column++) {
                s.setArray(column + 2, array(c, columns[column], unique));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    inserted.add(key(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        boolean[] isNew = new boolean[n];
        for (int i = 0; i < n; i++) {
            MessagingEvent e = ordered.get(i);
            isNew[i] = first[i] && inserted.contains(key(e.businessId(), e.personId(), e.eventId()));
        }
        return isNew;
    }

    /** Writes the folded states of threads that exist (they were claimed). */
    static void writeThreads(Connection c, List<ThreadState> threads) throws SQLException {
        if (threads.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(ThreadTable.INSERT_FROM_ARRAYS
                + " ON CONFLICT (business_id, person_id) DO UPDATE SET " + ThreadTable.SET_FROM_EXCLUDED)) {
            ThreadTable.bindArrays(c, s, threads);
            s.executeUpdate();
        }
    }

    /** Adds each business's change to its audience count, in business order, in one statement. */
    static void adjustAudiences(Connection c, Map<String, Integer> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        String[] businesses = deltas.keySet().toArray(new String[0]);
        Integer[] changes = deltas.values().toArray(new Integer[0]);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audience_sizes (business_id, members)"
                + " SELECT b, d FROM unnest(?::varchar[], ?::int[]) AS u(b, d) ORDER BY b"
                + " ON CONFLICT (business_id) DO UPDATE SET members = audience_sizes.members + EXCLUDED.members")) {
            s.setArray(1, c.createArrayOf("varchar", businesses));
            s.setArray(2, c.createArrayOf("int4", changes));
            s.executeUpdate();
        }
    }

    private static Array array(Connection c, String[] values, int length) throws SQLException {
        return c.createArrayOf("varchar", java.util.Arrays.copyOf(values, length));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String key(String business, String person, String event) {
        return business + '\u0000' + person + '\u0000' + event;
    }
}
