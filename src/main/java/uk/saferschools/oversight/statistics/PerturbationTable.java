package uk.saferschools.oversight.statistics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The cell key method (ABS; ONS for the 2021 Census; the Eurostat/sdcTools handbook, chapter 5): a count
 * made from our own records is published as its original plus a small change read from this table by the
 * original and the cell's key. Every record has a fixed secret key, an integer in [0, 2<sup>32</sup>); a
 * cell's key is the sum of its records' keys modulo 2<sup>32</sup> ({@link #cellKey}), so the same records
 * give the same key, and the same published count, in whatever table, publication, CSV or API answer.
 * <p>
 * For each original count i the table holds a distribution p(j|i) of the published count j, built by the
 * maximum-entropy method of the R package {@code ptable} ({@code create_cnt_ptable(D, V, js)}): among the
 * distributions over j in [i − D, i + D] that
 * <ul>
 * <li>sum to 1;</li>
 * <li>have mean change 0 (unbiased);</li>
 * <li>have variance of the change V;</li>
 * <li>publish no negative count, and no count from 1 to js (with js = 2, no published 1 or 2, as ONS
 * publishes the 2021 Census), and keep 0 at 0,</li>
 * </ul>
 * the one of greatest entropy, which has the form p(j) ∝ exp(λ₁(j − i) + λ₂(j − i)²) on the allowed j.
 * The λ are found by Newton's method on the convex dual, log Σ exp(λ₁d + λ₂(d² − V)).
 * <p>
 * Where the allowed j cannot have mean i and variance V at once (a count of 1 or 2 cannot, because 1 and 2
 * are not published: the nearest allowed values are 0 and 3, which already spread it more than V), the
 * distribution keeps the mean (so it stays unbiased) and drops the variance constraint: it is then the
 * maximum-entropy distribution of mean i, p(j) ∝ exp(λ₁(j − i)), with a variance above V
 * ({@link #meetsVariance} says which). Every count from {@link #cap()} on has every change allowed and the same
 * distribution of changes as {@link #cap()}, or (alternating) as the one of {@code cap()} and {@code cap() + 1}
 * of the same parity.
 * <p>
 * <b>Alternating maximum change</b> (our addition, ADR 0017): with it, odd counts change by at most D and even
 * counts by at most D − 1. With the same maximum change for every count, two cells a record apart are told
 * apart with certainty when the larger draws −D and the smaller +D (the only originals then consistent are the
 * true ones): about 1% of the time for 2 against 3 records with D = 3. With alternating maxima, of any two
 * neighbouring counts one has the same least published count as the count above it, or the same greatest as the
 * count below it, so every pair of published counts is consistent with at least two differences.
 * <p>
 * A cell key picks the published count by the distribution's cumulative intervals: the cell key's fraction
 * u = key / 2<sup>32</sup> in [0, 1) selects the least j, in ascending order, whose cumulative probability
 * exceeds u.
 */
public final class PerturbationTable {

    /** Cell keys and record keys are integers modulo this: 2<sup>32</sup>. */
    public static final long KEY_MODULUS = 1L << 32;

    /**
     * The table our publications use: changes of at most 3 (at most 2 for even counts: alternating), variance 1,
     * no published 1 or 2 (ONS's rule for the 2021 Census), zero stays zero.
     */
    public static final PerturbationTable PUBLISHED = new PerturbationTable(3, 1.0, 2, true);

    private final int maximumChange;
    private final double variance;
    private final int largestBlocked;
    private final boolean alternating;
    /** By original count 0 to {@link #cap}: the probability of each change −D to D, at index change + D. */
    private final double[][] probabilities;
    private final double[][] cumulative;
    private final boolean[] varianceMet;

    /**
     * A table of maximum change {@code maximumChange} (D), variance of the change {@code variance} (V), and no
     * published count from 1 to {@code largestBlocked} (js; 0 for none blocked).
     */
    public PerturbationTable(int maximumChange, double variance, int largestBlocked) {
        this(maximumChange, variance, largestBlocked, false);
    }

    /**
     * A table as {@link #PerturbationTable(int, double, int)}, in which, when {@code alternating}, even counts
     * change by at most D − 1 (D must then be 2 or more).
     */
    public PerturbationTable(int maximumChange, double variance, int largestBlocked, boolean alternating) {
        if (maximumChange < (alternating ? 2 : 1) || !(variance > 0) || largestBlocked < 0) {
            throw new IllegalArgumentException("A perturbation table needs a maximum change of 1 or more, a positive variance "
                    + "and no negative threshold; got D = " + maximumChange + ", V = " + variance + ", js = " + largestBlocked);
        }
        this.maximumChange = maximumChange;
        this.variance = variance;
        this.largestBlocked = largestBlocked;
        this.alternating = alternating;
        int rows = cap() + (alternating ? 2 : 1);
        this.probabilities = new double[rows][];
        this.cumulative = new double[rows][];
        this.varianceMet = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            probabilities[i] = row(i);
            cumulative[i] = cumulative(probabilities[i]);
        }
    }

    public int maximumChange() {
        return maximumChange;
    }

    public double variance() {
        return variance;
    }

    /** Whether even counts change by at most D − 1 (and odd ones by at most D). */
    public boolean alternating() {
        return alternating;
    }

    /** The largest change of a count of {@code original}: D, or D − 1 for an even count of an alternating table. */
    public int maximumChange(long original) {
        return alternating && original % 2 == 0 ? maximumChange - 1 : maximumChange;
    }

    /** The largest positive count never published (2: no published 1 or 2). */
    public int largestBlocked() {
        return largestBlocked;
    }

    /** The least original count whose changes are all allowed: it and every count above it share its distribution of changes. */
    public int cap() {
        return largestBlocked + maximumChange + 1;
    }

    /** Whether the distribution of an original count has variance V (false where the allowed counts cannot: see the class). */
    public boolean meetsVariance(long original) {
        return varianceMet[row(original)];
    }

    /** p(published | original): the probability that a count of {@code original} is published as {@code published}. */
    public double probability(long original, long published) {
        long change = published - original;
        if (original < 0 || Math.abs(change) > maximumChange) {
            return 0;
        }
        return probabilities[row(original)][(int) change + maximumChange];
    }

    /** The mean change of an original count's distribution: 0, as the table is unbiased. */
    public double meanChange(long original) {
        double[] p = probabilities[row(original)];
        double mean = 0;
        for (int k = 0; k < p.length; k++) {
            mean += p[k] * (k - maximumChange);
        }
        return mean;
    }

    /** The variance of the change of an original count: V where {@link #meetsVariance}, more where not. */
    public double varianceOfChange(long original) {
        double[] p = probabilities[row(original)];
        double mean = meanChange(original);
        double squares = 0;
        for (int k = 0; k < p.length; k++) {
            squares += p[k] * (k - maximumChange - mean) * (k - maximumChange - mean);
        }
        return squares;
    }

    /** The count published for a cell of {@code original} records whose cell key is {@code cellKey} (in [0, 2<sup>32</sup>)). */
    public long perturbed(long original, long cellKey) {
        if (original < 0) {
            throw new IllegalArgumentException("A count cannot be negative: " + original);
        }
        if (cellKey < 0 || cellKey >= KEY_MODULUS) {
            throw new IllegalArgumentException("A cell key is in [0, 2^32): " + cellKey);
        }
        double u = cellKey / (double) KEY_MODULUS;
        double[] c = cumulative[row(original)];
        int k = 0;
        while (u >= c[k]) {
            k++;
        }
        return original + k - maximumChange;
    }

    /** The key of a cell made of cells (or records) of these keys: their sum modulo 2<sup>32</sup>. */
    public static long cellKey(long... keys) {
        long sum = 0;
        for (long key : keys) {
            sum = Math.floorMod(sum + key, KEY_MODULUS);
        }
        return sum;
    }

    private int row(long original) {
        if (original <= cap()) {
            return (int) original;
        }
        return alternating ? cap() + (int) ((original - cap()) % 2) : cap();
    }

    private boolean allowed(int published) {
        return published == 0 || published > largestBlocked;
    }

    /** The maximum-entropy distribution of the changes of an original count {@code i}, at index change + D. */
    private double[] row(int i) {
        double[] p = new double[2 * maximumChange + 1];
        if (i == 0) {
            p[maximumChange] = 1;
            varianceMet[0] = false;
            return p;
        }
        int reach = maximumChange(i);
        int[] changes = IntStream.rangeClosed(-reach, reach)
                .filter(d -> i + d >= 0 && allowed(i + d)).toArray();
        boolean withVariance = varianceFeasible(changes);
        varianceMet[i] = withVariance;
        double[] lambda = withVariance ? solve(changes, 2) : solve(changes, 1);
        double[] weights = weights(changes, lambda, withVariance ? 2 : 1);
        for (int n = 0; n < changes.length; n++) {
            p[changes[n] + maximumChange] = weights[n];
        }
        return p;
    }

    /**
     * Whether some distribution on the allowed changes has mean 0 and variance V with every change possible:
     * (0, V) lies strictly inside the hull of the points (d, d²), between the variance of the two changes
     * nearest 0 on either side (0 when 0 itself is allowed) and that of the two extremes.
     */
    private boolean varianceFeasible(int[] changes) {
        int below = Arrays.stream(changes).filter(d -> d < 0).max().orElse(0);
        int above = Arrays.stream(changes).filter(d -> d > 0).min().orElse(0);
        boolean zero = Arrays.stream(changes).anyMatch(d -> d == 0);
        double least = zero ? 0 : -(double) below * above;
        double most = -(double) changes[0] * changes[changes.length - 1];
        return least < variance && variance < most;
    }

    /** The moments constrained: the change, and (with two) its square less V. */
    private double feature(int d, int which) {
        return which == 0 ? d : (double) d * d - variance;
    }

    /** The probabilities ∝ exp(Σ λ_m f_m(d)), normalised, computed with the largest exponent taken out. */
    private double[] weights(int[] changes, double[] lambda, int moments) {
        double[] exponents = new double[changes.length];
        double largest = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < changes.length; n++) {
            for (int m = 0; m < moments; m++) {
                exponents[n] += lambda[m] * feature(changes[n], m);
            }
            largest = Math.max(largest, exponents[n]);
        }
        double sum = 0;
        double[] w = new double[changes.length];
        for (int n = 0; n < changes.length; n++) {
            w[n] = Math.exp(exponents[n] - largest);
            sum += w[n];
        }
        for (int n = 0; n < changes.length; n++) {
            w[n] /= sum;
        }
        return w;
    }

    /**
     * Newton's method with backtracking on the dual log Σ exp(λ·f(d)), whose gradient is the constrained
     * moments' expectations (0 at the solution) and whose Hessian is their covariance.
     */
    private double[] solve(int[] changes, int moments) {
        double[] lambda = new double[moments];
        for (int iteration = 0; iteration < 200; iteration++) {
            double[] p = weights(changes, lambda, moments);
            double[] gradient = new double[moments];
            double[][] hessian = new double[moments][moments];
            for (int n = 0; n < changes.length; n++) {
                for (int a = 0; a < moments; a++) {
                    gradient[a] += p[n] * feature(changes[n], a);
                }
            }
            for (int n = 0; n < changes.length; n++) {
                for (int a = 0; a < moments; a++) {
                    for (int b = 0; b < moments; b++) {
                        hessian[a][b] += p[n] * (feature(changes[n], a) - gradient[a]) * (feature(changes[n], b) - gradient[b]);
                    }
                }
            }
            if (norm(gradient) < 1e-15) {
                break;
            }
            double[] step = moments == 1 ? new double[] {gradient[0] / hessian[0][0]} : solve2(hessian, gradient);
            double before = dual(changes, lambda, moments);
            double t = 1;
            double[] next = new double[moments];
            for (int halvings = 0; halvings < 60; halvings++) {
                for (int m = 0; m < moments; m++) {
                    next[m] = lambda[m] - t * step[m];
                }
                if (dual(changes, next, moments) <= before) {
                    break;
                }
                t /= 2;
            }
            lambda = next.clone();
        }
        return lambda;
    }

    private double dual(int[] changes, double[] lambda, int moments) {
        double largest = Double.NEGATIVE_INFINITY;
        double[] exponents = new double[changes.length];
        for (int n = 0; n < changes.length; n++) {
            for (int m = 0; m < moments; m++) {
                exponents[n] += lambda[m] * feature(changes[n], m);
            }
            largest = Math.max(largest, exponents[n]);
        }
        double sum = 0;
        for (double e : exponents) {
            sum += Math.exp(e - largest);
        }
        return largest + Math.log(sum);
    }

    private static double[] solve2(double[][] h, double[] g) {
        double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        return new double[] {(h[1][1] * g[0] - h[0][1] * g[1]) / det, (h[0][0] * g[1] - h[1][0] * g[0]) / det};
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double[] cumulative(double[] p) {
        double[] c = new double[p.length];
        double sum = 0;
        int last = 0;
        for (int k = 0; k < p.length; k++) {
            sum += p[k];
            c[k] = sum;
            if (p[k] > 0) {
                last = k;
            }
        }
        // the last possible change takes whatever rounding left: every cell key in [0, 1) falls in some interval
        for (int k = last; k < p.length; k++) {
            c[k] = Double.POSITIVE_INFINITY;
        }
        return c;
    }
}
