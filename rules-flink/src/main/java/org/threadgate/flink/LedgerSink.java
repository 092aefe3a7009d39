package org.threadgate.flink;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.java.tuple.Tuple2;
import org.threadgate.model.ThreadState;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcLedger;

/**
 * Writes the fold's output into the ledger's own tables through the storage module's mapping
 * ({@link JdbcLedger#replaceFolded}), so that the HTTP service decides from them. Every write replaces the whole
 * value, buffered and written at each checkpoint and at the end: a replay after a failure writes the same values
 * again, so the tables end exactly as the fold's state (at-least-once delivery, idempotent writes). Only the latest
 * value of a key within a buffer is written.
 */
final class LedgerSink {
    private LedgerSink() {
    }

    /** Thread states, by their key. */
    static Sink<Tuple2<String, String>> threads(String jdbcUrl, String user, String password) {
        return context -> new Writer<String>(jdbcUrl, user, password,
                (ledger, latest) -> ledger.replaceFolded(latest.values().stream().map(Events::thread).toList(),
                        Map.of()));
    }

    /** Audience sizes, by business. */
    static Sink<Tuple2<String, Long>> audiences(String jdbcUrl, String user, String password) {
        return context -> new Writer<Long>(jdbcUrl, user, password,
                (ledger, latest) -> ledger.replaceFolded(List.<ThreadState>of(), latest));
    }

    private static final class Writer<V> implements SinkWriter<Tuple2<String, V>> {
        private final Map<String, V> pending = new LinkedHashMap<>();
        private final Database database;
        private final JdbcLedger ledger;
        private final BiConsumer<JdbcLedger, Map<String, V>> flush;

        Writer(String url, String user, String password, BiConsumer<JdbcLedger, Map<String, V>> flush)
                throws IOException {
            this.flush = flush;
            try {
                this.database = Database.jdbc(url, user, password);
            } catch (RuntimeException e) {
                throw new IOException("cannot reach the ledger's database: " + e.getMessage(), e);
            }
            this.ledger = new JdbcLedger(database.dataSource(), Clock.systemUTC());
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
                flush.accept(ledger, pending);
                pending.clear();
            } catch (RuntimeException e) {
                throw new IOException("writing to the ledger failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            database.close();
        }
    }
}
