package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The storage tests' PostgreSQL (127.0.0.1:5432, database test, user postgres; or THREADGATE_TEST_PG_URL and
 * THREADGATE_TEST_PG_USER): each database handed out is a fresh schema, dropped by {@link #dropAll()}. Where no
 * server can be reached, {@link #require(String)} skips the suite and says so.
 */
public final class PostgresSchemas {
    public static final String URL = System.getenv().getOrDefault("THREADGATE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("THREADGATE_TEST_PG_USER", "postgres");

    private final List<String> schemas = new ArrayList<>();
    private final String prefix;

    public PostgresSchemas(String prefix) {
        this.prefix = prefix;
    }

    /** Skips the calling suite (and says so on standard error) when no server answers. */
    public static void require(String suite) {
        String problem = null;
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(URL, USER, "")) {
            // reachable
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            System.err.println("SKIPPED: " + suite + ": no server at " + URL + " (" + problem + ")");
        }
        Assumptions.assumeTrue(problem == null, "PostgreSQL not reachable at " + URL + ": " + problem);
    }

    /** A database on a new, empty schema. */
    public Database open() {
        return Database.jdbc(newSchemaUrl(), USER, "");
    }

    /** The JDBC URL of a new, empty schema, for a service to open itself. */
    public String newSchemaUrl() {
        String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        schemas.add(schema);
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public void dropAll() {
        for (String schema : schemas) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        schemas.clear();
    }

    public static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
