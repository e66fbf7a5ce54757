package uk.saferschools.oversight.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.statistics.DisclosureControl.ProtectedTable;

/**
 * Worked examples computed by hand, then properties over many random tables (seeded, so repeatable).
 * The central property is checked as an intruder would attack: from the published text alone, the
 * range each withheld figure could take, by linear programming over the equations the totals give,
 * with no count below 0.
 */
class DisclosureControlTest {

    static final String C = DisclosureControl.SUPPRESSED;

    @Test
    void a_single_three_in_a_three_by_three_table_is_hidden_in_a_rectangle() {
        // 3  12  8 | 23      Primary: the 3. Its row then holds one withheld cell: withhold the row's
        // 9   6 15 | 30      smallest other cell, the 8. Column 0 now holds one: withhold its smallest
        // 10 20  7 | 37      other cell, the 9. Column 2 holds one: of its cells, the 15 closes the
        // 22 38 30 | 90      rectangle through the 9, so it goes before the smaller 7, which would not.
        ProtectedTable table = DisclosureControl.protect(new long[][] {{3, 12, 8}, {9, 6, 15}, {10, 20, 7}});

        assertThat(publishedCells(table)).isDeepEqualTo(new String[][] {
                {C, "12", C},
                {C, "6", C},
                {"10", "20", "7"}});
        assertThat(publishedTotals(table)).containsExactly("23", "30", "37", "22", "38", "30", "90");
        // The intruder: x00 + x02 = 11, x00 + x10 = 12, x10 + x12 = 24, x02 + x12 = 23, so x00 = t,
        // x02 = 11 − t, x10 = 12 − t, x12 = 12 + t for any t from 0 to 11.
        TableIntruder intruder = TableIntruder.reading(table);
        assertThat(intruder.range(0, 0)).isEqualTo(new Range(0, 11));
        assertThat(intruder.range(0, 2)).isEqualTo(new Range(0, 11));
        assertThat(intruder.range(1, 0)).isEqualTo(new Range(1, 12));
        assertThat(intruder.range(1, 2)).isEqualTo(new Range(12, 23));
    }

    @Test
    void a_row_with_no_other_count_above_zero_gives_up_its_total() {
        // 7 0 0 |  7     Primary: the 2. Row 1: withhold its smallest other cell, the 5. Column 0:
        // 2 5 6 | 13     the 7. Row 0 has no other cell above 0, so its total 7 goes; the total column
        // 9 5 6 | 20     then holds one: the row total 13 closes a cycle. Column 1 has no other cell
        //                above 0: its total 5 goes; the totals row then holds one: the column total 9
        //                closes a cycle (the 6 would not, and the grand total goes last).
        ProtectedTable table = DisclosureControl.protect(new long[][] {{7, 0, 0}, {2, 5, 6}});

        assertThat(publishedCells(table)).isDeepEqualTo(new String[][] {{C, "0", "0"}, {C, C, "6"}});
        assertThat(publishedTotals(table)).containsExactly(C, C, C, C, "6", "20");
        // With x00 = t and x11 = s, every withheld figure follows and x10 = 14 − s − t.
        TableIntruder intruder = TableIntruder.reading(table);
        assertThat(intruder.range(0, 0)).isEqualTo(new Range(0, 14));
        assertThat(intruder.range(1, 0)).isEqualTo(new Range(0, 14));
        assertThat(intruder.range(0, 3)).isEqualTo(new Range(0, 14));
    }

    @Test
    void two_protected_blocks_joined_by_one_cell_need_one_more_cell() {
        // Every row and column with a withheld cell holds at least two, yet the 4 at (0, 2) is the only
        // link between the block of rows 0–1 × columns 0–1 and the block of rows 2–3 × columns 2–3:
        // rows 0 and 1 less columns 0 and 1 leave it alone against published cells.
        long[][] cells = {{2, 3, 4, 30}, {3, 2, 20, 5}, {40, 50, 1, 2}, {60, 70, 3, 4}};
        Long[][] primaryOnly = {
                {null, null, null, 30L, 39L},
                {null, null, 20L, 5L, 30L},
                {40L, 50L, null, null, 93L},
                {60L, 70L, null, null, 137L},
                {105L, 125L, 28L, 41L, 299L}};
        assertThat(new TableIntruder(primaryOnly).range(0, 2)).isEqualTo(new Range(4, 4));

        ProtectedTable table = DisclosureControl.protect(cells);

        // The smallest cell joining one block's rows to the other's columns: the 5 at (1, 3).
        assertThat(publishedCells(table)).isDeepEqualTo(new String[][] {
                {C, C, C, "30"},
                {C, C, "20", C},
                {"40", "50", C, C},
                {"60", "70", C, C}});
        assertThat(TableIntruder.reading(table).range(0, 2).width()).isPositive();
    }

    @Test
    void a_table_of_one_small_count_withholds_every_figure() {
        ProtectedTable table = DisclosureControl.protect(new long[][] {{3}});

        assertThat(table.shown(0, 0)).isEqualTo(C);
        assertThat(publishedTotals(table)).containsOnly(C);
        assertThat(TableIntruder.reading(table).range(0, 0)).isEqualTo(new Range(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void zeros_are_shown_and_a_table_of_zeros_is_published_whole() {
        ProtectedTable table = DisclosureControl.protect(new long[][] {{0, 0}, {0, 0}});

        assertThat(publishedCells(table)).isDeepEqualTo(new String[][] {{"0", "0"}, {"0", "0"}});
        assertThat(publishedTotals(table)).containsOnly("0");
    }

    @Test
    void rates_need_ten_events_and_are_unstable_below_twenty() {
        assertThat(DisclosureControl.rateReliability(0)).isEqualTo(Reliability.SUPPRESSED);
        assertThat(DisclosureControl.rateReliability(9)).isEqualTo(Reliability.SUPPRESSED);
        assertThat(DisclosureControl.rateReliability(10)).isEqualTo(Reliability.UNSTABLE);
        assertThat(DisclosureControl.rateReliability(19)).isEqualTo(Reliability.UNSTABLE);
        assertThat(DisclosureControl.rateReliability(20)).isEqualTo(Reliability.RELIABLE);
        assertThatThrownBy(() -> DisclosureControl.rateReliability(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_withheld_cell_has_no_rate_however_many_events() {
        ProtectedTable table = DisclosureControl.protect(new long[][] {{3, 12, 8}, {9, 6, 15}, {10, 20, 7}});

        assertThat(table.rateReliability(1, 2)).as("15, withheld").isEqualTo(Reliability.SUPPRESSED);
        assertThat(table.rateReliability(0, 1)).as("12").isEqualTo(Reliability.UNSTABLE);
        assertThat(table.rateReliability(2, 1)).as("20").isEqualTo(Reliability.RELIABLE);
        assertThat(table.rateReliability(1, 1)).as("6").isEqualTo(Reliability.SUPPRESSED);
    }

    @Test
    void rejects_tables_that_are_not_tables_of_counts() {
        assertThatThrownBy(() -> DisclosureControl.protect(new long[0][])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DisclosureControl.protect(new long[][] {{}})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DisclosureControl.protect(new long[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DisclosureControl.protect(new long[][] {{5, -1}}))
                .isInstanceOf(IllegalArgumentException.class);
        ProtectedTable table = DisclosureControl.protect(new long[][] {{5, 6}});
        assertThatThrownBy(() -> table.shown(1, 0)).as("a total is not a cell").isInstanceOf(IndexOutOfBoundsException.class);
    }

    // Properties over random tables

    @Test
    void every_count_from_1_to_4_is_withheld_and_no_zero_is() {
        for (long[][] cells : RandomTables.draw(20_240_101, 2_000)) {
            ProtectedTable table = DisclosureControl.protect(cells);
            long[][] grid = grid(cells);
            boolean[][] withheld = withheldGrid(table);
            for (int i = 0; i < grid.length; i++) {
                for (int j = 0; j < grid[0].length; j++) {
                    if (grid[i][j] >= 1 && grid[i][j] <= 4) {
                        assertThat(withheld[i][j]).as("%d at (%d, %d) of%n%s", grid[i][j], i, j, table).isTrue();
                    }
                    if (grid[i][j] == 0) {
                        assertThat(withheld[i][j]).as("0 at (%d, %d) of%n%s", i, j, table).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void no_withheld_figure_can_be_worked_out_from_what_is_published() {
        attack(DisclosureControl::protect);
    }

    @Test
    void keeping_column_totals_no_withheld_figure_can_be_worked_out_either() {
        attack(DisclosureControl::protectKeepingColumnTotals);
    }

    @Test
    void keeping_column_totals_gives_up_the_grand_total_before_a_group() {
        // Two areas by three groups; the Other group's total of 3 is withheld, and with every other total
        // shown it would follow from 178 - 130 - 45
        long[][] cells = {{100, 2, 30}, {30, 1, 15}};
        ProtectedTable kept = DisclosureControl.protectKeepingColumnTotals(cells);
        assertThat(kept.columnTotalShown(1)).isEqualTo(C);
        assertThat(kept.columnTotalShown(0)).isEqualTo("130");
        assertThat(kept.columnTotalShown(2)).isEqualTo("45");
        assertThat(kept.isGrandTotalSuppressed()).isTrue();
        ProtectedTable plain = DisclosureControl.protect(cells);
        assertThat(plain.isColumnTotalSuppressed(2)).as("the plain order gives up a column total first").isTrue();
        assertThat(plain.isGrandTotalSuppressed()).isFalse();
    }

    @Test
    void counts_with_their_total_withhold_only_the_small_counts_and_the_total() {
        ProtectedTable table = DisclosureControl.protectCountsWithTheirTotal(new long[] {130, 3, 45, 0});
        assertThat(table.columnTotalShown(0)).isEqualTo("130");
        assertThat(table.columnTotalShown(1)).isEqualTo(C);
        assertThat(table.shown(0, 1)).isEqualTo(C);
        assertThat(table.columnTotalShown(2)).isEqualTo("45");
        assertThat(table.columnTotalShown(3)).isEqualTo("0");
        assertThat(table.grandTotalShown()).isEqualTo(C);
        assertThat(DisclosureControl.protectCountsWithTheirTotal(new long[] {130, 45}).grandTotalShown()).isEqualTo("175");
    }

    @Test
    void counts_with_their_total_cannot_be_worked_out_either() {
        List<long[][]> rows = RandomTables.draw(20_240_105, 2_000).stream().map(t -> new long[][] {t[0]}).toList();
        attack(cells -> DisclosureControl.protectCountsWithTheirTotal(cells[0]), rows, 500);
    }

    @Test
    void counts_of_a_published_total_withhold_a_second_count_beside_a_lone_small_one() {
        ProtectedTable table = DisclosureControl.protectCountsOfAPublishedTotal(new long[] {21, 4, 0, 6});
        assertThat(table.shown(0, 0)).isEqualTo("21");
        assertThat(table.shown(0, 1)).isEqualTo(C);
        assertThat(table.shown(0, 2)).isEqualTo("0");
        assertThat(table.shown(0, 3)).as("the smallest other count").isEqualTo(C);
        assertThat(table.grandTotalShown()).isEqualTo("31");
        assertThat(DisclosureControl.protectCountsOfAPublishedTotal(new long[] {3, 0}).grandTotalShown()).isEqualTo(C);
    }

    @Test
    void counts_of_a_published_total_cannot_be_worked_out_either() {
        List<long[][]> rows = RandomTables.draw(20_240_106, 2_000).stream().map(t -> new long[][] {t[0]}).toList();
        attack(cells -> DisclosureControl.protectCountsOfAPublishedTotal(cells[0]), rows, 500);
    }

    @Test
    void knowing_that_no_withheld_figure_is_zero_none_can_be_worked_out() {
        pinned(DisclosureControl::protect, RandomTables.draw(20_240_102, 2_000));
        pinned(DisclosureControl::protectKeepingColumnTotals, RandomTables.draw(20_240_107, 2_000));
        List<long[][]> rows = RandomTables.draw(20_240_108, 2_000).stream().map(t -> new long[][] {t[0]}).toList();
        pinned(cells -> DisclosureControl.protectCountsOfAPublishedTotal(cells[0]), rows);
        pinned(cells -> DisclosureControl.protectCountsWithTheirTotal(cells[0]), rows);
    }

    @Test
    void two_withheld_ones_that_a_total_gives_away_take_a_third_figure_with_them() {
        // 20, 1, 1, 0 of 22: with only the two 1s withheld they add up to 2, so each is 1
        ProtectedTable row = DisclosureControl.protectCountsOfAPublishedTotal(new long[] {20, 1, 1, 0});
        assertThat(row.shown(0, 0)).isEqualTo(C);
        assertThat(row.grandTotalShown()).isEqualTo("22");
        // a column 0, 9, 5, 8, 1, 1 of 24 (the reviewer's case): the two 1s may not be the only withheld figures in it
        ProtectedTable table = DisclosureControl.protect(new long[][] {{0, 10}, {9, 10}, {5, 10}, {8, 10}, {1, 10}, {1, 10}});
        TableIntruder intruder = TableIntruder.reading(table).knowingNoWithheldFigureIsZero();
        for (int i = 0; i < 6; i++) {
            if (table.isSuppressed(i, 0)) {
                Range range = intruder.range(i, 0);
                assertThat(range.upper()).as("row %d of%n%s", i, table).isGreaterThan(range.lower());
            }
        }
    }

    /** No withheld figure has a single possible value for an intruder who knows none of them is 0. */
    private void pinned(Function<long[][], ProtectedTable> protection, List<long[][]> tables) {
        int attacked = attackEach(protection, tables, true, (range, truth, where) -> {
            assertThat(range.lower()).as("lowest for " + where).isLessThanOrEqualTo(truth);
            assertThat(range.upper()).as("highest for " + where).isGreaterThanOrEqualTo(truth).isGreaterThan(range.lower());
        });
        assertThat(attacked).as("figures attacked").isGreaterThan(1_000);
    }

    private void attack(Function<long[][], ProtectedTable> protection) {
        attack(protection, RandomTables.draw(20_240_102, 2_000), 10_000);
    }

    private void attack(Function<long[][], ProtectedTable> protection, List<long[][]> tables, int least) {
        int withheld = attackEach(protection, tables, false, (range, truth, where) -> {
            // Ranges have whole-number ends (the equations are a network's), so a true value
            // strictly inside means at least two whole values fit on each side of the attack.
            assertThat(range.lower()).as("lowest for " + where).isLessThan(truth);
            assertThat(range.upper()).as("highest for " + where).isGreaterThan(truth);
        });
        assertThat(withheld).as("figures attacked").isGreaterThan(least);
    }

    /** What to assert of the range an intruder finds for one withheld figure. */
    interface RangeCheck {
        void check(Range range, long truth, String where);
    }

    /** Protects each table and attacks every withheld figure of it with {@code check}; returns how many were attacked. */
    private static int attackEach(Function<long[][], ProtectedTable> protection, List<long[][]> tables,
                                  boolean knowingNoneIsZero, RangeCheck check) {
        int attacked = 0;
        for (long[][] cells : tables) {
            ProtectedTable table = protection.apply(cells);
            TableIntruder intruder = TableIntruder.reading(table);
            if (knowingNoneIsZero) {
                intruder.knowingNoWithheldFigureIsZero();
            }
            long[][] grid = grid(cells);
            for (int i = 0; i < grid.length; i++) {
                for (int j = 0; j < grid[0].length; j++) {
                    if (intruder.published[i][j] == null) {
                        check.check(intruder.range(i, j), grid[i][j],
                                String.format("%d at (%d, %d) of%n%s", grid[i][j], i, j, table));
                        attacked++;
                    }
                }
            }
        }
        return attacked;
    }

    @Test
    void what_is_published_is_the_true_count_and_the_true_totals() {
        for (long[][] cells : RandomTables.draw(20_240_103, 2_000)) {
            ProtectedTable table = DisclosureControl.protect(cells);
            long[][] grid = grid(cells);
            String[][] shown = TableIntruder.shownGrid(table);
            for (int i = 0; i < grid.length; i++) {
                for (int j = 0; j < grid[0].length; j++) {
                    assertThat(shown[i][j]).as("(%d, %d) of%n%s", i, j, table).isIn(C, Long.toString(grid[i][j]));
                }
            }
        }
    }

    @Test
    void a_table_with_no_count_from_1_to_4_is_published_whole() {
        Random random = new Random(20_240_104);
        for (int t = 0; t < 1_000; t++) {
            long[][] cells = new long[1 + random.nextInt(6)][1 + random.nextInt(8)];
            for (long[] row : cells) {
                Arrays.setAll(row, j -> random.nextBoolean() ? 0 : 5 + random.nextInt(20));
            }
            ProtectedTable table = DisclosureControl.protect(cells);
            assertThat(table.toString()).as("%s", table).doesNotContain(C);
        }
    }

    // Helpers

    /** The published cells, row by row. */
    static String[][] publishedCells(ProtectedTable table) {
        String[][] cells = new String[table.rows()][table.columns()];
        for (int i = 0; i < table.rows(); i++) {
            for (int j = 0; j < table.columns(); j++) {
                cells[i][j] = table.shown(i, j);
            }
        }
        return cells;
    }

    /** The published row totals, then column totals, then the grand total. */
    static List<String> publishedTotals(ProtectedTable table) {
        List<String> totals = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            totals.add(table.rowTotalShown(i));
        }
        for (int j = 0; j < table.columns(); j++) {
            totals.add(table.columnTotalShown(j));
        }
        totals.add(table.grandTotalShown());
        return totals;
    }

    /** The cells with their totals: row totals in an extra column, column totals and grand total in an extra row. */
    static long[][] grid(long[][] cells) {
        int rows = cells.length;
        int columns = cells[0].length;
        long[][] grid = new long[rows + 1][columns + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                grid[i][j] = cells[i][j];
                grid[i][columns] += cells[i][j];
                grid[rows][j] += cells[i][j];
                grid[rows][columns] += cells[i][j];
            }
        }
        return grid;
    }

    /** Whether each figure of the grid is withheld, as the table's methods say. */
    static boolean[][] withheldGrid(ProtectedTable table) {
        int rows = table.rows();
        int columns = table.columns();
        boolean[][] withheld = new boolean[rows + 1][columns + 1];
        for (int i = 0; i <= rows; i++) {
            for (int j = 0; j <= columns; j++) {
                withheld[i][j] = i < rows && j < columns ? table.isSuppressed(i, j)
                        : i < rows ? table.isRowTotalSuppressed(i)
                        : j < columns ? table.isColumnTotalSuppressed(j)
                        : table.isGrandTotalSuppressed();
            }
        }
        return withheld;
    }

    /** Tables from 1 × 1 to 6 × 8; each draws its own mix of zeros, counts of 1–4, 5–9 and 10–99. */
    static final class RandomTables {

        static List<long[][]> draw(long seed, int count) {
            Random random = new Random(seed);
            List<long[][]> tables = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                double zeros = 0.4 * random.nextDouble();
                double small = zeros + 0.4 * random.nextDouble();
                double middling = small + 0.3;
                long[][] cells = new long[1 + random.nextInt(6)][1 + random.nextInt(8)];
                for (long[] row : cells) {
                    Arrays.setAll(row, j -> {
                        double u = random.nextDouble();
                        return u < zeros ? 0
                                : u < small ? 1 + random.nextInt(4)
                                : u < middling ? 5 + random.nextInt(5)
                                : 10 + random.nextInt(90);
                    });
                }
                tables.add(cells);
            }
            return tables;
        }
    }

    /** The values a withheld figure could take consistent with everything published. */
    record Range(double lower, double upper) {

        /** The ends are whole numbers (a table's equations are totally unimodular): rounding clears floating-point noise and −0. */
        Range {
            lower = whole(lower);
            upper = whole(upper);
        }

        private static double whole(double end) {
            return Double.isInfinite(end) ? end : Math.round(end);
        }

        double width() {
            return upper - lower;
        }
    }

    /**
     * An intruder holding only the published table, as a grid with its totals ({@code null} where
     * withheld). Every row and column of the grid is an equation: its cells add up to its total.
     */
    static final class TableIntruder {

        final Long[][] published;

        /** The least a withheld figure can be: 0 for an intruder who ignores that a 0 is always shown, else 1. */
        private long least;

        TableIntruder(Long[][] published) {
            this.published = published;
        }

        /** An intruder who knows that a withheld figure is never 0 (every 0 is shown). */
        TableIntruder knowingNoWithheldFigureIsZero() {
            least = 1;
            return this;
        }

        static TableIntruder reading(ProtectedTable table) {
            String[][] shown = shownGrid(table);
            Long[][] published = new Long[shown.length][shown[0].length];
            for (int i = 0; i < shown.length; i++) {
                for (int j = 0; j < shown[0].length; j++) {
                    published[i][j] = shown[i][j].equals(C) ? null : Long.parseLong(shown[i][j]);
                }
            }
            return new TableIntruder(published);
        }

        static String[][] shownGrid(ProtectedTable table) {
            int rows = table.rows();
            int columns = table.columns();
            String[][] shown = new String[rows + 1][columns + 1];
            for (int i = 0; i <= rows; i++) {
                for (int j = 0; j <= columns; j++) {
                    shown[i][j] = i < rows && j < columns ? table.shown(i, j)
                            : i < rows ? table.rowTotalShown(i)
                            : j < columns ? table.columnTotalShown(j)
                            : table.grandTotalShown();
                }
            }
            return shown;
        }

        /**
         * The least and greatest value of the withheld figure at ({@code row}, {@code column}) of the grid, by the
         * product's own attack ({@link Intruder}): the unknowns are the table's cells, and each figure of the grid
         * (cell, row or column total, grand total) is the sum of the cells it covers.
         */
        Range range(int row, int column) {
            if (published[row][column] != null) {
                throw new IllegalArgumentException("(" + row + ", " + column + ") is published");
            }
            int rows = published.length - 1;
            int columns = published[0].length - 1;
            Intruder lp = new Intruder(rows * columns);
            for (int i = 0; i <= rows; i++) {
                for (int j = 0; j <= columns; j++) {
                    List<Integer> covered = new ArrayList<>();
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < columns; c++) {
                            if ((i == rows || i == r) && (j == columns || j == c)) {
                                covered.add(r * columns + c);
                            }
                        }
                    }
                    int[] cells = covered.stream().mapToInt(Integer::intValue).toArray();
                    String name = i + "," + j;
                    if (published[i][j] != null) {
                        lp.published(cells, published[i][j]);
                    } else if (least == 1) {
                        lp.withheld(name, cells);
                    } else {
                        lp.counted(name, cells); // an intruder who ignores that a withheld figure is never 0
                    }
                }
            }
            Intruder.Range range = lp.ranges().get(row + "," + column);
            return new Range(range.lower(), range.upper());
        }
    }

}
