package uk.saferschools.oversight.statistics;

/** A point estimate with its 95% confidence interval. */
public record Estimate(double value, Interval interval) {
}
