package org.threadgate.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rules fired, as bit masks over the rules of one policy set: one bit per rule, {@code words} longs per mask, so
 * a set of any size reports each rule's firings exactly. The sorted list of names for a mask is made once and shared.
 */
final class RuleMasks {
    private final List<RuleInfo> rules;
    private final Map<String, Integer> index;
    private final int words;
    private final Map<Key, List<String>> names = new ConcurrentHashMap<>();
    /** Sets of up to 64 rules (the usual case): keyed by the one word, no array per lookup. */
    private final Map<Long, List<String>> singleWordNames = new ConcurrentHashMap<>();

    RuleMasks(List<RuleInfo> rules) {
        this.rules = List.copyOf(rules);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            byName.put(rules.get(i).name(), i);
        }
        this.index = Map.copyOf(byName);
        this.words = Math.max(1, (rules.size() + 63) / 64);
    }

    /** Longs in one mask. */
    int words() {
        return words;
    }

    /** Sets {@code rule}'s bit in the mask that starts at {@code offset} of {@code masks}. */
    void set(long[] masks, int offset, String rule) {
        Integer i = index.get(rule);
        if (i == null) {
            throw new IllegalStateException("rule " + rule + " fired but is not part of the policy set");
        }
        masks[offset + (i >>> 6)] |= 1L << (i & 63);
    }

    /** The sorted names of the rules set in either of two masks ({@code b} may be null). */
    List<String> names(long[] a, int aOffset, long[] b, int bOffset) {
        if (words == 1) {
            long union = a[aOffset] | (b == null ? 0 : b[bOffset]);
            return singleWordNames.computeIfAbsent(union, word -> namesOf(new Key(new long[] {word})));
        }
        long[] union = new long[words];
        for (int w = 0; w < words; w++) {
            union[w] = a[aOffset + w] | (b == null ? 0 : b[bOffset + w]);
        }
        return names.computeIfAbsent(new Key(union), this::namesOf);
    }

    private List<String> namesOf(Key key) {
        List<String> fired = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if ((key.bits[i >>> 6] & (1L << (i & 63))) != 0) {
                fired.add(rules.get(i).name());
            }
        }
        return fired.stream().sorted().toList();
    }

    /** A mask as a map key. */
    private record Key(long[] bits) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Arrays.equals(bits, k.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }
}
