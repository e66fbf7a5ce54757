package uk.saferschools.oversight.statistics;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Statistical disclosure control for count tables published to the public: counts of powers used on
 * children by ethnic group (rows) and area or month (columns), with row totals, column totals and a
 * grand total. The design document's rules for public tables:
 * <ul>
 * <li><b>Primary suppression.</b> A count of 1 to 4, in a cell or a total, is shown as {@value #SUPPRESSED}
 * (the GSS symbol for a figure withheld as confidential). A 0 is shown: it names no child.</li>
 * <li><b>Secondary suppression.</b> Further figures are withheld until no withheld figure can be worked
 * out from the published cells and totals. A figure that is 0 is never withheld to protect another: it
 * would add no uncertainty, since a count cannot be below 0.</li>
 * <li><b>Rates.</b> No rate or ratio on fewer than 10 events; 10 to 19 shown and marked unstable
 * ({@link Reliability}).</li>
 * </ul>
 * <p>
 * Sources: GSS/GSR, <i>Disclosure control guidance for tables produced from administrative sources</i>
 * (2014): threshold suppression of small counts with secondary suppression of cells and totals;
 * Hundepool et al., <i>Statistical Disclosure Control</i> (Wiley 2012), chapters 4 and 5, on cell
 * suppression; Gusfield, <i>A graph theoretic approach to statistical data security</i> (SIAM Journal on
 * Computing 17:552, 1988), for when a withheld figure is safe.
 * <p>
 * <b>When a withheld figure is safe.</b> Write the table with its totals as one grid, the row totals as
 * an extra column and the column totals and grand total as an extra row. Every line of the grid (each
 * row, each column) is an equation: its cells add up to its total. Draw a graph with a node for each
 * line of the grid, rows on one side and columns on the other, and an edge for each withheld figure,
 * joining its row to its column. A withheld figure that lies on a cycle of this graph cannot be worked
 * out: adding 1 and taking 1 in turn round the cycle keeps every line's sum, and every withheld figure
 * is at least 1, so the published table fits other values on both sides of the true one. A withheld
 * figure on no cycle (a <i>bridge</i>) is always exposed: adding the equations of the lines on one side
 * of it leaves it alone against published figures. In a two-way table with its totals, that is the whole
 * story (Gusfield 1988). The single withheld cell of a row is the simplest bridge; a cell that alone
 * links two blocks of withheld cells is one too, though its row and its column each hold other withheld
 * cells.
 * <p>
 * <b>Choosing what else to withhold.</b> While a withheld figure is a bridge, cut it and take the
 * smaller side (of the row's side when the two are equal). Withhold one figure that is not 0 and joins
 * that side to a line outside it, preferring, in order: a cell to a row or column total, and those to
 * the grand total (totals are published unless they must not be); one that closes a cycle through the
 * bridge; the smallest; the first in the table. For the single withheld cell of a row, that is the
 * smallest other cell of the row that is not 0, or the row total if there is none. Such a figure always
 * exists: were every figure joining that side to the rest 0, the side's equations would give the bridge
 * as 0, but it is at least 1. Each round withholds one more figure, so the process ends, at worst with
 * every figure that is not 0 withheld, which has no bridge for the same reason.
 * <p>
 * One table is protected on its own. Two published tables that share totals (ethnic group by area, and
 * by month) must withhold the shared totals alike, or one table's totals can unlock the other's cells.
 * Publications over the same records are protected together by the caller: the figures to withhold as well
 * ({@code alsoWithheld}) come from {@link Intruder}'s attack on everything public (ADR 0010).
 */
public final class DisclosureControl {

    /** What a withheld figure is shown as: GSS guidance on symbols in tables writes "confidential" so. */
    public static final String SUPPRESSED = "[c]";

    /** The largest count withheld for its own sake; counts from 1 up to it are withheld, 0 is shown. */
    public static final long LARGEST_DISCLOSIVE_COUNT = 4;

    private DisclosureControl() {
    }

    /**
     * Protects a table of counts, {@code cells[row][column]}, with its totals (computed here).
     *
     * @throws IllegalArgumentException if the table is empty, not rectangular, or has a negative count
     */
    public static ProtectedTable protect(long[][] cells) {
        Suppression suppression = new Suppression(withTotals(cells), false);
        suppression.withholdUntilNoBridge();
        return new ProtectedTable(suppression.figures, suppression.suppressed);
    }

    /**
     * The same, for a table whose column totals are its headline figures (counts by group, with the
     * areas as rows): a further figure is withheld from the cells first, then from the row totals, then
     * the grand total, and a column total only when nothing else will do. The rules of safety are the
     * same; only the choice among safe figures differs.
     */
    public static ProtectedTable protectKeepingColumnTotals(long[][] cells) {
        return protectKeepingColumnTotals(cells, null);
    }

    /**
     * The same, withholding as well the figures {@code alsoWithheld} marks in the grid of cells and totals
     * ({@code [rows + 1][columns + 1]}, totals last; null for none), before secondary suppression: what joint
     * protection with earlier publications asks for. A 0 is never withheld.
     */
    public static ProtectedTable protectKeepingColumnTotals(long[][] cells, boolean[][] alsoWithheld) {
        Suppression suppression = new Suppression(withTotals(cells), true);
        suppression.alsoWithhold(alsoWithheld);
        suppression.withholdUntilNoBridge();
        return new ProtectedTable(suppression.figures, suppression.suppressed);
    }

    /**
     * Counts of one row (by group, say) with their total, where each count is its own column total: a
     * count of 1 to 4 is withheld, and then, if any is, the total of all and nothing else (one equation
     * with at least two unknowns, the total among them, so every withheld count can move up or down by 1).
     * Unlike {@link #protect}, which would give up another group's count before the total.
     */
    public static ProtectedTable protectCountsWithTheirTotal(long[] counts) {
        return protectCountsWithTheirTotal(counts, null);
    }

    /**
     * The same, withholding as well the counts {@code alsoWithheld} marks ({@code counts.length + 1}, the
     * total last; null for none), as joint protection with earlier publications asks; a 0 is never withheld.
     */
    public static ProtectedTable protectCountsWithTheirTotal(long[] counts, boolean[] alsoWithheld) {
        long[][] figures = withTotals(new long[][] {counts});
        boolean[][] suppressed = new boolean[2][counts.length + 1];
        boolean any = alsoWithheld != null && alsoWithheld[counts.length] && figures[0][counts.length] > 0;
        for (int j = 0; j < counts.length; j++) {
            boolean small = counts[j] >= 1 && counts[j] <= LARGEST_DISCLOSIVE_COUNT
                    || alsoWithheld != null && alsoWithheld[j] && counts[j] > 0;
            suppressed[0][j] = small;
            suppressed[1][j] = small;
            any |= small;
        }
        suppressed[0][counts.length] = any;
        suppressed[1][counts.length] = any;
        return new ProtectedTable(figures, suppressed);
    }

    /**
     * Counts of one row that split a total published elsewhere (outcomes of all searches, say): a count
     * of 1 to 4 is withheld, and then the smallest other counts that are not 0 until the withheld add up
     * to 5 or more, so that the total gives away neither one of them nor a small count of them together
     * (a withheld count is never 0, so two withheld that add up to 2 would be 1 each); the total stays
     * shown unless it is itself 1 to 4.
     */
    public static ProtectedTable protectCountsOfAPublishedTotal(long[] counts) {
        long[][] figures = withTotals(new long[][] {counts});
        long total = figures[0][counts.length];
        boolean[][] suppressed = new boolean[2][counts.length + 1];
        long withheldSum = 0;
        for (int j = 0; j < counts.length; j++) {
            suppressed[0][j] = counts[j] >= 1 && counts[j] <= LARGEST_DISCLOSIVE_COUNT;
            withheldSum += suppressed[0][j] ? counts[j] : 0;
        }
        if (total >= 1 && total <= LARGEST_DISCLOSIVE_COUNT) {
            for (int j = 0; j < counts.length; j++) {
                suppressed[0][j] = counts[j] > 0;
            }
            suppressed[0][counts.length] = true;
        } else {
            // The withheld counts add up to the total less the shown ones. While that sum is under 5, it would
            // give away a small count of the withheld together (and two withheld 1s, each exactly): take the
            // smallest other count that is not 0 with them.
            while (withheldSum >= 1 && withheldSum <= LARGEST_DISCLOSIVE_COUNT) {
                int smallest = -1;
                for (int j = 0; j < counts.length; j++) {
                    if (!suppressed[0][j] && counts[j] > 0 && (smallest < 0 || counts[j] < counts[smallest])) {
                        smallest = j;
                    }
                }
                suppressed[0][smallest] = true;
                withheldSum += counts[smallest];
            }
        }
        for (int j = 0; j <= counts.length; j++) {
            suppressed[1][j] = suppressed[0][j];
        }
        return new ProtectedTable(figures, suppressed);
    }

    /**
     * Whether a rate or ratio built on {@code events} may be published and how it is marked:
     * {@link Reliability#SUPPRESSED} below 10, {@link Reliability#UNSTABLE} from 10 to 19,
     * {@link Reliability#RELIABLE} from 20. Its {@link Reliability#label() label} is the marker.
     */
    public static Reliability rateReliability(long events) {
        if (events < 0) {
            throw new IllegalArgumentException("Events cannot be negative: " + events);
        }
        return Reliability.of(events);
    }

    /** The cells with a column of row totals and a row of column totals, the grand total in the corner. */
    private static long[][] withTotals(long[][] cells) {
        if (cells.length == 0 || cells[0].length == 0) {
            throw new IllegalArgumentException("A table needs at least one row and one column");
        }
        int rows = cells.length;
        int columns = cells[0].length;
        long[][] figures = new long[rows + 1][columns + 1];
        for (int i = 0; i < rows; i++) {
            if (cells[i].length != columns) {
                throw new IllegalArgumentException("Row " + i + " has " + cells[i].length + " cells, not " + columns);
            }
            for (int j = 0; j < columns; j++) {
                long count = cells[i][j];
                if (count < 0) {
                    throw new IllegalArgumentException("A count cannot be negative: " + count + " at row " + i + ", column " + j);
                }
                figures[i][j] = count;
                figures[i][columns] = Math.addExact(figures[i][columns], count);
                figures[rows][j] = Math.addExact(figures[rows][j], count);
                figures[rows][columns] = Math.addExact(figures[rows][columns], count);
            }
        }
        return figures;
    }

    /** A position in the grid of cells and totals. */
    private record Figure(int row, int column) {
    }

    /** A withheld figure on no cycle, with the nodes on each side of it once it is cut. */
    private record Bridge(Figure figure, boolean[] rowSide, boolean[] columnSide) {

        boolean[] smallerSide() {
            return count(columnSide) < count(rowSide) ? columnSide : rowSide;
        }

        boolean[] largerSide() {
            return smallerSide() == rowSide ? columnSide : rowSide;
        }

        private static int count(boolean[] nodes) {
            int count = 0;
            for (boolean node : nodes) {
                count += node ? 1 : 0;
            }
            return count;
        }
    }

    /**
     * The withheld figures of one grid and the graph of the class comment over its lines: node {@code i}
     * is row {@code i} of the grid, node {@code rows + j} its column {@code j}. Tables are small (tens of
     * lines), so a bridge is found by cutting each edge in turn and searching.
     */
    private static final class Suppression {

        private final long[][] figures;
        private final boolean[][] suppressed;
        private final int rows;
        private final int columns;
        private final boolean keepColumnTotals;

        /** Primary suppression: every figure from 1 to {@value DisclosureControl#LARGEST_DISCLOSIVE_COUNT}. */
        Suppression(long[][] figures, boolean keepColumnTotals) {
            this.figures = figures;
            this.keepColumnTotals = keepColumnTotals;
            this.rows = figures.length;
            this.columns = figures[0].length;
            this.suppressed = new boolean[rows][columns];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    suppressed[i][j] = figures[i][j] >= 1 && figures[i][j] <= LARGEST_DISCLOSIVE_COUNT;
                }
            }
        }

        /** Withholds the figures marked (a grid of the same shape, or null), except any that is 0. */
        void alsoWithhold(boolean[][] marked) {
            if (marked == null) {
                return;
            }
            if (marked.length != rows || marked[0].length != columns) {
                throw new IllegalArgumentException("The figures to withhold as well are not of the table's shape");
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    suppressed[i][j] |= marked[i][j] && figures[i][j] > 0;
                }
            }
        }

        /** Secondary suppression: one more figure a round while some withheld figure is a bridge. */
        void withholdUntilNoBridge() {
            while (true) {
                for (Optional<Bridge> bridge = firstBridge(); bridge.isPresent(); bridge = firstBridge()) {
                    Figure complement = complement(bridge.get());
                    suppressed[complement.row()][complement.column()] = true;
                }
                Optional<Figure> pinned = firstPinned();
                if (pinned.isEmpty()) {
                    return;
                }
                suppressed[besideIt(pinned.get()).row()][besideIt(pinned.get()).column()] = true;
            }
        }

        /**
         * The first withheld figure, row by row, whose value follows from what is published once it is known
         * that no withheld figure is 0 (a 0 is always shown). A cycle lets a figure move only if every
         * figure that goes down on it stays at least 1: each withheld figure must be able to go up or down
         * by 1 along some cycle of withheld figures, going down only where it is at least 2.
         * <p>
         * Written with each line's total on the other side of its equation, a cycle that adds 1 to a cell
         * (or the grand total) as it goes from its row to its column adds 1 to a row or column total as it
         * goes from its column to its row. So: an arc from a figure's row to its column where that step
         * adds 1 to it, or where it is at least 2; an arc back where that step adds 1 to it, or it is at least
         * 2. The figure can go up if, without it, its far end reaches its near end by the arcs; down the
         * same the other way, if it is at least 2.
         */
        private Optional<Figure> firstPinned() {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    if (suppressed[i][j] && !canMove(new Figure(i, j))) {
                        return Optional.of(new Figure(i, j));
                    }
                }
            }
            return Optional.empty();
        }

        private boolean canMove(Figure figure) {
            boolean total = isLineTotal(figure);
            int row = figure.row();
            int column = columnNode(figure.column());
            // up: a cell goes up stepping row -> column, so the cycle returns column ⇝ row; a total the other way
            boolean up = total ? reaches(row, column, figure) : reaches(column, row, figure);
            boolean down = value(figure) >= 2 && (total ? reaches(column, row, figure) : reaches(row, column, figure));
            return up || down;
        }

        /** A row or column total (not the grand total): its sign in its equations is the other way round. */
        private boolean isLineTotal(Figure figure) {
            return (figure.row() == rows - 1) != (figure.column() == columns - 1);
        }

        /** Whether {@code to} can be reached from {@code from} by the arcs of the withheld figures other than {@code cut}. */
        private boolean reaches(int from, int to, Figure cut) {
            boolean[] seen = new boolean[rows + columns];
            ArrayDeque<Integer> next = new ArrayDeque<>();
            next.add(from);
            seen[from] = true;
            while (!next.isEmpty()) {
                int node = next.poll();
                if (node == to) {
                    return true;
                }
                boolean isRow = node < rows;
                for (int k = 0; k < (isRow ? columns : rows); k++) {
                    Figure f = isRow ? new Figure(node, k) : new Figure(k, node - rows);
                    int other = isRow ? columnNode(k) : k;
                    if (!suppressed[f.row()][f.column()] || f.equals(cut) || seen[other]) {
                        continue;
                    }
                    // stepping row -> column adds 1 to a cell and takes 1 from a total; column -> row the reverse
                    boolean addsOne = isRow != isLineTotal(f);
                    if (addsOne || value(f) >= 2) {
                        seen[other] = true;
                        next.add(other);
                    }
                }
            }
            return false;
        }

        /**
         * A figure to withhold beside a pinned one: in its row or column, not withheld and not 0, by the
         * same preferences as for a bridge (a cell first, the grand total last; then the smallest).
         */
        private Figure besideIt(Figure pinned) {
            Comparator<Figure> preference = Comparator.comparingInt(this::orderOfSacrifice).thenComparingLong(this::value);
            return Stream.concat(
                            IntStream.range(0, columns).mapToObj(j -> new Figure(pinned.row(), j)),
                            IntStream.range(0, rows).mapToObj(i -> new Figure(i, pinned.column())))
                    .filter(f -> !suppressed[f.row()][f.column()] && value(f) > 0)
                    .min(preference)
                    .orElseGet(() -> IntStream.range(0, rows).boxed()
                            .flatMap(i -> IntStream.range(0, columns).mapToObj(j -> new Figure(i, j)))
                            .filter(f -> !suppressed[f.row()][f.column()] && value(f) > 0)
                            .min(preference)
                            .orElseThrow(() -> new IllegalStateException("Every figure is withheld and " + pinned
                                    + " is still pinned, which cannot be")));
        }

        /** The first withheld figure, row by row, that lies on no cycle. */
        private Optional<Bridge> firstBridge() {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    if (suppressed[i][j]) {
                        Figure cut = new Figure(i, j);
                        boolean[] rowSide = reachable(i, cut);
                        if (!rowSide[columnNode(j)]) {
                            return Optional.of(new Bridge(cut, rowSide, reachable(columnNode(j), cut)));
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** The figure to withhold next for {@code bridge}, by the preferences of the class comment. */
        private Figure complement(Bridge bridge) {
            boolean[] side = bridge.smallerSide();
            boolean[] otherSide = bridge.largerSide();
            Comparator<Figure> preference = Comparator.comparingInt(this::orderOfSacrifice)
                    .thenComparing(figure -> !(otherSide[figure.row()] || otherSide[columnNode(figure.column())]))
                    .thenComparingLong(this::value);
            return IntStream.range(0, rows).boxed()
                    .flatMap(i -> IntStream.range(0, columns).mapToObj(j -> new Figure(i, j)))
                    .filter(figure -> !suppressed[figure.row()][figure.column()] && value(figure) > 0)
                    .filter(figure -> side[figure.row()] != side[columnNode(figure.column())])
                    .min(preference)
                    .orElseThrow(() -> new IllegalStateException("Nothing can protect " + bridge.figure()
                            + ", which cannot be: the totals were computed from the cells"));
        }

        private long value(Figure figure) {
            return figures[figure.row()][figure.column()];
        }

        /**
         * 0 for a cell, 1 for a row or column total, 2 for the grand total; keeping column totals, 0 for a
         * cell, 1 for a row total, 2 for the grand total, 3 for a column total.
         */
        private int orderOfSacrifice(Figure figure) {
            boolean totalsRow = figure.row() == rows - 1;
            boolean totalsColumn = figure.column() == columns - 1;
            if (keepColumnTotals) {
                return totalsRow ? (totalsColumn ? 2 : 3) : totalsColumn ? 1 : 0;
            }
            return (totalsRow ? 1 : 0) + (totalsColumn ? 1 : 0);
        }

        private int columnNode(int column) {
            return rows + column;
        }

        /** The nodes reachable from {@code start} through withheld figures other than {@code cut}. */
        private boolean[] reachable(int start, Figure cut) {
            boolean[] seen = new boolean[rows + columns];
            Deque<Integer> frontier = new ArrayDeque<>();
            seen[start] = true;
            frontier.add(start);
            while (!frontier.isEmpty()) {
                int node = frontier.remove();
                for (int next = 0; next < seen.length; next++) {
                    if (!seen[next] && joined(node, next, cut)) {
                        seen[next] = true;
                        frontier.add(next);
                    }
                }
            }
            return seen;
        }

        /** Whether a withheld figure other than {@code cut} joins the two nodes (a row and a column). */
        private boolean joined(int node, int other, Figure cut) {
            boolean nodeIsRow = node < rows;
            if (nodeIsRow == other < rows) {
                return false;
            }
            int row = nodeIsRow ? node : other;
            int column = (nodeIsRow ? other : node) - rows;
            return suppressed[row][column] && !cut.equals(new Figure(row, column));
        }
    }

    /**
     * A table as it may be published. Rows and columns are those of the counts given; totals are read
     * through their own methods.
     */
    public static final class ProtectedTable {

        private final long[][] figures;
        private final boolean[][] suppressed;
        private final int rows;
        private final int columns;

        private ProtectedTable(long[][] figures, boolean[][] suppressed) {
            this.figures = figures;
            this.suppressed = suppressed;
            this.rows = figures.length - 1;
            this.columns = figures[0].length - 1;
        }

        public int rows() {
            return rows;
        }

        public int columns() {
            return columns;
        }

        public boolean isSuppressed(int row, int column) {
            return suppressed[Objects.checkIndex(row, rows)][Objects.checkIndex(column, columns)];
        }

        public boolean isRowTotalSuppressed(int row) {
            return suppressed[Objects.checkIndex(row, rows)][columns];
        }

        public boolean isColumnTotalSuppressed(int column) {
            return suppressed[rows][Objects.checkIndex(column, columns)];
        }

        public boolean isGrandTotalSuppressed() {
            return suppressed[rows][columns];
        }

        /** The cell as published: its count, or {@value DisclosureControl#SUPPRESSED}. */
        public String shown(int row, int column) {
            return shownAt(Objects.checkIndex(row, rows), Objects.checkIndex(column, columns));
        }

        public String rowTotalShown(int row) {
            return shownAt(Objects.checkIndex(row, rows), columns);
        }

        public String columnTotalShown(int column) {
            return shownAt(rows, Objects.checkIndex(column, columns));
        }

        public String grandTotalShown() {
            return shownAt(rows, columns);
        }

        /**
         * How a rate on the cell's count may be published. A withheld cell has no rate: beside its
         * published population, a rate would give the count back.
         */
        public Reliability rateReliability(int row, int column) {
            return isSuppressed(row, column) ? Reliability.SUPPRESSED : DisclosureControl.rateReliability(figures[row][column]);
        }

        private String shownAt(int row, int column) {
            return suppressed[row][column] ? SUPPRESSED : Long.toString(figures[row][column]);
        }

        /** The table as published, totals last, one row a line, tab-separated. */
        @Override
        public String toString() {
            StringBuilder table = new StringBuilder();
            for (int i = 0; i <= rows; i++) {
                for (int j = 0; j <= columns; j++) {
                    table.append(j == 0 ? "" : "\t").append(shownAt(i, j));
                }
                table.append('\n');
            }
            return table.toString();
        }
    }
}
