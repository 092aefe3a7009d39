package org.threadgate.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Which rules fired, as bit masks over the rules of one policy set: one bit per rule, {@code words} longs per mask, so
 * a set of any size reports each rule's firings exactly. The sorted list of names for a mask is made once and shared.
 * Also finds a rule's {@link Entry} (its bit, metadata and message template) from the Drools rule object that fired,
 * by identity: a look-up by name for every firing and violation showed in profiles.
 */
final class RuleMasks {
    /** One rule of the set: its bit, its metadata and its parsed message template. */
    record Entry(int index, RuleInfo info, MessageTemplate template) {
    }

    private final List<RuleInfo> rules;
    private final Map<String, Entry> entriesByName;
    /** The set's Drools rule objects, by identity; read-only once built. */
    private final Map<Rule, Entry> entriesByRule = new IdentityHashMap<>();
    private final int words;
    private final Map<Key, List<String>> names = new ConcurrentHashMap<>();
    /** Sets of up to 64 rules (the usual case): keyed by the one word, no array per lookup. */
    private final Map<Long, List<String>> singleWordNames = new ConcurrentHashMap<>();

    RuleMasks(List<RuleInfo> rules, KieBase kieBase) {
        this.rules = List.copyOf(rules);
        Map<String, Entry> entries = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            entries.put(rules.get(i).name(), new Entry(i, rules.get(i), MessageTemplate.parse(rules.get(i).message())));
        }
        this.entriesByName = entries;
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                Entry entry = entries.get(rule.getName());
                if (entry != null) {
                    entriesByRule.put(rule, entry);
                }
            }
        }
        this.words = Math.max(1, (rules.size() + 63) / 64);
    }

    /**
     * The entry of a rule that fired or inserted a fact.
     *
     * @throws IllegalStateException when the rule is not part of the set
     */
    Entry entry(Rule rule) {
        Entry entry = entriesByRule.get(rule);
        if (entry == null) {
            entry = entriesByName.get(rule.getName()); // another object for the same rule (a part of an 'or')
        }
        if (entry == null) {
            throw new IllegalStateException("rule " + rule.getName() + " fired but is not part of the policy set");
        }
        return entry;
    }

    /** Sets the bit of {@code rule} in the mask that starts at {@code offset} of {@code masks}. */
    void set(long[] masks, int offset, Entry rule) {
        int i = rule.index();
        masks[offset + (i >>> 6)] |= 1L << (i & 63);
    }

    /** Longs in one mask. */
    int words() {
        return words;
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
