package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway migration 6: which person each line of a chunk names, and where the line ends ({@code people}, 8 bytes a
 * line, in order: the low 32 bits of the person's key hash, 0 for a campaign decision, and the line's end in the
 * body's bytes). A search by person on PostgreSQL reads it and then only the lines that may be theirs (a substring of
 * the body, which reads only the stored pages holding them) instead of the whole chunk; there it is stored
 * uncompressed, like the body (8 bytes of hash and offset a line do not compress, and trying cost CPU on every
 * write). H2 reads a chunk in the process and leaves the column empty. Chunks written before this version have none
 * and are read whole. Registered with Flyway by {@link Database}.
 */
public final class V6__Decision_chunk_people extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
        try (Statement plain = c.createStatement()) {
            plain.execute("ALTER TABLE decision_chunks ADD COLUMN people "
                    + (postgres ? "BYTEA" : "BINARY LARGE OBJECT"));
            if (postgres) {
                plain.execute("ALTER TABLE decision_chunks ALTER COLUMN people SET STORAGE EXTERNAL");
            }
        }
    }
}
