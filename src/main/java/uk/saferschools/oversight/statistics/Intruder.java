package uk.saferschools.oversight.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * An intruder who reads everything public and works out what it can of each withheld figure by linear
 * programming, as τ-ARGUS audits a suppression pattern (Hundepool et al., <i>Statistical Disclosure
 * Control</i>, Wiley 2012, section 4.4). The unknowns are counts of the finest cells the figures are
 * made of, each at least 0; every published figure is an equation (its cells add up to its value), and
 * every withheld figure is at least 1, since every 0 is shown. For each withheld figure the intruder
 * minimises and maximises it over everything that fits.
 * <p>
 * <b>The safety rule.</b> A withheld figure is <i>exposed</i> when no two whole numbers lie in its range:
 * the intruder knows its value (ADR 0010: a withheld figure must be able to move). A count of records that
 * no figure shows ({@link #counted}) is exposed when the intruder knows it lies from 1 to 4: a small count
 * found out by subtracting one publication from another, which is what the withheld figures are there to hide. The range is that of
 * the linear relaxation, which contains every whole solution, so a figure found safe here is safe against
 * an intruder who also knows that counts are whole; a figure found exposed is exposed, since the true
 * counts fit. Pure: no I/O, the same attack for the product and its tests.
 * <p>
 * Before the linear programs, an equation left with a single unknown (after those already known are
 * taken out) fixes it, and an equation of unknowns that add up to 0 fixes each at 0; this is repeated
 * until nothing more follows, which keeps the programs as small as the unknowns really are.
 */
public final class Intruder {

    /** What the intruder can say of one withheld figure: the least and greatest value that fits. */
    public record Range(double lower, double upper) {

        private static final double TOLERANCE = 1e-6;

        /** The ends as found, a whole number where they are one but for floating-point noise. */
        public Range {
            lower = snapped(lower);
            upper = snapped(upper);
        }

        private static double snapped(double end) {
            double whole = Math.rint(end);
            return Double.isFinite(end) && Math.abs(end - whole) < TOLERANCE ? whole + 0.0 : end;
        }

        /** Whether the intruder knows the figure: no two whole numbers fit. */
        public boolean pinned() {
            return Math.floor(upper + TOLERANCE) - Math.ceil(lower - TOLERANCE) < 1;
        }

        /**
         * Whether the intruder knows that the count is from 1 to {@value DisclosureControl#LARGEST_DISCLOSIVE_COUNT}:
         * a small count no table shows, found out all the same.
         */
        public boolean small() {
            return lower > 1 - TOLERANCE && upper < DisclosureControl.LARGEST_DISCLOSIVE_COUNT + TOLERANCE;
        }
    }

    /** A withheld figure the intruder knows, with its range. */
    public record Exposure(String figure, Range range) {
    }

    private record Equation(int[] counts, double[] coefficients, double value) {
    }

    /** A constraint for the linear programs: its relation is -1 for ≤, 0 for =, 1 for ≥. */
    private record Constraint(double[] coefficients, int relation, double constant) {
    }

    /** A figure attacked: withheld (known to be at least 1), or a count of records no figure shows. */
    private record Withheld(String name, int[] counts, boolean published) {

        boolean exposedBy(Range range) {
            return published ? range.pinned() : range.small();
        }
    }

    private final int counts;
    private final List<Equation> equations = new ArrayList<>();
    private final List<Withheld> withheld = new ArrayList<>();

    /** An intruder over {@code counts} unknown counts, numbered from 0, each at least 0. */
    public Intruder(int counts) {
        this.counts = counts;
    }

    /** A published figure: the sum of {@code cells} (each named once) is {@code value}. */
    public Intruder published(int[] cells, long value) {
        double[] ones = new double[cells.length];
        Arrays.fill(ones, 1);
        equations.add(new Equation(cells.clone(), ones, value));
        return this;
    }

    /** Something known without being published: the sum of {@code plus} equals the sum of {@code minus}. */
    public Intruder equal(int[] plus, int[] minus) {
        int[] cells = new int[plus.length + minus.length];
        double[] coefficients = new double[cells.length];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = k < plus.length ? plus[k] : minus[k - plus.length];
            coefficients[k] = k < plus.length ? 1 : -1;
        }
        equations.add(new Equation(cells, coefficients, 0));
        return this;
    }

    /** A withheld figure, named for what is reported of it: the sum of {@code cells}, known to be at least 1. */
    public Intruder withheld(String name, int[] cells) {
        withheld.add(new Withheld(name, cells.clone(), true));
        return this;
    }

    /**
     * A count of records that no figure shows as such (one borough's count for a group in one quarter, where
     * only the quarter and its year are published, say), attacked too: it is exposed when the intruder knows it
     * lies from 1 to {@value DisclosureControl#LARGEST_DISCLOSIVE_COUNT}, which is what differencing two
     * publications gives away.
     */
    public Intruder counted(String name, int[] cells) {
        withheld.add(new Withheld(name, cells.clone(), false));
        return this;
    }

    /** How many withheld figures the intruder attacks. */
    public int withheldFigures() {
        return withheld.size();
    }

    /** The intruder's range for each withheld figure, by name, in the order given. */
    public Map<String, Range> ranges() {
        Reduced reduced = reduce();
        Map<String, Range> ranges = new LinkedHashMap<>();
        for (Withheld w : withheld) {
            ranges.put(w.name(), reduced.range(w));
        }
        return ranges;
    }

    /** The withheld figures the intruder knows, in the order given. */
    public List<Exposure> exposed() {
        Reduced reduced = reduce();
        List<Exposure> exposed = new ArrayList<>();
        for (Withheld w : withheld) {
            if (reduced.provedSafe(w)) {
                continue;
            }
            Range range = reduced.range(w);
            if (w.exposedBy(range)) {
                exposed.add(new Exposure(w.name(), range));
            }
        }
        return exposed;
    }

    /** The first withheld figure the intruder knows, from the {@code from}-th on (0 for all). */
    public Optional<Exposure> firstExposed(int from) {
        Reduced reduced = reduce();
        for (int k = from; k < withheld.size(); k++) {
            if (reduced.provedSafe(withheld.get(k))) {
                continue;
            }
            Range range = reduced.range(withheld.get(k));
            if (withheld.get(k).exposedBy(range)) {
                return Optional.of(new Exposure(withheld.get(k).name(), range));
            }
        }
        return Optional.empty();
    }

    /** The index of the withheld figure named so, for {@link #firstExposed(int)}. */
    public int indexOf(String name) {
        for (int k = 0; k < withheld.size(); k++) {
            if (withheld.get(k).name().equals(name)) {
                return k;
            }
        }
        return -1;
    }

    /** Substitutes what the equations fix on their own, then keeps the rest for the linear programs. */
    private Reduced reduce() {
        Double[] known = new Double[counts];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Equation e : equations) {
                double rest = e.value();
                int unknown = -1;
                int unknowns = 0;
                boolean allPositive = true;
                for (int k = 0; k < e.counts().length; k++) {
                    int c = e.counts()[k];
                    if (known[c] != null) {
                        rest -= e.coefficients()[k] * known[c];
                    } else {
                        unknowns++;
                        unknown = k;
                        allPositive &= e.coefficients()[k] > 0;
                    }
                }
                if (unknowns == 1) {
                    known[e.counts()[unknown]] = rest / e.coefficients()[unknown];
                    progress = true;
                } else if (unknowns > 1 && allPositive && Math.abs(rest) < 1e-9) {
                    for (int c : e.counts()) {
                        if (known[c] == null) {
                            known[c] = 0.0;
                        }
                    }
                    progress = true;
                }
            }
        }
        return new Reduced(known);
    }

    /** The equations and withheld figures over the unknowns that remain. */
    private final class Reduced {

        private final Double[] known;
        private final int[] column;
        private final int columns;
        /** Each constraint over the unknowns that remain: coefficients, its relation (-1 ≤, 0 =, 1 ≥) and its constant. */
        private final List<Constraint> constraints = new ArrayList<>();

        Reduced(Double[] known) {
            this.known = known;
            this.column = new int[counts];
            int n = 0;
            for (int c = 0; c < counts; c++) {
                column[c] = known[c] == null ? n++ : -1;
            }
            this.columns = n;
            for (Double value : known) {
                if (value != null && value < -1e-6) {
                    throw new IllegalArgumentException("What is public is inconsistent: a count would be below 0");
                }
            }
            for (Equation e : equations) {
                double[] row = new double[columns];
                double rest = e.value();
                boolean any = false;
                for (int k = 0; k < e.counts().length; k++) {
                    int c = e.counts()[k];
                    if (known[c] != null) {
                        rest -= e.coefficients()[k] * known[c];
                    } else {
                        row[column[c]] += e.coefficients()[k];
                        any = true;
                    }
                }
                if (any) {
                    constraints.add(new Constraint(row, 0, rest));
                } else if (Math.abs(rest) > 1e-6) {
                    throw new IllegalArgumentException("What is public is inconsistent: a figure does not add up");
                }
            }
            for (Withheld w : withheld) {
                if (!w.published()) {
                    continue;
                }
                double[] row = new double[columns];
                double rest = 1;
                boolean any = false;
                for (int c : w.counts()) {
                    if (known[c] != null) {
                        rest -= known[c];
                    } else {
                        row[column[c]] += 1;
                        any = true;
                    }
                }
                if (any) {
                    constraints.add(new Constraint(row, 1, rest));
                }
            }
        }

        /**
         * Points that fit everything public, found once: the least of the sum of the unknowns and of two sums with
         * other weights, and the most of the same under a cap. A figure that takes two values far enough apart
         * among them can move, and a count that takes 0 or more than 4 in one of them is not known to be small:
         * neither needs linear programs of its own, which keeps the attack quick on many figures.
         */
        private List<double[]> witnesses;

        private List<double[]> witnesses() {
            if (witnesses != null) {
                return witnesses;
            }
            witnesses = new ArrayList<>();
            if (columns == 0) {
                return witnesses;
            }
            Random random = new Random(columns);
            List<double[]> weights = new ArrayList<>();
            double[] ones = new double[columns];
            Arrays.fill(ones, 1);
            weights.add(ones);
            for (int k = 0; k < 2; k++) {
                double[] w = new double[columns];
                for (int c = 0; c < columns; c++) {
                    w[c] = 1 + random.nextDouble();
                }
                weights.add(w);
            }
            double least = Double.NaN;
            for (double[] w : weights) {
                double[] point = solve(w, constraints);
                witnesses.add(point);
                if (Double.isNaN(least)) {
                    least = dot(ones, point);
                }
            }
            List<Constraint> capped = new ArrayList<>(constraints);
            capped.add(new Constraint(ones, -1, 2 * least + 100));
            for (double[] w : weights) {
                double[] most = new double[columns];
                for (int c = 0; c < columns; c++) {
                    most[c] = -w[c];
                }
                witnesses.add(solve(most, capped));
            }
            return witnesses;
        }

        boolean provedSafe(Withheld w) {
            double fixed = 0;
            for (int c : w.counts()) {
                fixed += known[c] != null ? known[c] : 0;
            }
            double lowest = Double.POSITIVE_INFINITY;
            double highest = Double.NEGATIVE_INFINITY;
            for (double[] point : witnesses()) {
                double value = fixed;
                for (int c : w.counts()) {
                    value += known[c] == null ? point[column[c]] : 0;
                }
                lowest = Math.min(lowest, value);
                highest = Math.max(highest, value);
            }
            if (lowest > highest) {
                return false;
            }
            return w.published() ? !new Range(lowest, highest).pinned()
                    : lowest < 1 - Range.TOLERANCE || highest > DisclosureControl.LARGEST_DISCLOSIVE_COUNT + Range.TOLERANCE;
        }

        /**
         * A point where {@code objective} is least under {@code with} (bounded: the caller's objectives are), by
         * {@link Simplex}: each inequality gets a slack unknown of its own.
         */
        private double[] solve(double[] objective, List<Constraint> with) {
            double[] point = least(objective, with);
            if (point == null) {
                throw new IllegalStateException("A bounded linear program has no least");
            }
            return point;
        }

        /** The same, or null when {@code objective} has no lower bound. */
        private double[] least(double[] objective, List<Constraint> with) {
            int slacks = (int) with.stream().filter(c -> c.relation() != 0).count();
            double[][] a = new double[with.size()][columns + slacks];
            double[] b = new double[with.size()];
            int slack = columns;
            for (int i = 0; i < with.size(); i++) {
                Constraint c = with.get(i);
                System.arraycopy(c.coefficients(), 0, a[i], 0, columns);
                if (c.relation() != 0) {
                    a[i][slack++] = -c.relation(); // row − s = b for ≥, row + s = b for ≤
                }
                b[i] = c.constant();
            }
            double[] point = Simplex.minimum(a, b, Arrays.copyOf(objective, columns + slacks));
            return point == null ? null : Arrays.copyOf(point, columns);
        }

        private static double dot(double[] x, double[] y) {
            double sum = 0;
            for (int k = 0; k < x.length; k++) {
                sum += x[k] * y[k];
            }
            return sum;
        }

        Range range(Withheld w) {
            double[] objective = new double[columns];
            double fixed = 0;
            boolean any = false;
            for (int c : w.counts()) {
                if (known[c] != null) {
                    fixed += known[c];
                } else {
                    objective[column[c]] += 1;
                    any = true;
                }
            }
            if (!any) {
                return new Range(fixed, fixed);
            }
            double[] lowest = least(objective, constraints);
            double[] negated = new double[columns];
            for (int c = 0; c < columns; c++) {
                negated[c] = -objective[c];
            }
            double[] highest = least(negated, constraints);
            return new Range(fixed + (lowest == null ? Double.NEGATIVE_INFINITY : dot(objective, lowest)),
                    fixed + (highest == null ? Double.POSITIVE_INFINITY : dot(objective, highest)));
        }

    }
}
