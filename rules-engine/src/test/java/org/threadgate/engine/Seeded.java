package org.threadgate.engine;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded random cases for property tests on plain JUnit. Each run draws a new base seed (so the cases vary from run to
 * run) unless {@code -Dthreadgate.seed=N} fixes it; a failing case is reported with the base seed and the case number,
 * and running again with that seed repeats exactly the same cases.
 */
public final class Seeded {
    /** The system property that fixes the base seed. */
    public static final String PROPERTY = "threadgate.seed";

    private Seeded() {
    }

    /** Checks {@code property} on {@code tries} cases, each drawn from one random source seeded for the whole run. */
    public static void forAll(int tries, Consumer<Random> property) {
        long seed = baseSeed();
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            try {
                property.accept(random);
            } catch (AssertionError | RuntimeException e) {
                AssertionError failure = new AssertionError("case " + (i + 1) + " of " + tries + " failed; reproduce"
                        + " with -D" + PROPERTY + "=" + seed + ": " + e.getMessage(), e);
                throw failure;
            }
        }
    }

    /** The base seed of this run: the system property's, else a new one. */
    public static long baseSeed() {
        String fixed = System.getProperty(PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.strip());
        }
        return new Random().nextLong();
    }

    /** One of {@code values}, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of {@code values}, uniformly. */
    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A long in [min, max], both included. */
    public static long between(Random random, long min, long max) {
        return random.nextLong(min, max + 1);
    }

    /** With probability {@code edges}: one of the edge values, else a value in [min, max]. */
    public static long edgeOrBetween(Random random, double edges, long[] edgeValues, long min, long max) {
        return random.nextDouble() < edges ? edgeValues[random.nextInt(edgeValues.length)] : between(random, min, max);
    }
}
