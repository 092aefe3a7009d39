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

    /**
     * Reads an instant as {@link #of} and {@link Instant#toString()} write it ({@code 2026-03-10T12:00:00Z}, with a
     * fraction of 1 to 9 digits or none) without a {@code DateTimeFormatter}; any other text goes to
     * {@link Instant#parse}, which accepts it or throws as it always did. The ledger reads every delivery instant of a
     * person's threads with it, for each decision by reference and each member of an audience.
     *
     * @param text an ISO-8601 instant in UTC
     * @return the instant
     * @throws java.time.format.DateTimeParseException when it is not one
     */
    public static Instant parse(CharSequence text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return Instant.parse(text);
            }
            nanos = number(text, 20, n - 1);
            for (int i = digits; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return Instant.parse(text);
        }
        if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || nanos < 0) {
            return Instant.parse(text); // out of range or not digits: the JDK says what is wrong
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code [from, to)}, or -1 when a character is not a digit. */
    private static int number(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
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
