package org.threadgate.bench;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Where a measured service keeps its ledger: a fresh embedded H2 directory, or a fresh database on the PostgreSQL at
 * 127.0.0.1:5432 (override with THREADGATE_BENCH_PG, user THREADGATE_BENCH_PG_USER), dropped when closed.
 */
final class Store implements AutoCloseable {
    private static final String PG = System.getenv().getOrDefault("THREADGATE_BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getenv().getOrDefault("THREADGATE_BENCH_PG_USER", "postgres");

    private final String name;
    private final String[] args;
    private final Map<String, String> env;
    private final String database;

    private Store(String name, String[] args, Map<String, String> env, String database) {
        this.name = name;
        this.args = args;
        this.env = env;
        this.database = database;
    }

    static Store open(String kind) throws Exception {
        if (kind.equals("h2")) {
            return new Store("H2 file", new String[] {"--data",
                    Files.createTempDirectory("threadgate-data").toString()}, Map.of(), null);
        }
        if (!kind.equals("pg")) {
            throw new IllegalArgumentException("store must be h2 or pg, was " + kind);
        }
        String database = "threadgate_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        return new Store("PostgreSQL", new String[] {"--jdbc-url", PG + database}, Map.of("THREADGATE_DB_USER",
                PG_USER, "THREADGATE_DB_PASSWORD", ""), database);
    }

    String name() {
        return name;
    }

    String[] args() {
        return args.clone();
    }

    Map<String, String> env() {
        return env;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG + "postgres", PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
