package org.threadgate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.threadgate.facade.decisionlog.DecisionQuery;

/**
 * An upgrade from the one-row-per-decision log: a database at migration 3 with records in decision_log, opened by
 * this version, has every record readable as before (by id, person, campaign, summary, export, in order) and the old
 * table gone.
 */
class DecisionLogMigrationTest {
    @Test
    void recordsOfTheOldTable_areMovedIntoChunks_andReadAsBefore() throws Exception {
        String url = "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:org/threadgate/storage/jdbc/migration")
                .target("3").load().migrate();
        List<String> written = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO decision_log (decision_id, decided_at, kind,"
                     + " outcome, business_id, campaign_id, person_id, codes, policy_version, record) VALUES"
                     + " (?, ?, 'delivery', ?, 'acme', ?, ?, ?, 'v1', ?)")) {
            for (int i = 0; i < 2_345; i++) {
                String id = UUID.randomUUID().toString(); // version 4, as earlier releases made them
                String outcome = i % 3 == 0 ? "SUPPRESS" : "DELIVER";
                String record = "{\"decisionId\":\"" + id + "\",\"n\":" + i + ",\"outcome\":\"" + outcome + "\"}";
                insert.setString(1, id);
                insert.setObject(2, OffsetDateTime.parse("2026-11-01T00:00:00Z").plusSeconds(i));
                insert.setString(3, outcome);
                insert.setString(4, i % 2 == 0 ? "spring" : "autumn");
                insert.setString(5, "p" + (i % 100));
                insert.setString(6, i % 3 == 0 ? " NO_OPEN_THREAD " : " ");
                insert.setString(7, record);
                insert.executeUpdate();
                written.add(record);
            }
        }
        try (Database database = Database.jdbc(url, "sa", "")) {
            JdbcDecisionStore store = new JdbcDecisionStore(database.dataSource(), "test");
            List<String> exported = new ArrayList<>();
            store.export(null, null, exported::add);
            assertThat(exported).isEqualTo(written);
            String id = written.get(1_000).substring(15, 51);
            assertThat(store.find(id)).contains(written.get(1_000));
            assertThat(store.list(new DecisionQuery("p7", null, null, null, null, null, null, null, 1_000)).records())
                    .hasSize(24);
            assertThat(store.summary("spring", null, null).decisions()).isEqualTo(1_173);
            assertThat(store.summary(null, null, null).byCode().get("NO_OPEN_THREAD")).isEqualTo(782);
            try (Connection c = database.dataSource().getConnection();
                 ResultSet tables = c.getMetaData().getTables(null, null, "decision_log", null)) {
                assertThat(tables.next()).as("the old table is dropped").isFalse();
            }
        }
    }
}
