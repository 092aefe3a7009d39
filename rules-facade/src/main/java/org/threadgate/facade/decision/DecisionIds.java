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
}
