package org.threadgate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InstantTextTest {
    /** Years -2000..12000, the {@code i}th of each kind of fraction in turn: none, millis, micros, nanos. */
    private static Instant randomInstant(Random random, int i) {
        long seconds = -125_000_000_000L + (long) (random.nextDouble() * 440_000_000_000L);
        int nanos = switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    @Test
    void writesEveryInstantExactlyAsInstantToStringDoes() {
        Random random = new Random(20261206L);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random, i);
            assertThat(InstantText.of(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void readsEveryInstantItWritesBack() {
        Random random = new Random(20261207L);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random, i);
            assertThat(InstantText.parse(InstantText.of(instant))).as("%s", instant).isEqualTo(instant);
        }
    }

    /** Any other text is read (or refused) exactly as Instant.parse reads it. */
    @Test
    void otherTextIsReadAsInstantParseReadsIt() {
        for (String text : new String[] {"2026-03-10T12:00:00Z", "2026-03-10T12:00:00.5Z", "2026-03-10T12:00:00.12Z",
                "2026-03-10T12:00:00.1234567Z", "2024-02-29T08:00:00Z", "2023-02-29T08:00:00Z", "2026-02-30T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-03-00T00:00:00Z",
                "2026-03-10T24:00:00Z", "2026-03-10T12:60:00Z", "2026-03-10T12:00:60Z", "2026-12-31T23:59:60Z",
                "2026-03-10T12:00:00.Z", "2026-03-10T12:00:00.1234567890Z", "2026-03-10T12:00:00", "2026-03-10 12:00:00Z",
                "2026-03-10T12:00:00+01:00", "2026-03-10T12:00:00z", "20x6-03-10T12:00:00Z", "2026-03-10T1a:00:00Z",
                "2026-03-10T12:00:00.12a4Z", "0999-12-31T23:59:59Z", "+12026-03-10T12:00:00Z", "-0001-01-01T00:00:00Z",
                "", "not an instant"}) {
            Object expected;
            try {
                expected = Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                expected = "refused";
            }
            Object actual;
            try {
                actual = InstantText.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                actual = "refused";
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }

    @Test
    void boundaries() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.100Z", "0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                "2026-06-15T12:00:00.000001Z", "2024-02-29T08:00:00Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(InstantText.of(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void aViolationWritesItsInstantsAsInstantToStringDoes() {
        Instant at = Instant.parse("2026-06-15T12:00:00.250Z");
        Violation violation = Violation.forPersonUntil("p", at, "retryAt", at, "count", 3);
        assertThat(violation.details()).containsEntry("retryAt", "2026-06-15T12:00:00.250Z").containsEntry("count", "3");
    }
}
