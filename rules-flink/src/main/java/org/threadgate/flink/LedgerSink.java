package org.threadgate.flink;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.threadgate.model.ThreadState;
import org.threadgate.service.ledger.DeliveryColumn;

/**
 * Writes the fold's output into the ledger's own PostgreSQL tables ({@code threads}, {@code audience_sizes}, as the
 * service's migrations made them), so that the HTTP service decides from them. Every write is an upsert of the whole
 * value, buffered and written at each checkpoint and at the end: a replay after a failure writes the same values
 * again, so the tables end exactly as the fold's state (at-least-once delivery, idempotent writes). Only the latest
 * value of a key within a buffer is written.
 */
final class LedgerSink {
    private LedgerSink() {
    }

    /** Thread states, by their key. */
    static Sink<Tuple2<String, String>> threads(String jdbcUrl, String user, String password) {
        return context -> new Writer<>(jdbcUrl, user, password, LedgerSink::writeThreads);
    }

    /** Audience sizes, by business. */
    static Sink<Tuple2<String, Long>> audiences(String jdbcUrl, String user, String password) {
        return context -> new Writer<>(jdbcUrl, user, password, LedgerSink::writeAudiences);
    }

    private interface Flush<V> {
        void write(Connection c, Map<String, V> latest) throws SQLException;
    }

    private static final class Writer<V> implements SinkWriter<Tuple2<String, V>> {
        private final Map<String, V> pending = new LinkedHashMap<>();
        private final Connection connection;
        private final Flush<V> flush;

        Writer(String url, String user, String password, Flush<V> flush) throws IOException {
            this.flush = flush;
            try {
                this.connection = DriverManager.getConnection(url, user, password);
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw new IOException("cannot reach the ledger's database (SQLState " + e.getSQLState() + ")", e);
            }
        }

        @Override
        public void write(Tuple2<String, V> element, Context context) throws IOException {
            pending.remove(element.f0); // keep the arrival order of the latest values
            pending.put(element.f0, element.f1);
            if (pending.size() >= 5_000) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            try {
                flush.write(connection, pending);
                connection.commit();
                pending.clear();
            } catch (SQLException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the failure below is what matters
                }
                throw new IOException("writing to the ledger failed (SQLState " + e.getSQLState() + ")", e);
            }
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    private static void writeThreads(Connection c, Map<String, String> latest) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO threads (business_id, person_id,"
                + " last_interaction_at, last_business_message_at, blocked, block_changed_at, messages_off,"
                + " messages_changed_at, time_zone, time_zone_changed_at, deliveries)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (business_id, person_id) DO UPDATE SET"
                + " last_interaction_at = EXCLUDED.last_interaction_at,"
                + " last_business_message_at = EXCLUDED.last_business_message_at, blocked = EXCLUDED.blocked,"
                + " block_changed_at = EXCLUDED.block_changed_at, messages_off = EXCLUDED.messages_off,"
                + " messages_changed_at = EXCLUDED.messages_changed_at, time_zone = EXCLUDED.time_zone,"
                + " time_zone_changed_at = EXCLUDED.time_zone_changed_at, deliveries = EXCLUDED.deliveries")) {
            for (String json : latest.values()) {
                ThreadState t = Events.thread(json);
                s.setString(1, t.businessId());
                s.setString(2, t.personId());
                s.setObject(3, time(t.lastPersonInteractionAt()));
                s.setObject(4, time(t.lastBusinessMessageAt()));
                s.setBoolean(5, t.blocked());
                s.setObject(6, time(t.blockChangedAt()));
                s.setBoolean(7, t.messagesOff());
                s.setObject(8, time(t.messagesChangedAt()));
                s.setString(9, t.timeZone() == null ? null : t.timeZone().getId());
                s.setObject(10, time(t.timeZoneChangedAt()));
                s.setString(11, DeliveryColumn.write(t.deliveries()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void writeAudiences(Connection c, Map<String, Long> latest) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audience_sizes (business_id, members) VALUES (?, ?)"
                + " ON CONFLICT (business_id) DO UPDATE SET members = EXCLUDED.members")) {
            for (Map.Entry<String, Long> e : latest.entrySet()) {
                s.setString(1, e.getKey());
                s.setLong(2, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
