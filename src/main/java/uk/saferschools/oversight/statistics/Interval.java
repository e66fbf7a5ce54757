package uk.saferschools.oversight.statistics;

/** A confidence interval, lower ≤ upper. */
public record Interval(double lower, double upper) {

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("Not an interval: " + lower + " to " + upper);
        }
    }

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
