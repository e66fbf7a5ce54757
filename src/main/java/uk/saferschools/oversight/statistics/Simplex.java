package uk.saferschools.oversight.statistics;

import java.util.Arrays;

/**
 * The least value of {@code c·x} subject to {@code A·x = b}, {@code x ≥ 0}: the two-phase simplex method
 * with Bland's rule, which cannot cycle (Dantzig; Bland, <i>New finite pivoting rules for the simplex
 * method</i>, 1977). The equations of published tables are sums of counts, so the tableau stays small
 * whole numbers and double arithmetic is exact enough. Hipparchus 4.0.3's {@code SimplexSolver} was tried
 * first and gave wrong optima on the smallest cases (maximising x₃ subject to x₁ + x₂ + x₃ = 18 returned
 * 0), so the attack uses this, the simplex the property tests of {@link DisclosureControl} had used.
 */
final class Simplex {

    private Simplex() {
    }


    static final double EPSILON = 1e-9;

    /** The least of {@code c·x} and where it is reached, or null when it has no lower bound. */
    static double[] minimum(double[][] a, double[] b, double[] c) {
        int m = a.length;
        int n = c.length;
        int rhs = n + m;
        double[][] tableau = new double[m + 1][rhs + 1];
        int[] basis = new int[m];
        for (int i = 0; i < m; i++) {
            double sign = b[i] < 0 ? -1 : 1;
            for (int j = 0; j < n; j++) {
                tableau[i][j] = sign * a[i][j];
            }
            tableau[i][n + i] = 1;
            tableau[i][rhs] = sign * b[i];
            basis[i] = n + i;
        }
        double[] artificialCost = new double[rhs];
        Arrays.fill(artificialCost, n, rhs, 1);
        setObjective(tableau, basis, artificialCost);
        optimise(tableau, basis, rhs); // bounded: a sum of variables that are at least 0
        if (-tableau[m][rhs] > EPSILON) {
            throw new IllegalArgumentException("What is public is inconsistent: no counts fit it");
        }
        driveArtificialsOutOfTheBasis(tableau, basis, n);
        setObjective(tableau, basis, Arrays.copyOf(c, rhs));
        if (!optimise(tableau, basis, n)) {
            return null;
        }
        double[] point = new double[n];
        for (int i = 0; i < m; i++) {
            if (basis[i] < n) {
                point[basis[i]] = tableau[i][rhs];
            }
        }
        return point;
    }

    /** The last row becomes the reduced costs of {@code cost} and minus the objective's value. */
    private static void setObjective(double[][] tableau, int[] basis, double[] cost) {
        double[] objective = tableau[tableau.length - 1];
        Arrays.fill(objective, 0);
        System.arraycopy(cost, 0, objective, 0, cost.length);
        for (int i = 0; i < basis.length; i++) {
            double weight = cost[basis[i]];
            for (int j = 0; j < objective.length; j++) {
                objective[j] -= weight * tableau[i][j];
            }
        }
    }

    /** Pivots until optimal (true) or unbounded (false); only the first {@code enterable} columns enter. */
    private static boolean optimise(double[][] tableau, int[] basis, int enterable) {
        int m = basis.length;
        int rhs = tableau[0].length - 1;
        while (true) {
            int entering = -1;
            for (int j = 0; j < enterable && entering < 0; j++) {
                if (tableau[m][j] < -EPSILON) {
                    entering = j;
                }
            }
            if (entering < 0) {
                return true;
            }
            int leaving = -1;
            for (int i = 0; i < m; i++) {
                if (tableau[i][entering] > EPSILON) {
                    if (leaving < 0) {
                        leaving = i;
                    } else {
                        double ratio = tableau[i][rhs] / tableau[i][entering];
                        double best = tableau[leaving][rhs] / tableau[leaving][entering];
                        if (ratio < best - EPSILON || (ratio <= best + EPSILON && basis[i] < basis[leaving])) {
                            leaving = i;
                        }
                    }
                }
            }
            if (leaving < 0) {
                return false;
            }
            pivot(tableau, basis, leaving, entering);
        }
    }

    /**
     * After phase one every artificial variable is 0; one still in the basis leaves it for any real
     * column with an entry in its row, or stays (at 0, untouched by later pivots) if its equation was
     * redundant, as one always is: the rows' sums and the columns' sums are the same grand total.
     */
    private static void driveArtificialsOutOfTheBasis(double[][] tableau, int[] basis, int n) {
        for (int i = 0; i < basis.length; i++) {
            if (basis[i] >= n) {
                for (int j = 0; j < n; j++) {
                    if (Math.abs(tableau[i][j]) > EPSILON) {
                        pivot(tableau, basis, i, j);
                        break;
                    }
                }
            }
        }
    }

    private static void pivot(double[][] tableau, int[] basis, int row, int column) {
        double[] pivotRow = tableau[row];
        double pivot = pivotRow[column];
        for (int j = 0; j < pivotRow.length; j++) {
            pivotRow[j] /= pivot;
        }
        for (int i = 0; i < tableau.length; i++) {
            double factor = tableau[i][column];
            if (i != row && factor != 0) {
                for (int j = 0; j < pivotRow.length; j++) {
                    tableau[i][j] -= factor * pivotRow[j];
                }
            }
        }
        basis[row] = column;
    }
    }
