package uk.saferschools.oversight.statistics;

import org.hipparchus.distribution.discrete.PoissonDistribution;

/**
 * Control limits of a funnel plot of rates against population (Spiegelhalter 2005, Statistics in
 * Medicine 24:1185): for a unit of population {@code n} and the overall rate {@code p}, the count is
 * Poisson with mean {@code n·p}; the limits are its 2.5%/97.5% (95%) and 0.1%/99.9% (99.8%) quantiles,
 * divided by {@code n} and shown per 1,000.
 */
public final class FunnelLimits {

    /** The limits for one population size, per 1,000. */
    public record Limits(double population, double lower95, double upper95, double lower998, double upper998) {
    }

    private FunnelLimits() {
    }

    public static Limits at(double population, double overallRatePerThousand) {
        if (!(population > 0) || overallRatePerThousand < 0) {
            throw new IllegalArgumentException("Funnel limits need a population and a rate");
        }
        double mean = population * overallRatePerThousand / 1000;
        if (mean == 0) {
            return new Limits(population, 0, 0, 0, 0);
        }
        PoissonDistribution poisson = new PoissonDistribution(mean);
        return new Limits(population,
                perThousand(poisson.inverseCumulativeProbability(0.025), population),
                perThousand(poisson.inverseCumulativeProbability(0.975), population),
                perThousand(poisson.inverseCumulativeProbability(0.001), population),
                perThousand(poisson.inverseCumulativeProbability(0.999), population));
    }

    private static double perThousand(int count, double population) {
        return 1000.0 * count / population;
    }
}
