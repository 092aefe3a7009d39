package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerUnavailableException;

/** The record of every erasure (table {@code erasures}): when, by whom, how many rows; never whom. */
public final class JdbcErasures {
    private final DataSource data;

    public JdbcErasures(DataSource data) {
        this.data = data;
    }

    /**
     * Records one erasure.
     *
     * @param erasureId its id
     * @param at        when it was done
     * @param caller    who asked (a token's label, {@code cli}), or {@code null} when unknown
     * @param ledger    what the ledger removed
     * @param records   how many decision-log records were pseudonymized
     */
    public void record(String erasureId, Instant at, String caller, Ledger.Erasure ledger, long records) {
        try (Connection c = data.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO erasures (erasure_id, erased_at, caller,"
                     + " threads, events, deliveries, records) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, erasureId);
            insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.setString(3, caller == null || caller.length() <= 256 ? caller : caller.substring(0, 256));
            insert.setInt(4, ledger.threads());
            insert.setInt(5, ledger.events());
            insert.setInt(6, ledger.deliveries());
            insert.setLong(7, records);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerUnavailableException("the ledger's database is unavailable (SQLState " + e.getSQLState()
                    + ")", e);
        }
    }
}
