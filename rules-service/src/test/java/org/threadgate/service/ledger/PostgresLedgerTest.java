package org.threadgate.service.ledger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.threadgate.service.PostgresSchemas;
import org.threadgate.service.ledger.jdbc.Database;

/**
 * The same storage suite on a real PostgreSQL server (127.0.0.1:5432, database {@code test}; override with
 * THREADGATE_TEST_PG_URL and THREADGATE_TEST_PG_USER). Each database is a fresh schema, dropped afterwards. Where no
 * server can be reached the suite is skipped, and says so.
 */
class PostgresLedgerTest extends LedgerContract {
    static final String URL = PostgresSchemas.URL;
    static final String USER = PostgresSchemas.USER;
    private static final PostgresSchemas SCHEMAS = new PostgresSchemas("tg_");

    @BeforeAll
    static void requireServer() {
        PostgresSchemas.require("PostgreSQL storage tests");
    }

    @Override
    protected Database open() {
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
