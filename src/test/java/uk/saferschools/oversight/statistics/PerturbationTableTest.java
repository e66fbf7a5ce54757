package uk.saferschools.oversight.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The perturbation table's documented properties (D = 3, V = 1, no published 1 or 2, zero stays zero), its
 * distributions against the maximum-entropy solution computed outside Java, how a cell key picks the
 * published count, and what an intruder can work out by differencing two published counts.
 */
class PerturbationTableTest {

    private static final PerturbationTable TABLE = PerturbationTable.PUBLISHED;
    private static final int D = 3;

    @Test
    void every_distribution_sums_to_one_and_changes_an_odd_count_by_at_most_three_and_an_even_one_by_at_most_two() {
        for (long i = 0; i <= 200; i++) {
            double sum = 0;
            int reach = i % 2 == 0 ? D - 1 : D;
            assertThat(TABLE.maximumChange(i)).isEqualTo(reach);
            for (long j = Math.max(0, i - 10); j <= i + 10; j++) {
                double p = TABLE.probability(i, j);
                sum += p;
                if (Math.abs(j - i) > reach) {
                    assertThat(p).as("p(%d|%d)", j, i).isZero();
                }
            }
            assertThat(sum).as("row %d", i).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void the_change_has_mean_zero_for_every_count_and_variance_one_where_the_allowed_counts_permit() {
        for (long i = 1; i <= 200; i++) {
            assertThat(TABLE.meanChange(i)).as("mean change of %d", i).isCloseTo(0.0, within(1e-9));
        }
        for (long i = 3; i <= 200; i++) {
            assertThat(TABLE.meetsVariance(i)).as("count %d", i).isTrue();
            assertThat(TABLE.varianceOfChange(i)).as("variance of %d", i).isCloseTo(1.0, within(1e-9));
        }
        // 1 and 2 can only go to 0 or to 3 and above: their variance cannot be 1 (at least 2), so it is left free
        for (long i = 1; i <= 2; i++) {
            assertThat(TABLE.meetsVariance(i)).isFalse();
            assertThat(TABLE.varianceOfChange(i)).isGreaterThanOrEqualTo(2.0);
        }
    }

    @Test
    void zero_stays_zero_and_no_count_is_published_as_one_or_two() {
        assertThat(TABLE.probability(0, 0)).isEqualTo(1.0);
        for (long i = 0; i <= 200; i++) {
            assertThat(TABLE.probability(i, 1)).isZero();
            assertThat(TABLE.probability(i, 2)).isZero();
            for (long key : new long[] {0, 1, 1L << 31, PerturbationTable.KEY_MODULUS - 1, 123_456_789, 3_000_000_000L}) {
                long published = TABLE.perturbed(i, key);
                assertThat(published).isNotIn(1L, 2L).isGreaterThanOrEqualTo(0);
                assertThat(Math.abs(published - i)).isLessThanOrEqualTo(D);
            }
        }
        assertThat(TABLE.perturbed(0, 4_000_000_000L)).isZero();
    }

    @Test
    void the_distributions_are_the_maximum_entropy_ones_computed_with_scipy() {
        // SciPy 1.17 SLSQP maximising entropy directly over the allowed counts (not the dual used here), to 1e-8;
        // odd counts over changes -3 to 3, even counts over -2 to 2 (alternating)
        Map<Long, Map<Long, Double>> scipy = Map.of(
                1L, Map.of(0L, 0.704874435381, 3L, 0.180502258476, 4L, 0.114623306143),
                2L, Map.of(0L, 0.424011025629, 3L, 0.303955897482, 4L, 0.272033076888),
                3L, Map.of(0L, 0.079599676565, 3L, 0.703244884278, 4L, 0.196270198695, 5L, 0.020126890387, 6L, 0.000758350075),
                4L, Map.of(3L, 0.398064711401, 4L, 0.305805865797, 5L, 0.194194134203, 6L, 0.101935288599),
                5L, Map.of(3L, 0.060276510929, 4L, 0.247231036376, 5L, 0.391499611289, 6L, 0.239349838585, 7L, 0.056494788812,
                        8L, 0.005148214008),
                6L, Map.of(4L, 0.063827136673, 5L, 0.244691453899, 6L, 0.382962818266, 7L, 0.244691455079, 8L, 0.063827136083),
                7L, Map.of(4L, 0.004508192881, 5L, 0.054347247804, 6L, 0.242037273573, 7L, 0.398214570727, 8L, 0.242037275127,
                        9L, 0.054347246966, 10L, 0.004508192921));
        scipy.forEach((i, row) -> {
            row.forEach((j, p) -> assertThat(TABLE.probability(i, j)).as("p(%d|%d)", j, i).isCloseTo(p, within(1e-6)));
            assertThat(row.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-8));
        });
        // beyond the cap, the same changes as the count of the same parity at the cap or just above it
        assertThat(TABLE.cap()).isEqualTo(6);
        assertThat(TABLE.probability(1000, 998)).isEqualTo(TABLE.probability(6, 4));
        assertThat(TABLE.probability(1001, 998)).isEqualTo(TABLE.probability(7, 4));
        assertThat(TABLE.probability(1000, 997)).isZero();
    }

    @Test
    void with_three_possible_changes_the_constraints_alone_fix_the_distribution() {
        // D = 1, V = 0.5, nothing blocked: p(-1) = p(+1) by the mean, p(-1) + p(+1) = V: 0.25, 0.5, 0.25
        PerturbationTable small = new PerturbationTable(1, 0.5, 0);
        assertThat(small.probability(10, 9)).isCloseTo(0.25, within(1e-12));
        assertThat(small.probability(10, 10)).isCloseTo(0.5, within(1e-12));
        assertThat(small.probability(10, 11)).isCloseTo(0.25, within(1e-12));
        // the cell key's fraction picks the interval: [0, 0.25) -> 9, [0.25, 0.75) -> 10, [0.75, 1) -> 11
        assertThat(small.perturbed(10, 0)).isEqualTo(9);
        assertThat(small.perturbed(10, (1L << 30) - 1)).isEqualTo(9);
        assertThat(small.perturbed(10, 1L << 30)).isEqualTo(10);
        assertThat(small.perturbed(10, (3L << 30) - 64)).isEqualTo(10);
        assertThat(small.perturbed(10, (3L << 30) + 64)).isEqualTo(11); // a boundary itself is at the mercy of rounding
        assertThat(small.perturbed(10, PerturbationTable.KEY_MODULUS - 1)).isEqualTo(11);
    }

    @Test
    void a_cells_key_is_the_sum_of_its_records_keys_modulo_two_to_the_32() {
        long a = 4_000_000_000L;
        long b = 500_000_000L;
        assertThat(PerturbationTable.cellKey(a, b)).isEqualTo(a + b - PerturbationTable.KEY_MODULUS);
        // a total's key from its cells' keys is its key from all its records
        assertThat(PerturbationTable.cellKey(PerturbationTable.cellKey(a, b), 7)).isEqualTo(PerturbationTable.cellKey(a, b, 7));
        assertThat(PerturbationTable.cellKey()).isZero();
    }

    @Test
    void the_share_of_cell_keys_giving_each_count_is_its_probability() {
        long original = 4;
        int steps = 1 << 16;
        Map<Long, Integer> hits = new TreeMap<>();
        for (long k = 0; k < steps; k++) {
            hits.merge(TABLE.perturbed(original, k * (PerturbationTable.KEY_MODULUS / steps)), 1, Integer::sum);
        }
        hits.forEach((j, n) -> assertThat((double) n / steps).as("share published as %d", j)
                .isCloseTo(TABLE.probability(original, j), within(1.0 / steps + 1e-12)));
    }

    /** The originals that {@code table} could have published as {@code published}. */
    private static Set<Long> originalsOf(PerturbationTable table, long published) {
        Set<Long> originals = new HashSet<>();
        for (long x = Math.max(0, published - D); x <= published + D; x++) {
            if (table.probability(x, published) > 0) {
                originals.add(x);
            }
        }
        return originals;
    }

    @Test
    void no_published_count_tells_its_original_with_certainty() {
        for (long x = 0; x <= 200; x++) {
            for (long y = Math.max(0, x - D); y <= x + D; y++) {
                if (TABLE.probability(x, y) > 0) {
                    assertThat(originalsOf(TABLE, y)).as("originals of a published %d", y).hasSizeGreaterThan(1);
                }
            }
        }
    }

    /**
     * Two published cells, one of the records of the other and {@code d} more (a later period over the same
     * months and more, say): the cells' keys differ by the unknown keys of the {@code d} records, so their
     * changes are independent. The intruder knows the table, that the larger holds the smaller's records, and
     * that the same records are always published alike (so differing published counts mean differing
     * originals). Returns the probability that the differences consistent with what is published are one.
     */
    private static double chanceTheDifferenceIsCertain(PerturbationTable table, long smaller, long d) {
        double certain = 0;
        long larger = smaller + d;
        for (long yLarger = Math.max(0, larger - D); yLarger <= larger + D; yLarger++) {
            for (long ySmaller = Math.max(0, smaller - D); ySmaller <= smaller + D; ySmaller++) {
                double chance = table.probability(larger, yLarger) * table.probability(smaller, ySmaller);
                if (chance == 0) {
                    continue;
                }
                Set<Long> differences = new HashSet<>();
                for (long a : originalsOf(table, yLarger)) {
                    for (long b : originalsOf(table, ySmaller)) {
                        if (a > b || (a == b && yLarger == ySmaller)) {
                            differences.add(a - b);
                        }
                    }
                }
                assertThat(differences).as("the true difference is among those consistent").contains(d);
                if (differences.size() == 1) {
                    certain += chance;
                }
            }
        }
        return certain;
    }

    @Test
    void differencing_two_published_cells_never_recovers_a_difference_of_one_to_four_records() {
        for (long smaller = 0; smaller <= 200; smaller++) {
            for (long d = 1; d <= 4; d++) {
                assertThat(chanceTheDifferenceIsCertain(TABLE, smaller, d)).as("%d more records than %d", d, smaller).isZero();
            }
        }
    }

    @Test
    void with_the_same_maximum_change_for_every_count_a_single_record_is_recovered_on_opposite_extreme_changes() {
        // why the published table alternates: ptable's own table (D = 3 for every count) pins a difference of one
        // when the larger cell draws -3 and the smaller +3; worst for 3 published as 0 beside 2 published as 5
        PerturbationTable same = new PerturbationTable(3, 1.0, 2);
        assertThat(chanceTheDifferenceIsCertain(same, 2, 1))
                .isCloseTo(same.probability(3, 0) * same.probability(2, 5), within(1e-12))
                .isCloseTo(0.0105, within(0.0005));
        assertThat(chanceTheDifferenceIsCertain(same, 50, 1)).isCloseTo(same.probability(51, 48) * same.probability(50, 53), within(1e-12))
                .isPositive();
    }

    /**
     * Three nested cells of {@code x}, {@code x + s} and {@code x + s + t} records (three publications over
     * growing periods): the probability that what is published pins one of the two differences, when it is of
     * four records or fewer.
     */
    private static double chanceAChainPinsASmallDifference(PerturbationTable table, long x, long s, long t) {
        long[] originals = {x, x + s, x + s + t};
        double pinned = 0;
        for (long y0 = Math.max(0, originals[0] - D); y0 <= originals[0] + D; y0++) {
            for (long y1 = Math.max(0, originals[1] - D); y1 <= originals[1] + D; y1++) {
                for (long y2 = Math.max(0, originals[2] - D); y2 <= originals[2] + D; y2++) {
                    double chance = table.probability(originals[0], y0) * table.probability(originals[1], y1)
                            * table.probability(originals[2], y2);
                    if (chance == 0) {
                        continue;
                    }
                    Set<Long> first = new HashSet<>();
                    Set<Long> second = new HashSet<>();
                    for (long a : originalsOf(table, y0)) {
                        for (long b : originalsOf(table, y1)) {
                            for (long c : originalsOf(table, y2)) {
                                if ((a < b || (a == b && y0 == y1)) && (b < c || (b == c && y1 == y2))) {
                                    first.add(b - a);
                                    second.add(c - b);
                                }
                            }
                        }
                    }
                    if ((first.size() == 1 && s <= 4) || (second.size() == 1 && t <= 4)) {
                        pinned += chance;
                    }
                }
            }
        }
        return pinned;
    }

    @Test
    void three_nested_cells_a_record_apart_can_pin_a_difference_and_alternating_halves_how_often() {
        // what remains (ADR 0017): any bounded change lets enough nested cells pin a difference; the worst chain,
        // 1, 2 and 3 records, pins one about 0.67% of the time, against 1.49% with D = 3 for every count
        PerturbationTable same = new PerturbationTable(3, 1.0, 2);
        double worst = 0;
        double worstSame = 0;
        for (long x = 0; x <= 40; x++) {
            for (long[] steps : new long[][] {{1, 1}, {1, 2}, {2, 1}}) {
                worst = Math.max(worst, chanceAChainPinsASmallDifference(TABLE, x, steps[0], steps[1]));
                worstSame = Math.max(worstSame, chanceAChainPinsASmallDifference(same, x, steps[0], steps[1]));
            }
        }
        assertThat(worst).isCloseTo(chanceAChainPinsASmallDifference(TABLE, 1, 1, 1), within(1e-15)).isCloseTo(0.00668, within(0.0001));
        assertThat(worstSame).isCloseTo(0.01493, within(0.0001));
    }
}
