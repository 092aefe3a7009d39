package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

import org.postgresql.PGConnection;
import org.threadgate.facade.decisionlog.DecisionQuery;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.DecisionStore;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.ledger.LedgerUnavailableException;

/**
 * The decision log and the policy versions in the ledger's database (tables {@code decision_log} and
 * {@code policy_versions}, created by the ledger's Flyway migrations): PostgreSQL, or the embedded H2 file.
 */
public final class JdbcDecisionStore implements DecisionSink, DecisionStore {
    private static final String COLUMNS = "decision_id, decided_at, kind, outcome, business_id, campaign_id,"
            + " person_id, codes, policy_version, record";
    /** Export reads this many rows per round trip. */
    private static final int FETCH = 1_000;

    private final DataSource data;
    private final String description;

    public JdbcDecisionStore(DataSource data, String description) {
        this.data = data;
        this.description = description;
    }

    @Override
    public String describe() {
        return "the ledger's database (" + description + ")";
    }

    /**
     * Writes the batch. A batch that meets records it already holds (an earlier attempt committed, but its answer was
     * lost with the connection) is written again skipping those, instead of failing for ever and being dropped.
     */
    @Override
    public void write(List<LogRecord> records) throws SQLException {
        try {
            write(records, false);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            write(records, true);
        }
    }

    private void write(List<LogRecord> records, boolean skipStored) throws SQLException {
        try (Connection c = data.getConnection()) {
            if (!skipStored && c.isWrapperFor(PGConnection.class)) {
                copy(c.unwrap(PGConnection.class), records);
                return;
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO decision_log (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + (skipStored ? " ON CONFLICT DO NOTHING" : ""))) {
                for (LogRecord r : records) {
                    insert.setString(1, r.decisionId());
                    insert.setObject(2, OffsetDateTime.ofInstant(r.decidedAt(), ZoneOffset.UTC));
                    insert.setString(3, r.kind());
                    insert.setString(4, r.outcome());
                    insert.setString(5, r.businessId());
                    insert.setString(6, r.campaignId());
                    insert.setString(7, r.personId());
                    insert.setString(8, " " + String.join(" ", r.codes()) + " ");
                    insert.setString(9, r.policyVersion());
                    insert.setString(10, r.json());
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * PostgreSQL: the batch as one {@code COPY ... FROM STDIN} in CSV, several times the rows per second of a batch
     * of inserts. Atomic like the insert batch: COPY is one statement.
     */
    private static void copy(PGConnection pg, List<LogRecord> records) throws SQLException {
        StringBuilder csv = new StringBuilder(records.size() * 1_200);
        for (LogRecord r : records) {
            csv.append(quoted(r.decisionId())).append(',').append(r.decidedAt()).append(',').append(r.kind())
                    .append(',').append(r.outcome()).append(',').append(quoted(r.businessId())).append(',')
                    .append(quoted(r.campaignId())).append(',');
            if (r.personId() != null) {
                csv.append(quoted(r.personId()));
            }
            csv.append(',').append(quoted(" " + String.join(" ", r.codes()) + " ")).append(',')
                    .append(quoted(r.policyVersion())).append(',').append(quoted(r.json())).append('\n');
        }
        try {
            pg.getCopyAPI().copyIn("COPY decision_log (" + COLUMNS + ") FROM STDIN (FORMAT csv)",
                    new java.io.StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into decision_log failed", "08006", e);
        }
    }

    /** A CSV field: always quoted (an empty quoted field is an empty string, an absent one NULL), quotes doubled. */
    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    @Override
    public long deleteBefore(Instant cutoff) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM decision_log WHERE decided_at < ?")) {
            delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return delete.executeUpdate();
        }
    }

    @Override
    public void close() {
        // the pool belongs to the ledger's database
    }

    @Override
    public Optional<String> find(String decisionId) {
        return query("SELECT record FROM decision_log WHERE decision_id = ?", List.of(decisionId), rs -> {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        });
    }

    @Override
    public Page list(DecisionQuery q) {
        StringBuilder sql = new StringBuilder("SELECT decided_at, decision_id, record FROM decision_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filters(sql, args, q.personId(), q.businessId(), q.campaignId(), q.outcome(), q.code(), q.from(), q.to());
        if (q.after() != null) {
            sql.append(" AND (decided_at < ? OR (decided_at = ? AND decision_id < ?))");
            OffsetDateTime at = OffsetDateTime.ofInstant(q.after().decidedAt(), ZoneOffset.UTC);
            args.add(at);
            args.add(at);
            args.add(q.after().decisionId());
        }
        sql.append(" ORDER BY decided_at DESC, decision_id DESC LIMIT ?");
        args.add(q.limit() + 1);
        return query(sql.toString(), args, rs -> {
            List<String> records = new ArrayList<>();
            DecisionQuery.Cursor last = null;
            boolean more = false;
            while (rs.next()) {
                if (records.size() == q.limit()) {
                    more = true;
                    break;
                }
                records.add(rs.getString(3));
                last = new DecisionQuery.Cursor(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2));
            }
            return new Page(records, more ? last : null);
        });
    }

    private static void filters(StringBuilder sql, List<Object> args, String personId, String businessId,
                                String campaignId, String outcome, String code, Instant from, Instant to) {
        equal(sql, args, "person_id", personId);
        equal(sql, args, "business_id", businessId);
        equal(sql, args, "campaign_id", campaignId);
        equal(sql, args, "outcome", outcome);
        if (code != null) {
            sql.append(" AND codes LIKE ? ESCAPE '!'"); // a code's '_' is a letter here, not a wildcard
            args.add("% " + code.replace("!", "!!").replace("_", "!_").replace("%", "!%") + " %");
        }
        if (from != null) {
            sql.append(" AND decided_at >= ?");
            args.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND decided_at < ?");
            args.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    @Override
    public Summary summary(String campaignId, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT outcome, codes, COUNT(*) FROM decision_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filters(sql, args, null, null, campaignId, null, null, from, to);
        sql.append(" GROUP BY outcome, codes");
        return query(sql.toString(), args, rs -> {
            long total = 0;
            Map<String, Long> byOutcome = new TreeMap<>();
            Map<String, Long> byCode = new TreeMap<>();
            while (rs.next()) {
                long n = rs.getLong(3);
                total += n;
                byOutcome.merge(rs.getString(1), n, Long::sum);
                for (String code : rs.getString(2).trim().split(" ")) {
                    if (!code.isEmpty()) {
                        byCode.merge(code, n, Long::sum);
                    }
                }
            }
            return new Summary(total, byOutcome, byCode);
        });
    }

    @Override
    public void export(Instant from, Instant to, Consumer<String> out) {
        StringBuilder sql = new StringBuilder("SELECT record FROM decision_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filters(sql, args, null, null, null, null, null, from, to);
        sql.append(" ORDER BY decided_at, decision_id");
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                bind(select, args);
                select.setFetchSize(FETCH);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.accept(rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The most recent {@code limit} records made at or after {@code from}, oldest first (the reload gate's input). */
    public void recent(Instant from, int limit, Consumer<String> out) {
        String sql = "SELECT record FROM (SELECT decided_at, decision_id, record FROM decision_log WHERE decided_at >= ?"
                + " ORDER BY decided_at DESC, decision_id DESC LIMIT ?) AS latest ORDER BY decided_at, decision_id";
        query(sql, List.of(OffsetDateTime.ofInstant(from, ZoneOffset.UTC), limit), rs -> {
            while (rs.next()) {
                out.accept(rs.getString(1));
            }
            return null;
        });
    }

    @Override
    public void saveVersion(String version, Instant loadedAt, String origin, String filesJson) {
        try (Connection c = data.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO policy_versions (version, first_loaded_at,"
                     + " origin, files) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM policy_versions WHERE"
                     + " version = ?)")) {
            insert.setString(1, version);
            insert.setObject(2, OffsetDateTime.ofInstant(loadedAt, ZoneOffset.UTC));
            insert.setString(3, origin.length() > 1024 ? origin.substring(0, 1024) : origin);
            insert.setString(4, filesJson);
            insert.setString(5, version);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // another instance stored the same version at the same moment
                throw unavailable(e);
            }
        }
    }

    @Override
    public List<VersionInfo> versions() {
        return query("SELECT version, first_loaded_at, origin FROM policy_versions ORDER BY first_loaded_at DESC,"
                + " version", List.of(), rs -> {
                    List<VersionInfo> all = new ArrayList<>();
                    while (rs.next()) {
                        all.add(new VersionInfo(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                                rs.getString(3)));
                    }
                    return all;
                });
    }

    @Override
    public Optional<String> versionFiles(String version) {
        return query("SELECT files FROM policy_versions WHERE version = ?", List.of(version),
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty());
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, List<Object> args, Reader<T> reader) {
        try (Connection c = data.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            bind(select, args);
            try (ResultSet rs = select.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
    }

    /** Never the driver's text in an answer (it can hold SQL and data); the cause keeps it for the server's log. */
    private static LedgerUnavailableException unavailable(SQLException e) {
        return new LedgerUnavailableException("the decision log's database is unavailable (SQLState "
                + e.getSQLState() + ")", e);
    }
}
