package org.threadgate.storage.jdbc;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;


/**
 * Serializes, inside this JVM, the requests that write the same threads: locks striped by thread key, always taken in
 * stripe order, all before the transaction starts. For an embedded database, which only this process can open, that
 * makes two requests creating the same new thread queue instead of colliding on its primary key.
 */
final class ThreadStripes {
    private static final int STRIPES = 1_024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    ThreadStripes() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} holding the stripes of {@code threads}. */
    <T> T holding(List<IngestPlan.ThreadKey> threads, java.util.function.Supplier<T> work) {
        TreeSet<Integer> stripes = new TreeSet<>();
        for (IngestPlan.ThreadKey key : threads) {
            stripes.add(Math.floorMod(key.hashCode(), STRIPES));
        }
        int taken = 0;
        try {
            for (int stripe : stripes) {
                locks[stripe].lock();
                taken++;
            }
            return work.get();
        } finally {
            for (int stripe : stripes) {
                if (taken-- == 0) {
                    break;
                }
                locks[stripe].unlock();
            }
        }
    }
}
