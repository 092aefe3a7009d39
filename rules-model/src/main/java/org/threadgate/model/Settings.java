package org.threadgate.model;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every parameter a policy set declares in its {@code settings.yaml}, typed, by dotted name
 * ({@code frequencyCap.max}); inserted into every evaluation as one fact that rules read by name:
 * {@code Settings(isSet("frequencyCap.max"), $max : integer("frequencyCap.max"))}. A setting declared {@code null}
 * (or inside a group declared {@code null}) reads as {@code null} whatever type is asked for: that is how a policy
 * is turned off. Reading a name that is not declared, or reading it as another type, fails; {@code threadgate check}
 * reports both before a set can go live.
 */
public final class Settings {
    /** The types a setting can have. */
    public enum Type {
        /** A whole number, 0 or more. */
        INTEGER("a whole number"),
        /** An ISO-8601 duration such as PT48H, not negative. */
        DURATION("a duration"),
        /** A local time of day such as 21:00. */
        LOCAL_TIME("a local time"),
        /** An IANA time zone such as Europe/Paris. */
        TIME_ZONE("a time zone"),
        /** true or false. */
        BOOLEAN("a boolean"),
        /** A list of strings. */
        STRINGS("a list of strings"),
        /** Declared null: the policy that reads it is off. */
        NULL("null");

        private final String described;

        Type(String described) {
            this.described = described;
        }

        /**
         * The type as messages name it.
         *
         * @return such as "a duration"
         */
        public String described() {
            return described;
        }

        /**
         * The type as the API names it.
         *
         * @return such as {@code duration} or {@code localTime}
         */
        public String apiName() {
            return switch (this) {
                case INTEGER -> "integer";
                case DURATION -> "duration";
                case LOCAL_TIME -> "localTime";
                case TIME_ZONE -> "timeZone";
                case BOOLEAN -> "boolean";
                case STRINGS -> "strings";
                case NULL -> "null";
            };
        }
    }

    /**
     * One declared setting.
     *
     * @param name  its dotted name
     * @param type  its type
     * @param value its value: Integer, Duration, LocalTime, ZoneId, Boolean, List of String, or {@code null} for
     *              {@link Type#NULL}
     */
    public record Entry(String name, Type type, Object value) {
        /**
         * Checks that the value is of the type.
         *
         * @param name  its dotted name
         * @param type  its type
         * @param value its value
         */
        public Entry {
            Checks.id(name, "name");
            Checks.required(type, "type");
            Class<?> expected = switch (type) {
                case INTEGER -> Integer.class;
                case DURATION -> Duration.class;
                case LOCAL_TIME -> LocalTime.class;
                case TIME_ZONE -> ZoneId.class;
                case BOOLEAN -> Boolean.class;
                case STRINGS -> List.class;
                case NULL -> null;
            };
            if (expected == null ? value != null : !expected.isInstance(value)) {
                throw new IllegalArgumentException(name + ": " + value + " is not " + type.described());
            }
            if (value instanceof List<?> list) {
                value = List.copyOf(list);
            }
        }

        /**
         * The value as JSON shows it.
         *
         * @return a number, boolean, list, {@code null}, or the ISO text of a duration, time or zone
         */
        public Object shown() {
            return switch (type) {
                case DURATION, LOCAL_TIME, TIME_ZONE -> value.toString();
                default -> value;
            };
        }
    }

    /** No setting at all. */
    public static final Settings NONE = new Settings(List.of());

    private final Map<String, Entry> entries;

    /**
     * Settings of these entries.
     *
     * @param entries the entries; names must be unique
     */
    public Settings(Collection<Entry> entries) {
        Map<String, Entry> byName = new TreeMap<>();
        for (Entry entry : entries) {
            if (byName.put(entry.name(), entry) != null) {
                throw new IllegalArgumentException("setting " + entry.name() + " is declared twice");
            }
        }
        this.entries = java.util.Collections.unmodifiableMap(byName);
    }

    /**
     * Every declared setting, by name.
     *
     * @return the entries, sorted by name
     */
    public Collection<Entry> entries() {
        return entries.values();
    }

    /**
     * The declaration that governs {@code name}: its own, or a group above it declared {@code null}.
     *
     * @param name a dotted name
     * @return the entry, empty when {@code name} is not declared
     */
    public Optional<Entry> lookup(String name) {
        Entry own = entries.get(name);
        if (own != null) {
            return Optional.of(own);
        }
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            Entry group = entries.get(name.substring(0, dot));
            if (group != null && group.type() == Type.NULL) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code name} is declared with a value (not {@code null}).
     *
     * @param name a dotted name
     * @return true when it has a value
     * @throws IllegalArgumentException when it is not declared
     */
    public boolean isSet(String name) {
        return read(name, null) != null;
    }

    /**
     * A whole number.
     *
     * @param name a dotted name
     * @return the value, or {@code null} when declared null
     * @throws IllegalArgumentException when not declared or not a whole number
     */
    public Integer integer(String name) {
        return (Integer) read(name, Type.INTEGER);
    }

    /**
     * A duration.
     *
     * @param name a dotted name
     * @return the value, or {@code null} when declared null
     * @throws IllegalArgumentException when not declared or not a duration
     */
    public Duration duration(String name) {
        return (Duration) read(name, Type.DURATION);
    }

    /**
     * A local time of day.
     *
     * @param name a dotted name
     * @return the value, or {@code null} when declared null
     * @throws IllegalArgumentException when not declared or not a local time
     */
    public LocalTime localTime(String name) {
        return (LocalTime) read(name, Type.LOCAL_TIME);
    }

    /**
     * A time zone.
     *
     * @param name a dotted name
     * @return the value, or {@code null} when declared null
     * @throws IllegalArgumentException when not declared or not a time zone
     */
    public ZoneId timeZone(String name) {
        return (ZoneId) read(name, Type.TIME_ZONE);
    }

    /**
     * A boolean.
     *
     * @param name a dotted name
     * @return the value, or {@code null} when declared null
     * @throws IllegalArgumentException when not declared or not a boolean
     */
    public Boolean bool(String name) {
        return (Boolean) read(name, Type.BOOLEAN);
    }

    /**
     * A list of strings.
     *
     * @param name a dotted name
     * @return the value, or {@code null} when declared null
     * @throws IllegalArgumentException when not declared or not a list of strings
     */
    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        return (List<String>) read(name, Type.STRINGS);
    }

    private Object read(String name, Type wanted) {
        Entry entry = lookup(name).orElseThrow(() -> new IllegalArgumentException(
                "setting '" + name + "' is not declared in settings.yaml"));
        if (entry.type() == Type.NULL) {
            return null;
        }
        if (wanted != null && entry.type() != wanted) {
            throw new IllegalArgumentException("setting '" + name + "' is " + entry.type().described()
                    + ", read as " + wanted.described());
        }
        return entry.value();
    }

    /**
     * Every setting by name as JSON shows it.
     *
     * @return name to value, sorted by name
     */
    public Map<String, Object> shown() {
        Map<String, Object> shown = new LinkedHashMap<>();
        entries.values().forEach(e -> shown.put(e.name(), e.shown()));
        return shown;
    }

    /**
     * One line per setting ({@code name:type=value}), sorted: what the policy version hashes.
     *
     * @return the canonical text
     */
    public String canonical() {
        StringBuilder text = new StringBuilder();
        entries.values().forEach(e -> text.append(e.name()).append(':').append(e.type().apiName()).append('=')
                .append(e.shown()).append('\n'));
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Settings s && s.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Settings" + shown();
    }
}
