package org.threadgate.storage.jdbc;

import java.util.Collection;

/**
 * A Bloom filter over the keys of a chunk of decision records (its people, businesses and campaigns): about 10 bits a
 * key and 7 probes, so a chunk that does not hold a key is passed over in about 99 cases in 100 without reading it.
 * The hash is computed here (FNV-1a over the key's characters, then a 64-bit finalizer), never by the JVM, so a
 * filter written by one version or instance reads the same in another.
 */
final class KeyFilter {
    private static final int PROBES = 7;
    private static final int BITS_PER_KEY = 10;

    private KeyFilter() {
    }

    /** A person's key. */
    static String person(String id) {
        return "p:" + id;
    }

    /** A business's key. */
    static String business(String id) {
        return "b:" + id;
    }

    /** A campaign's key. */
    static String campaign(String id) {
        return "c:" + id;
    }

    /** The filter of {@code keys}: a power of two of bits, at least 64. */
    static byte[] of(Collection<String> keys) {
        int bits = 64;
        while (bits < keys.size() * BITS_PER_KEY && bits < (1 << 30)) {
            bits <<= 1;
        }
        byte[] filter = new byte[bits / 8];
        for (String key : keys) {
            long h = hash(key);
            int h1 = (int) h;
            int h2 = (int) (h >>> 32) | 1;
            for (int i = 0; i < PROBES; i++) {
                int bit = (h1 + i * h2) & (bits - 1);
                filter[bit >>> 3] |= (byte) (1 << (bit & 7));
            }
        }
        return filter;
    }

    /** False when {@code key} is certainly not in the filter. */
    static boolean mightContain(byte[] filter, String key) {
        int bits = filter.length * 8;
        long h = hash(key);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < PROBES; i++) {
            int bit = (h1 + i * h2) & (bits - 1);
            if ((filter[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
