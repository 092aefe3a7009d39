package org.threadgate.facade.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast timestamp reader must accept exactly what OffsetDateTime.parse accepts, with the same instant. */
class TimestampsTest {
    @Test
    void agreesWithOffsetDateTimeParse_onValidAndMangledTimestamps() {
        Random random = new Random(11);
        String[] samples = {"2026-03-10T12:00:00Z", "2026-03-10T12:00:00.001Z", "2026-03-10T13:00:00+01:00",
            "2026-03-09T07:00:00-05:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-10T24:00:00Z",
            "2026-03-10T12:00:60Z", "2026-03-10T12:00Z", "2026-03-10t12:00:00z", "2026-03-10T12:00:00.Z",
            "2026-03-10T12:00:00.1234567891Z", "2026-03-10T12:00:00+18:00", "2026-03-10T12:00:00+19:00",
            "2026-03-10T12:00:00-00:00", "2026-03-10T12:00:00+01:00:30", "0000-01-01T00:00:00Z",
            "+12026-03-10T12:00:00Z", "2026-03-10 12:00:00Z", "2026-03-10T12:00:00", "2024-02-29T23:59:59.999999Z",
            "2023-02-29T00:00:00Z", "", "2026-03-10T12:00:00+0100", "２０２６-03-10T12:00:00Z"};
        for (String sample : samples) {
            assertSameAnswer(sample);
        }
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong() % 8_000_000_000L, random.nextInt(1_000_000_000));
            int hours = random.nextInt(35) - 17;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(hours * 3600 + (random.nextBoolean() ? 0
                    : Integer.signum(hours == 0 ? 1 : hours) * 30 * 60));
            String text = OffsetDateTime.ofInstant(instant, offset).toString();
            assertSameAnswer(text);
            // and a mangled copy: one character replaced
            char[] chars = text.toCharArray();
            chars[random.nextInt(chars.length)] = "0123456789:-+.TZtz x".charAt(random.nextInt(20));
            assertSameAnswer(new String(chars));
        }
    }

    private static void assertSameAnswer(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            expected = null;
        }
        Instant actual;
        try {
            actual = Timestamps.parse(text);
        } catch (RuntimeException e) {
            actual = null;
        }
        assertThat(actual).as(text).isEqualTo(expected);
    }
}
