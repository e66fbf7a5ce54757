package uk.saferschools.oversight.analysis;

/**
 * One line of rates.csv. Nulls are written as empty fields.
 */
record RateRow(String areaCode, String group, long events, Double population, Double ratePerThousand, Double rateRatio,
               Double ciLower, Double ciUpper, String reliability) {

    static final String HEADER = "area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability";

    String csv() {
        return String.join(",", areaCode, group, Long.toString(events), number(population), number(ratePerThousand),
                number(rateRatio), number(ciLower), number(ciUpper), reliability);
    }

    /** Full precision, no rounding: whole numbers without a decimal point, others as Java's shortest exact form. */
    static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString(value.longValue());
        }
        return Double.toString(value);
    }
}
