package uk.saferschools.oversight.statistics;

import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * Rates, rate ratios and their intervals (DESIGN.md section 5). Notation: events {@code x}, population
 * {@code n}, group g, reference group r; z = Φ⁻¹(0.975) = 1.959963984540054 for 95%.
 */
public final class Rates {

    /**
     * The 97.5th percentile of the standard normal distribution, Φ⁻¹(0.975), to the precision of a double (as R's
     * {@code qnorm(0.975)} and SciPy's {@code norm.ppf(0.975)} give it), so that intervals agree with theirs.
     */
    public static final double Z = 1.959963984540054;
    static final double ALPHA = 0.05;

    private Rates() {
    }

    /** Rate per 1,000: {@code 1000·x/n}. */
    public static double perThousand(long events, double population) {
        requireCounts(events, population);
        return 1000.0 * events / population;
    }

    /** Rate per 1,000 per year for {@code months} months of events: {@code 1000·x/(n·m/12)}. */
    public static double perThousandPerYear(long events, double population, int months) {
        return perYear(perThousand(events, population), months);
    }

    /** A rate per 1,000 over {@code months} months as a rate per 1,000 a year: the rate × 12 ÷ m. */
    public static double perYear(double ratePerThousand, int months) {
        if (months < 1) {
            throw new IllegalArgumentException("A rate a year needs the months it is over: " + months);
        }
        return ratePerThousand * 12.0 / months;
    }

    /** Rate ratio {@code (x_g/n_g)/(x_r/n_r)}. */
    public static double ratio(long xg, double ng, long xr, double nr) {
        requireCounts(xg, ng);
        requireCounts(xr, nr);
        if (xr == 0) {
            throw new IllegalArgumentException("The reference group has no events: its rate is zero and no ratio exists");
        }
        return (xg / ng) / (xr / nr);
    }

    /**
     * Katz log interval: {@code exp(ln RR ± z·sqrt(1/x_g − 1/n_g + 1/x_r − 1/n_r))} (Katz et al. 1978,
     * Biometrics 34:469). Needs events in both groups. The {@code −1/n} terms treat events as a
     * proportion of people; where a group has more events than people (some searched more than once),
     * that cannot be, and the group's term is {@code 1/x} alone: the Poisson form, which Katz's
     * approaches when events are few beside the population.
     */
    public static Estimate katz(long xg, double ng, long xr, double nr) {
        double rr = ratio(xg, ng, xr, nr);
        if (xg == 0) {
            throw new IllegalArgumentException("The Katz interval needs events in the group: use the exact interval");
        }
        double se = Math.sqrt(katzTerm(xg, ng) + katzTerm(xr, nr));
        return new Estimate(rr, new Interval(Math.exp(Math.log(rr) - Z * se), Math.exp(Math.log(rr) + Z * se)));
    }

    private static double katzTerm(long x, double n) {
        return x <= n ? 1.0 / x - 1.0 / n : 1.0 / x;
    }

    /**
     * Exact conditional interval for small counts: given {@code m = x_g + x_r}, {@code x_g} is binomial
     * with {@code π = n_g·RR/(n_g·RR + n_r)}; the Clopper–Pearson interval of π gives
     * {@code RR = π/(1−π)·(n_r/n_g)} at each end (Breslow and Day 1987, vol. II, section 2.2).
     */
    public static Estimate exactConditional(long xg, double ng, long xr, double nr) {
        double rr = ratio(xg, ng, xr, nr);
        long m = xg + xr;
        double piLower = xg == 0 ? 0 : new BetaDistribution(xg, m - xg + 1).inverseCumulativeProbability(ALPHA / 2);
        double piUpper = xg == m ? 1 : new BetaDistribution(xg + 1, m - xg).inverseCumulativeProbability(1 - ALPHA / 2);
        double lower = piLower / (1 - piLower) * (nr / ng);
        double upper = piUpper >= 1 ? Double.POSITIVE_INFINITY : piUpper / (1 - piUpper) * (nr / ng);
        return new Estimate(rr, new Interval(lower, upper));
    }

    /**
     * The interval of one count: exact Poisson below 10 ({@code χ²} quantiles, Garwood 1936), Byar's
     * approximation from 10 (Breslow and Day 1987, vol. II, p. 69).
     */
    public static Interval count(long x) {
        if (x < 0) {
            throw new IllegalArgumentException("A count cannot be negative: " + x);
        }
        if (x < 10) {
            double lower = x == 0 ? 0 : new ChiSquaredDistribution(2.0 * x).inverseCumulativeProbability(ALPHA / 2) / 2;
            double upper = new ChiSquaredDistribution(2.0 * x + 2).inverseCumulativeProbability(1 - ALPHA / 2) / 2;
            return new Interval(lower, upper);
        }
        double lower = x * Math.pow(1 - 1.0 / (9 * x) - Z / (3 * Math.sqrt(x)), 3);
        double upper = (x + 1) * Math.pow(1 - 1.0 / (9 * (x + 1)) + Z / (3 * Math.sqrt(x + 1)), 3);
        return new Interval(lower, upper);
    }

    /** A rate per 1,000 with the interval of its count (exact below 10, Byar from 10). */
    public static Estimate ratePerThousand(long events, double population) {
        Interval count = count(events);
        return new Estimate(perThousand(events, population),
                new Interval(1000 * count.lower() / population, 1000 * count.upper() / population));
    }

    /**
     * Wilson score interval for a proportion {@code k/n}: hit rate, share with no further action,
     * share with an appropriate adult (Wilson 1927, JASA 22:209).
     */
    public static Estimate wilson(long k, long n) {
        if (n <= 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("Not a proportion: " + k + " of " + n);
        }
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Estimate(p, new Interval(Math.max(0, centre - half), Math.min(1, centre + half)));
    }

    /**
     * Bounds on a ratio when {@code u} events have no ethnicity: all of them in the reference group
     * gives {@code L = (x_g/n_g)/((x_r+u)/n_r)}; all in the group gives {@code H = ((x_g+u)/n_g)/(x_r/n_r)}.
     */
    public static Interval missingEthnicityBounds(long xg, double ng, long xr, double nr, long u) {
        if (u < 0) {
            throw new IllegalArgumentException("Unknown events cannot be negative");
        }
        return new Interval(ratio(xg, ng, xr + u, nr), ratio(xg + u, ng, xr, nr));
    }

    /** Representation ratio: the group's share of events over its share of the population. */
    public static double representation(long xg, long xTotal, double ng, double nTotal) {
        if (xTotal <= 0 || nTotal <= 0 || ng <= 0) {
            throw new IllegalArgumentException("Representation needs events and population");
        }
        return ((double) xg / xTotal) / (ng / nTotal);
    }

    private static void requireCounts(long events, double population) {
        if (events < 0) {
            throw new IllegalArgumentException("Events cannot be negative: " + events);
        }
        if (!(population > 0)) {
            throw new IllegalArgumentException("A rate needs a population above zero, not " + population);
        }
    }
}
