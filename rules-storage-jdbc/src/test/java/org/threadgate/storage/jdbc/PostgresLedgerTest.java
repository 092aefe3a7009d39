package org.threadgate.storage.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same storage suite on a real PostgreSQL server (127.0.0.1:5432, database {@code test}; override with
 * THREADGATE_TEST_PG_URL and THREADGATE_TEST_PG_USER). Each database is a fresh schema, dropped afterwards. Where no
 * server can be reached the suite is skipped, and says so.
 */
class PostgresLedgerTest extends JdbcLedgerContract {
    static final String URL = PostgresSchemas.URL;
    static final String USER = PostgresSchemas.USER;
    private static final PostgresSchemas SCHEMAS = new PostgresSchemas("tg_");

    @BeforeAll
    static void requireServer() {
        PostgresSchemas.require("PostgreSQL storage tests");
    }

    @Override
    protected Database database() {
        return SCHEMAS.open();
    }

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.dropAll();
    }

    static void execute(String sql) {
        PostgresSchemas.execute(sql);
    }
}
