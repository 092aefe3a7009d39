package org.threadgate.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An instant as text, exactly as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in groups of three
 * digits as needed), without going through a {@code DateTimeFormatter}: violations write the instants they carry for
 * every person a rule holds back, and the formatter was a twentieth of an audience's evaluation time; the decision
 * log and the JSON answers write several instants per decision.
 */
public final class InstantText {
    private InstantText() {
    }

    /**
     * The instant as {@link Instant#toString()} writes it.
     *
     * @param instant the instant
     * @return its ISO-8601 text in UTC
     */
    public static String of(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        int year = date.getYear();
        if (year < 1000 || year > 9999) {
            return instant.toString(); // signed or padded years: rare, left to the JDK
        }
        StringBuilder text = new StringBuilder(30);
        text.append(year).append('-');
        two(text, date.getMonthValue()).append('-');
        two(text, date.getDayOfMonth()).append('T');
        two(text, secondOfDay / 3600).append(':');
        two(text, secondOfDay / 60 % 60).append(':');
        two(text, secondOfDay % 60);
        int nanos = instant.getNano();
        if (nanos != 0) {
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(text, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(text, nanos / 1_000, 6);
            } else {
                digits(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static void digits(StringBuilder text, int value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        text.append(out);
    }
}
