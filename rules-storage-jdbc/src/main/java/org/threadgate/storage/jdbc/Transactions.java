package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import javax.sql.DataSource;

import org.threadgate.facade.ledger.LedgerUnavailableException;

/**
 * Transactions and single queries on a pool: a transaction that loses a race with a concurrent one (unique key,
 * serialization failure, deadlock, lock timeout) runs again from the start; a database that cannot be reached or keeps
 * failing becomes a {@link LedgerUnavailableException}, whose message carries no SQL and no data.
 */
final class Transactions {
    private static final int ATTEMPTS = 8;

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource data;
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();

    Transactions(DataSource data) {
        this.data = data;
    }

    /** Transactions that lost a race and ran again since start. */
    long retries() {
        return retries.get();
    }

    <T> Optional<T> query(String sql, Row<T> row, String... parameters) {
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

    /** Runs {@code work} on one connection outside a retry loop (a read that streams), mapping failures. */
    <T> T once(Work<T> work) {
        try (Connection c = data.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Runs {@code work} in one transaction, again from the start when it lost a race. */
    <T> T inTransaction(Work<T> work) {
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
                    retries.incrementAndGet();
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
     * (answered 503, retry later); anything else is a defect and stays an {@link IllegalStateException}. Neither
     * message carries the driver's text (it can hold SQL and data); the cause keeps it for the log.
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
            return new LedgerUnavailableException("the ledger's database is unavailable"
                    + (e instanceof SQLTransientConnectionException ? ": no connection could be had"
                    : retryable(e) ? ": concurrent writes kept colliding" : " (SQLState " + state + ")"), e);
        }
        return new IllegalStateException("ledger query failed (SQLState " + state + ")", e);
    }
}
