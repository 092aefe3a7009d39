package org.threadgate.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tunable numbers of the policy set, read from the policy set's {@code settings.yaml} so that policy authors
 * change them without touching Java. Each setting is described once, in {@link #DESCRIBED}: the reader, the version
 * hash and the policies endpoint all go through that list.
 *
 * @param minimumAudienceSize the smallest custom audience a campaign may have; exactly the minimum passes
 * @param suppressionWindow   how long after a person's last interaction nothing may be delivered; half-open, so
 *                            exactly one window later is deliverable
 */
public record PolicySettings(int minimumAudienceSize, Duration suppressionWindow) {
    /** The settings a policy set has when its {@code settings.yaml} names none: 100 people, 24 hours. */
    public static final PolicySettings DEFAULTS = new PolicySettings(100, Duration.ofHours(24));

    /**
     * One setting: its name in {@code settings.yaml}, what is accepted, how its text is read, and how its value is read
     * back from a {@link PolicySettings} and shown (as a JSON scalar: a number or a string).
     */
    public record Setting<T>(String name, String accepted, Function<String, T> parse,
                             Function<PolicySettings, T> value, Function<T, Object> shown) {
            /**
         * The value of this setting in {@code settings}, as JSON shows it.
         *
         * @param settings the settings to read it from
         * @return a number or a string
         */
        public Object shownIn(PolicySettings settings) {
            return shown.apply(value.apply(settings));
        }

            /**
         * Reads {@code text}.
         *
         * @param text the setting's text in {@code settings.yaml}; {@code null} reads as empty
         * @return the value
         * @throws IllegalArgumentException when it cannot be read; the message says what is accepted
         */
        public T read(String text) {
            return parse.apply(text == null ? "" : text.trim());
        }
    }

    /** Every setting, in the order they are listed and hashed. */
    public static final List<Setting<?>> DESCRIBED = List.of(
            new Setting<>("minimumAudienceSize", "a whole number, 0 or more", PolicySettings::wholeNumber,
                    PolicySettings::minimumAudienceSize, n -> n),
            new Setting<>("suppressionWindow", "an ISO-8601 duration such as PT24H, not negative",
                    PolicySettings::duration, PolicySettings::suppressionWindow, Duration::toString));

    /**
     * Checks that the numbers are in range; the message names the setting and what is accepted.
     *
     * @param minimumAudienceSize the smallest audience a campaign may have, 0 or more
     * @param suppressionWindow   how long after the last interaction nothing lands, not negative
     */
    public PolicySettings {
        if (minimumAudienceSize < 0) {
            throw new IllegalArgumentException(
                    "minimumAudienceSize must be 0 or more, was " + minimumAudienceSize);
        }
        Checks.required(suppressionWindow, "suppressionWindow");
        if (suppressionWindow.isNegative()) {
            throw new IllegalArgumentException(
                    "suppressionWindow must be zero or positive (ISO-8601, e.g. PT24H), was " + suppressionWindow);
        }
    }

    /**
     * Settings from values by name; a name not given keeps its default.
     *
     * @param values values by setting name, of the types {@link #DESCRIBED} reads
     * @return the settings
     */
    public static PolicySettings of(Map<String, ?> values) {
        Function<String, Object> get = name -> values.containsKey(name) ? values.get(name)
                : setting(name).value().apply(DEFAULTS);
        return new PolicySettings((Integer) get.apply("minimumAudienceSize"),
                (Duration) get.apply("suppressionWindow"));
    }

    /**
     * The two original settings as {@code all} holds them (the one settings mechanism; this record is a typed view of
     * it, kept for rule files and callers written against it). A setting {@code all} does not hold keeps its default.
     *
     * @param all every setting of a policy set
     * @return the view
     */
    public static PolicySettings from(Settings all) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : DESCRIBED) {
            all.lookup(setting.name()).filter(e -> e.value() != null).ifPresent(e -> values.put(setting.name(),
                    e.value()));
        }
        return of(values);
    }

    /**
     * Every setting by name, as JSON shows it.
     *
     * @return name to value, in the order of {@link #DESCRIBED}
     */
    public Map<String, Object> shown() {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (Setting<?> setting : DESCRIBED) {
            shown.put(setting.name(), setting.shownIn(this));
        }
        return shown;
    }

    /**
     * The names of every setting, for messages.
     *
     * @return the names, in the order of {@link #DESCRIBED}
     */
    public static List<String> names() {
        return DESCRIBED.stream().map(Setting::name).toList();
    }

    private static Setting<?> setting(String name) {
        return DESCRIBED.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no setting named " + name));
    }

    private static Integer wholeNumber(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with what is accepted
        }
        throw new IllegalArgumentException("a whole number, 0 or more");
    }

    private static Duration duration(String text) {
        Duration value;
        try {
            value = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("an ISO-8601 duration such as PT24H");
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException("an ISO-8601 duration such as PT24H, not negative");
        }
        return value;
    }
}
