package uk.saferschools.oversight.statistics;

/**
 * Direct standardisation (DESIGN.md section 5): every group's stratum rates weighted by the same
 * standard weights (e.g. the age–sex make-up of all children), so that groups with different age
 * structures compare fairly. The interval uses the normal approximation to the weighted sum of
 * Poisson counts (Breslow and Day 1987, vol. II, section 2.3), floored at zero.
 */
final class DirectStandardisation {

    private DirectStandardisation() {
    }

    /**
     * @param events     events in each stratum of the group
     * @param population population of each stratum of the group
     * @param weights    standard weights of each stratum; normalised to sum to 1
     * @return the standardised rate per 1,000 with its 95% interval
     */
    public static Estimate ratePerThousand(long[] events, double[] population, double[] weights) {
        if (events.length != population.length || events.length != weights.length || events.length == 0) {
            throw new IllegalArgumentException("Events, population and weights for every stratum");
        }
        double totalWeight = 0;
        for (double w : weights) {
            totalWeight += w;
        }
        double rate = 0;
        double variance = 0;
        for (int i = 0; i < events.length; i++) {
            if (!(population[i] > 0)) {
                throw new IllegalArgumentException("Stratum " + i + " has no population");
            }
            double w = weights[i] / totalWeight;
            rate += w * events[i] / population[i];
            variance += w * w * events[i] / (population[i] * population[i]);
        }
        double se = Math.sqrt(variance);
        return new Estimate(1000 * rate, new Interval(1000 * Math.max(0, rate - Rates.Z * se), 1000 * (rate + Rates.Z * se)));
    }
}
