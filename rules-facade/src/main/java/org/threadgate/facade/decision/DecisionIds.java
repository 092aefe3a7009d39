package org.threadgate.facade.decision;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Makes decision ids. Injected, so that tests and other deployments can choose their own. */
@FunctionalInterface
public interface DecisionIds extends Supplier<String> {
    /**
     * Random (version 4) UUIDs from a thread-local generator: decision ids must be unique, not unguessable, and
     * {@code UUID.randomUUID()} serializes every request on one SecureRandom.
     */
    DecisionIds RANDOM = () -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    };

    /**
     * Time-ordered (version 7) UUIDs: the first 48 bits are the Unix time in milliseconds, the rest random (74 bits
     * from a thread-local generator). Ids made later sort after earlier ones (to the millisecond), so the decision log
     * finds a record by its id in one index probe, and its inserts land at the end of the index.
     */
    DecisionIds TIME_ORDERED = () -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    };

    /**
     * The millisecond a {@link #TIME_ORDERED} id was made at.
     *
     * @param id a decision id
     * @return its Unix time in milliseconds, or -1 when it is not a version 7 UUID
     */
    static long millisOf(String id) {
        if (id == null || id.length() != 36 || id.charAt(14) != '7' || id.charAt(8) != '-' || id.charAt(13) != '-') {
            return -1;
        }
        long millis = 0;
        for (int i = 0; i < 13; i++) { // the 12 hex digits before the version, around the first dash
            if (i == 8) {
                continue;
            }
            int digit = Character.digit(id.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            millis = (millis << 4) | digit;
        }
        return millis;
    }

    /**
     * The smallest {@link #TIME_ORDERED} id of a millisecond: every id made at or after it sorts at or after this.
     *
     * @param millis a Unix time in milliseconds
     * @return the id, as a string
     */
    static String firstAt(long millis) {
        return new UUID((Math.max(0, millis) << 16) | 0x7000L, 0x8000000000000000L).toString();
    }
}
