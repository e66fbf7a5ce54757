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
    void every_distribution_sums_to_one_and_changes_a_count_by_at_most_three() {
        for (long i = 0; i <= 200; i++) {
            double sum = 0;
            for (long j = Math.max(0, i - 10); j <= i + 10; j++) {
                double p = TABLE.probability(i, j);
                sum += p;
                if (Math.abs(j - i) > D) {
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
        // SciPy 1.17 SLSQP maximising entropy directly over the allowed counts (not the dual used here), to 1e-8
        Map<Long, Map<Long, Double>> scipy = Map.of(
                1L, Map.of(0L, 0.70487443537, 3L, 0.180502258519, 4L, 0.114623306111),
                3L, Map.of(0L, 0.079599676563, 3L, 0.703244884291, 4L, 0.196270198688, 5L, 0.020126890375, 6L, 0.000758350083),
                5L, Map.of(3L, 0.060276509681, 4L, 0.247231040336, 5L, 0.391499606894, 6L, 0.239349840492, 7L, 0.056494788586,
                        8L, 0.005148214012),
                6L, Map.of(3L, 0.004508195559, 4L, 0.054347235871, 5L, 0.242037289347, 6L, 0.398214566164, 7L, 0.242037273333,
                        8L, 0.054347244746, 9L, 0.00450819498));
        scipy.forEach((i, row) -> row.forEach((j, p) -> assertThat(TABLE.probability(i, j)).as("p(%d|%d)", j, i)
                .isCloseTo(p, within(1e-6))));
        // beyond the cap, the same changes as at the cap
        assertThat(TABLE.cap()).isEqualTo(6);
        assertThat(TABLE.probability(1000, 997)).isEqualTo(TABLE.probability(6, 3));
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

    /** The originals that could have been published as {@code published}. */
    private static Set<Long> originalsOf(long published) {
        Set<Long> originals = new HashSet<>();
        for (long x = Math.max(0, published - D); x <= published + D; x++) {
            if (TABLE.probability(x, published) > 0) {
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
                    assertThat(originalsOf(y)).as("originals of a published %d", y).hasSizeGreaterThan(1);
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
    private static double chanceTheDifferenceIsCertain(long smaller, long d) {
        double certain = 0;
        long larger = smaller + d;
        for (long yLarger = Math.max(0, larger - D); yLarger <= larger + D; yLarger++) {
            for (long ySmaller = Math.max(0, smaller - D); ySmaller <= smaller + D; ySmaller++) {
                double chance = TABLE.probability(larger, yLarger) * TABLE.probability(smaller, ySmaller);
                if (chance == 0) {
                    continue;
                }
                Set<Long> differences = new HashSet<>();
                for (long a : originalsOf(yLarger)) {
                    for (long b : originalsOf(ySmaller)) {
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
    void differencing_two_published_cells_never_recovers_a_difference_of_two_to_four() {
        for (long smaller = 0; smaller <= 100; smaller++) {
            for (long d = 2; d <= 4; d++) {
                assertThat(chanceTheDifferenceIsCertain(smaller, d)).as("%d more records than %d", d, smaller).isZero();
            }
        }
    }

    @Test
    void differencing_recovers_a_single_record_only_on_opposite_extreme_changes_which_are_rare() {
        // the limit of any bounded change: a count published 3 low beside one published 3 high pins a difference of 1
        double worst = 0;
        for (long smaller = 0; smaller <= 100; smaller++) {
            double chance = chanceTheDifferenceIsCertain(smaller, 1);
            if (smaller != 2) {
                assertThat(chance).as("one record more than %d", smaller).isLessThan(5e-5);
            }
            worst = Math.max(worst, chance);
        }
        // worst: 3 published as 0 (p = 0.0796) beside 2 published as 5 (p = 0.1316)
        assertThat(chanceTheDifferenceIsCertain(2, 1)).isCloseTo(TABLE.probability(3, 0) * TABLE.probability(2, 5), within(1e-12));
        assertThat(worst).isLessThan(0.011);
        // from 0 and 1, the smallest counts, a single record more is never recovered
        assertThat(chanceTheDifferenceIsCertain(0, 1)).isZero();
        assertThat(chanceTheDifferenceIsCertain(1, 1)).isZero();
    }
}
