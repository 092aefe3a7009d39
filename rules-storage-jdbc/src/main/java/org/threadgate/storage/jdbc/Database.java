package org.threadgate.storage.jdbc;

import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The ledger's database: a connection pool, migrated by Flyway on open. Embedded H2 in a file by default; PostgreSQL
 * (or any JDBC URL Flyway supports) in production.
 */
public final class Database implements AutoCloseable {
    /** H2 runs our PostgreSQL-flavoured SQL; WRITE_DELAY=0 makes each commit reach the file before it returns. */
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0";
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)(password|passwd|pwd)=[^&;]*");

    private final HikariDataSource pool;
    private final String description;

    private Database(String url, String user, String password, String description) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("threadgate-ledger");
        config.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(10_000);
        this.pool = new HikariDataSource(config);
        this.description = description;
        Flyway.configure().dataSource(pool).locations("classpath:org/threadgate/storage/jdbc/migration")
                .placeholders(java.util.Map.of("large_bytes", url.startsWith("jdbc:h2:") ? "BINARY LARGE OBJECT"
                        : "BYTEA"))
                .javaMigrations(new V5__Decision_log_into_chunks(), new V6__Decision_chunk_people()).load().migrate();
    }

    /** Embedded H2 in {@code dir}, created on first use. */
    public static Database h2File(Path dir) {
        Path file = dir.toAbsolutePath().normalize().resolve("threadgate");
        return new Database("jdbc:h2:file:" + file + H2_OPTIONS, "sa", "", "H2 file " + file + ".mv.db");
    }

    /** A private in-memory H2 database, for tests. */
    public static Database h2Memory(String name) {
        return new Database("jdbc:h2:mem:" + name + H2_OPTIONS, "sa", "", "H2 in memory");
    }

    /**
     * The backend a JDBC URL names: PostgreSQL ({@code jdbc:postgresql:...}), H2 ({@code jdbc:h2:file:...} or
     * {@code jdbc:h2:mem:...}, given the compatibility options the ledger's SQL needs unless the URL sets its own
     * mode), or any other database Flyway supports. User and password come from the caller (the environment), never
     * from the log.
     */
    public static Database jdbc(String url, String user, String password) {
        String effective = url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";MODE=")
                ? url + H2_OPTIONS : url;
        return new Database(effective, user, password, redact(url));
    }

    /** The URL with any password parameter blanked, for logs. */
    static String redact(String url) {
        return SECRET_PARAMETER.matcher(url).replaceAll("$1=***");
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Where the data lives, safe to print. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
