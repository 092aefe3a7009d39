package org.threadgate.storage.jdbc;

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

    /** An empty filter sized for {@code keys} distinct keys. */
    static byte[] sized(int keys) {
        int bits = 64;
        while (bits < keys * BITS_PER_KEY && bits < (1 << 30)) {
            bits <<= 1;
        }
        return new byte[bits / 8];
    }

    /** Adds the key whose {@link #hash} is {@code h} (adding a key twice changes nothing). */
    static void add(byte[] filter, long h) {
        int bits = filter.length * 8;
        for (int i = 0; i < PROBES; i++) {
            int bit = probe(h, i) & (bits - 1);
            filter[bit >>> 3] |= (byte) (1 << (bit & 7));
        }
    }

    /** False when the key of this kind ({@code 'p'}, {@code 'b'}, {@code 'c'}) and id is certainly not in the filter. */
    static boolean mightContain(byte[] filter, char kind, String id) {
        int bits = filter.length * 8;
        long h = hash(kind, id);
        for (int i = 0; i < PROBES; i++) {
            int bit = probe(h, i) & (bits - 1);
            if ((filter[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key's probes, each reduced modulo 2^30 (the largest filter): a filter of {@code bits} bits (a power of two)
     * has the key only if bit {@code probe % bits} is set for every probe. A database tests a filter with these
     * without sending it (PostgreSQL's {@code get_bit} numbers bits as {@link #add} sets them).
     */
    static long[] probes(char kind, String id) {
        long h = hash(kind, id);
        long[] probes = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = probe(h, i) & ((1 << 30) - 1);
        }
        return probes;
    }

    /** The {@code i}th probe of the key whose hash is {@code h} (double hashing), before it is reduced to a size. */
    private static int probe(long h, int i) {
        return (int) h + i * ((int) (h >>> 32) | 1);
    }

    /** One probe of {@link #probes} as a PostgreSQL condition on the column {@code key_filter}: one argument. */
    static final String PROBE_CONDITION = "get_bit(key_filter, CAST(? % (length(key_filter) * 8) AS INTEGER)) = 1";

    /** The hash of a string (also of a chunk's first id, for its row id). */
    static long hash(String key) {
        return hash(0xcbf29ce484222325L, key);
    }

    /** The hash of a key: its kind ({@code p}erson, {@code b}usiness, {@code c}ampaign), a colon, then its id. */
    static long hash(char kind, String id) {
        long h = 0xcbf29ce484222325L;
        h ^= kind;
        h *= 0x100000001b3L;
        h ^= ':';
        h *= 0x100000001b3L;
        return hash(h, id);
    }

    private static long hash(long start, String key) {
        long h = start;
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
