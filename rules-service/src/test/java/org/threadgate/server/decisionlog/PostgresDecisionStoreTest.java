package org.threadgate.server.decisionlog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.PostgresSchemas;

/** The decision log on PostgreSQL, each test in a fresh schema; skipped, and saying so, without a server. */
class PostgresDecisionStoreTest extends DecisionStoreContract {
    private static final PostgresSchemas SCHEMAS = new PostgresSchemas("tgd_");

    @BeforeAll
    static void requireServer() {
        PostgresSchemas.require("PostgreSQL decision-log tests");
    }

    @Override
    protected Database open() {
        return SCHEMAS.open();
    }

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.dropAll();
    }
}
