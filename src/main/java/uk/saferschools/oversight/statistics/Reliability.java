package uk.saferschools.oversight.statistics;

/**
 * How far a figure built on {@code events} can be trusted (DESIGN.md section 5): no rate or ratio
 * for fewer than 10 events; 10 to 19 shown with its interval and marked unstable.
 */
public enum Reliability {
    RELIABLE("reliable"), UNSTABLE("unstable"), SUPPRESSED("suppressed"), NO_DENOMINATOR("no-denominator");

    private final String label;

    Reliability(String label) {
        this.label = label;
    }

    /** As written in rates.csv. */
    public String label() {
        return label;
    }

    public static Reliability of(long events) {
        return events >= 20 ? RELIABLE : events >= 10 ? UNSTABLE : SUPPRESSED;
    }

    public boolean showsRate() {
        return this == RELIABLE || this == UNSTABLE;
    }
}
