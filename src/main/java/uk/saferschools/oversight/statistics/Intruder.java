package uk.saferschools.oversight.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.LocalizedOptimFormats;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.linear.LinearConstraint;
import org.hipparchus.optim.linear.LinearConstraintSet;
import org.hipparchus.optim.linear.LinearObjectiveFunction;
import org.hipparchus.optim.linear.NonNegativeConstraint;
import org.hipparchus.optim.linear.Relationship;
import org.hipparchus.optim.linear.SimplexSolver;
import org.hipparchus.optim.nonlinear.scalar.GoalType;

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
        private final List<LinearConstraint> constraints = new ArrayList<>();

        Reduced(Double[] known) {
            this.known = known;
            this.column = new int[counts];
            int n = 0;
            for (int c = 0; c < counts; c++) {
                column[c] = known[c] == null ? n++ : -1;
            }
            this.columns = n;
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
                    constraints.add(new LinearConstraint(row, Relationship.EQ, rest));
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
                    constraints.add(new LinearConstraint(row, Relationship.GEQ, rest));
                }
            }
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
            return new Range(fixed + optimum(objective, GoalType.MINIMIZE), fixed + optimum(objective, GoalType.MAXIMIZE));
        }

        private double optimum(double[] objective, GoalType goal) {
            try {
                return new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(objective, 0),
                        new LinearConstraintSet(constraints), goal, new NonNegativeConstraint(true)).getValue();
            } catch (MathIllegalStateException e) {
                if (e.getSpecifier() == LocalizedOptimFormats.UNBOUNDED_SOLUTION) {
                    return goal == GoalType.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                }
                if (e.getSpecifier() == LocalizedOptimFormats.NO_FEASIBLE_SOLUTION) {
                    throw new IllegalArgumentException("What is public is inconsistent: no counts fit it", e);
                }
                throw e;
            }
        }
    }
}
