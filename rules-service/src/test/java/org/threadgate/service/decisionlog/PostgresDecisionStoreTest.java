package org.threadgate.service.decisionlog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.threadgate.service.ledger.jdbc.Database;

/**
 * The decision log on PostgreSQL (127.0.0.1:5432, database test, user postgres; or THREADGATE_TEST_PG_URL and
 * THREADGATE_TEST_PG_USER), each test in a fresh schema dropped afterwards; skipped, and saying so, without a server.
 */
class PostgresDecisionStoreTest extends DecisionStoreContract {
    static final String URL = System.getenv().getOrDefault("THREADGATE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("THREADGATE_TEST_PG_USER", "postgres");
    private static final List<String> SCHEMAS = new ArrayList<>();

    @BeforeAll
    static void requireServer() {
        String problem = null;
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(URL, USER, "")) {
            // reachable
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            System.err.println("SKIPPED: PostgreSQL decision-log tests: no server at " + URL + " (" + problem + ")");
        }
        Assumptions.assumeTrue(problem == null, "PostgreSQL not reachable at " + URL + ": " + problem);
    }

    @Override
    protected Database open() {
        String schema = "tgd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        SCHEMAS.add(schema);
        return Database.jdbc(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, "");
    }

    @AfterAll
    static void dropSchemas() {
        for (String schema : SCHEMAS) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        SCHEMAS.clear();
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
