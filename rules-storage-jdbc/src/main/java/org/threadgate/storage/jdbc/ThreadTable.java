package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.threadgate.facade.ledger.DeliveryColumn;
import org.threadgate.model.SponsoredDelivery;
import org.threadgate.model.ThreadState;

/**
 * The threads table, mapped once: each column with how a thread's state gives its value and how a row gives it back.
 * The portable statements ({@link JdbcLedger}) and PostgreSQL's bulk ones ({@link PostgresWrites}) are all built from
 * this list, so a stored fact is one column here (and its migration).
 */
final class ThreadTable {
    private ThreadTable() {
    }

    /** How a column's value is written, bound in bulk (as one array per column) and read back. */
    enum Kind {
        /** An id. */
        ID("varchar", "varchar", ""),
        /** An instant, or null. */
        INSTANT("text", "text", "::timestamptz"),
        /** A flag. */
        FLAG("boolean", "bool", ""),
        /** A time zone's id, or null. */
        ZONE("varchar", "varchar", ""),
        /** The delivery history, as {@link DeliveryColumn} writes it. */
        DELIVERIES("varchar", "varchar", "");

        final String sqlArray;
        final String jdbcArray;
        final String cast;

        Kind(String sqlArray, String jdbcArray, String cast) {
            this.sqlArray = sqlArray;
            this.jdbcArray = jdbcArray;
            this.cast = cast;
        }

        /** The value as a statement binds it. */
        @SuppressWarnings("unchecked")
        Object jdbc(Object value) {
            if (value == null) {
                return null;
            }
            return switch (this) {
                case INSTANT -> OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
                case ZONE -> ((ZoneId) value).getId();
                case DELIVERIES -> DeliveryColumn.write((List<SponsoredDelivery>) value);
                default -> value;
            };
        }

        /** The value as an element of the column's bulk array. */
        Object arrayElement(Object value) {
            return this == INSTANT ? (value == null ? null : value.toString()) : jdbc(value);
        }

        Object read(ResultSet rs, int column, String personId) throws SQLException {
            return switch (this) {
                case ID -> rs.getString(column);
                case FLAG -> rs.getBoolean(column);
                case INSTANT -> {
                    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
                    yield value == null ? null : value.toInstant();
                }
                case ZONE -> {
                    String zone = rs.getString(column);
                    yield zone == null ? null : ZoneId.of(zone);
                }
                case DELIVERIES -> DeliveryColumn.read(personId, rs.getString(column));
            };
        }
    }

    /** One column: its name, its kind, and the state's value for it. */
    record Column(String name, Kind kind, Function<ThreadState, Object> value) {
    }

    /** Every column, in the order of {@link ThreadState}'s components (the keys first). */
    static final List<Column> COLUMNS = List.of(
            new Column("business_id", Kind.ID, ThreadState::businessId),
            new Column("person_id", Kind.ID, ThreadState::personId),
            new Column("last_interaction_at", Kind.INSTANT, ThreadState::lastPersonInteractionAt),
            new Column("last_business_message_at", Kind.INSTANT, ThreadState::lastBusinessMessageAt),
            new Column("blocked", Kind.FLAG, ThreadState::blocked),
            new Column("block_changed_at", Kind.INSTANT, ThreadState::blockChangedAt),
            new Column("messages_off", Kind.FLAG, ThreadState::messagesOff),
            new Column("messages_changed_at", Kind.INSTANT, ThreadState::messagesChangedAt),
            new Column("time_zone", Kind.ZONE, ThreadState::timeZone),
            new Column("time_zone_changed_at", Kind.INSTANT, ThreadState::timeZoneChangedAt),
            new Column("deliveries", Kind.DELIVERIES, ThreadState::deliveries));
    /** The columns that are not the key. */
    static final List<Column> VALUES = COLUMNS.subList(2, COLUMNS.size());
    /** How many columns there are. */
    static final int COUNT = COLUMNS.size();
    /** The column list of a SELECT or INSERT. */
    static final String NAMES = names(COLUMNS, "");
    /** The same, of table alias {@code t}. */
    static final String NAMES_OF_T = names(COLUMNS, "t.");

    /** The rows of states given as one array per column, unnested in one statement (PostgreSQL). */
    static final String INSERT_FROM_ARRAYS = "INSERT INTO threads (" + NAMES + ") SELECT "
            + COLUMNS.stream().map(c -> "u." + c.name() + c.kind().cast).collect(Collectors.joining(", "))
            + " FROM unnest(" + COLUMNS.stream().map(c -> "?::" + c.kind().sqlArray + "[]")
            .collect(Collectors.joining(", ")) + ") AS u(" + NAMES + ")";
    /** Every value column set from the row an upsert proposed. */
    static final String SET_FROM_EXCLUDED = VALUES.stream().map(c -> c.name() + " = EXCLUDED." + c.name())
            .collect(Collectors.joining(", "));
    /** A new row, values then key. */
    static final String INSERT = "INSERT INTO threads (" + names(VALUES, "") + ", business_id, person_id) VALUES ("
            + "?, ".repeat(VALUES.size()) + "?, ?)";
    /** A row's values, found by its key. */
    static final String UPDATE = "UPDATE threads SET " + VALUES.stream().map(c -> c.name() + " = ?")
            .collect(Collectors.joining(", ")) + " WHERE business_id = ? AND person_id = ?";

    private static String names(List<Column> columns, String prefix) {
        return columns.stream().map(c -> prefix + c.name()).collect(Collectors.joining(", "));
    }

    /** A state from {@link #NAMES} starting at column {@code first}. */
    @SuppressWarnings("unchecked")
    static ThreadState read(ResultSet rs, int first) throws SQLException {
        String personId = rs.getString(first + 1);
        Object[] v = new Object[COUNT];
        for (int i = 0; i < COUNT; i++) {
            v[i] = COLUMNS.get(i).kind().read(rs, first + i, personId);
        }
        return new ThreadState((String) v[0], (String) v[1], (Instant) v[2], (Instant) v[3], (Boolean) v[4],
                (Instant) v[5], (Boolean) v[6], (Instant) v[7], (ZoneId) v[8], (Instant) v[9],
                (List<SponsoredDelivery>) v[10]);
    }

    /** Binds a state to {@link #INSERT} or {@link #UPDATE}: its values, then its key. */
    static void bind(PreparedStatement s, ThreadState t) throws SQLException {
        int at = 1;
        for (Column c : VALUES) {
            s.setObject(at++, c.kind().jdbc(c.value().apply(t)));
        }
        s.setString(at++, t.businessId());
        s.setString(at, t.personId());
    }

    /** Binds states to {@link #INSERT_FROM_ARRAYS}: one array per column, the states in the order given. */
    static void bindArrays(Connection c, PreparedStatement s, Collection<ThreadState> states) throws SQLException {
        for (int i = 0; i < COUNT; i++) {
            Column column = COLUMNS.get(i);
            Object[] values = column.kind() == Kind.FLAG ? new Boolean[states.size()] : new String[states.size()];
            int row = 0;
            for (ThreadState t : states) {
                values[row++] = column.kind().arrayElement(column.value().apply(t));
            }
            s.setArray(i + 1, c.createArrayOf(column.kind().jdbcArray, values));
        }
    }
}
