package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.threadgate.facade.decisionlog.LogChunk;
import org.threadgate.facade.decisionlog.LogRecord;

/**
 * Flyway migration 5: the records of the one-row-per-decision log (V2's {@code decision_log}) moved into chunks of
 * whole records, oldest first, 1,000 at a time; then that table is dropped. Every record stays readable by id, person,
 * campaign, summary and export, exactly as it was written. On PostgreSQL the chunks' bytes are stored uncompressed
 * (STORAGE EXTERNAL). Registered with Flyway by {@link Database}.
 */
public final class V5__Decision_log_into_chunks extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            try (Statement plain = c.createStatement()) {
                // out of line, uncompressed: compressing every chunk (pglz) cost more CPU than its writing
                plain.execute("ALTER TABLE decision_chunks ALTER COLUMN body SET STORAGE EXTERNAL");
                plain.execute("ALTER TABLE decision_chunks ALTER COLUMN head SET STORAGE EXTERNAL");
            }
        }
        String after = null;
        OffsetDateTime afterAt = null;
        while (true) {
            List<LogRecord> page = new ArrayList<>(LogChunk.MAX_LINES);
            String sql = "SELECT decision_id, decided_at, kind, outcome, business_id, campaign_id, person_id, codes,"
                    + " policy_version, record FROM decision_log"
                    + (after == null ? "" : " WHERE decided_at > ? OR (decided_at = ? AND decision_id > ?)")
                    + " ORDER BY decided_at, decision_id LIMIT " + LogChunk.MAX_LINES;
            try (PreparedStatement select = c.prepareStatement(sql)) {
                if (after != null) {
                    select.setObject(1, afterAt);
                    select.setObject(2, afterAt);
                    select.setString(3, after);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                        String codes = rs.getString(8).trim();
                        page.add(new LogRecord(rs.getString(1), at.toInstant(), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7),
                                codes.isEmpty() ? List.of() : List.of(codes.split(" ")), rs.getString(9),
                                rs.getString(10)));
                        after = rs.getString(1);
                        afterAt = at;
                    }
                }
            }
            if (page.isEmpty()) {
                break;
            }
            JdbcDecisionStore.insert(c, LogChunk.ofRecords(page), false, false);
        }
        try (Statement drop = c.createStatement()) {
            drop.execute("DROP TABLE decision_log");
        }
    }
}
