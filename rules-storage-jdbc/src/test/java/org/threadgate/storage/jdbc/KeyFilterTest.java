package org.threadgate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The chunks' Bloom filter: every key added is found, most keys not added are not, and the probes a database tests
 * say what {@link KeyFilter#mightContain} says, in Java and in PostgreSQL's own {@code get_bit}.
 */
class KeyFilterTest {
    private static final String PROBE_SQL = "SELECT count(*) FROM (SELECT CAST(? AS BYTEA) AS key_filter) f WHERE "
            + KeyFilter.PROBE_CONDITION;

    /** Filters of 1 to 2,000 people each, made as the store makes them. */
    private static List<byte[]> filters(Random random, List<List<String>> added) {
        List<byte[]> filters = new ArrayList<>();
        for (int size : new int[] {1, 7, 100, 1_000, 2_000}) {
            List<String> people = new ArrayList<>();
            byte[] filter = KeyFilter.sized(size);
            for (int i = 0; i < size; i++) {
                String person = "person-" + random.nextInt(1_000_000);
                people.add(person);
                KeyFilter.add(filter, KeyFilter.hash('p', person));
            }
            filters.add(filter);
            added.add(people);
        }
        return filters;
    }

    private static boolean byProbes(byte[] filter, String person) {
        int bits = filter.length * 8;
        for (long probe : KeyFilter.probes('p', person)) {
            int bit = (int) (probe % bits);
            if ((filter[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyKeyAdded_isFound_andTheProbesAgreeWithTheFilter() {
        Random random = new Random(26);
        List<List<String>> added = new ArrayList<>();
        List<byte[]> filters = filters(random, added);
        for (int f = 0; f < filters.size(); f++) {
            byte[] filter = filters.get(f);
            for (String person : added.get(f)) {
                assertThat(KeyFilter.mightContain(filter, 'p', person)).as(person).isTrue();
                assertThat(byProbes(filter, person)).as(person).isTrue();
            }
            int falsePositives = 0;
            for (int i = 0; i < 10_000; i++) {
                String stranger = "stranger-" + i;
                boolean might = KeyFilter.mightContain(filter, 'p', stranger);
                assertThat(byProbes(filter, stranger)).as(stranger).isEqualTo(might);
                falsePositives += might ? 1 : 0;
            }
            // 10 bits a key and 7 probes: about 1% (the smallest filters have more bits a key, so fewer)
            assertThat(falsePositives).as("false positives of 10,000 in filter %d", f).isLessThan(300);
            // a person is a different key from a business or campaign with the same id
            assertThat(KeyFilter.hash('b', added.get(f).get(0))).isNotEqualTo(KeyFilter.hash('p', added.get(f).get(0)));
        }
    }

    @Test
    void postgresql_testsAFilterAsJavaDoes() throws Exception {
        PostgresSchemas.require("the Bloom filter probed in PostgreSQL");
        Random random = new Random(27);
        List<List<String>> added = new ArrayList<>();
        List<byte[]> filters = filters(random, added);
        try (Connection c = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.USER, "");
             PreparedStatement probe = c.prepareStatement(PROBE_SQL)) {
            int checked = 0;
            for (int f = 0; f < filters.size(); f++) {
                byte[] filter = filters.get(f);
                List<String> people = new ArrayList<>(added.get(f).subList(0, Math.min(50, added.get(f).size())));
                for (int i = 0; i < 200; i++) {
                    people.add("stranger-" + i);
                }
                for (String person : people) {
                    boolean all = true;
                    for (long p : KeyFilter.probes('p', person)) {
                        probe.setBytes(1, filter);
                        probe.setLong(2, p);
                        try (ResultSet rs = probe.executeQuery()) {
                            rs.next();
                            all &= rs.getInt(1) == 1;
                        }
                    }
                    assertThat(all).as("%s in filter %d", person, f)
                            .isEqualTo(KeyFilter.mightContain(filter, 'p', person));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(1_000);
        }
    }
}
