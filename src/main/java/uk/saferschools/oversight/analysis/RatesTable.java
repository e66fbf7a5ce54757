package uk.saferschools.oversight.analysis;

import java.util.ArrayList;
import java.util.List;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.statistics.Estimate;
import uk.saferschools.oversight.statistics.Rates;
import uk.saferschools.oversight.statistics.Reliability;

/**
 * The rows of rates.csv for one area: each group's rate per 1,000 for the period (not annualised) and
 * its rate ratio against the reference group with the Katz 95% interval; the reference group's own
 * ratio is 1 with no interval. Fewer than 10 events: no rate, ratio or interval ("suppressed"); 10 to
 * 19: "unstable"; a ratio is also left empty when the reference group has fewer than 10 events.
 * Unknown ethnicity has no denominator.
 */
final class RatesTable {

    private RatesTable() {
    }

    /**
     * @param events     events by group (EthnicGroup order, then unknown)
     * @param population population by group (EthnicGroup order); a null entry means no denominator
     */
    static List<RateRow> rows(String area, long[] events, Double[] population, EthnicGroup reference) {
        List<RateRow> rows = new ArrayList<>();
        int r = reference.ordinal();
        boolean referenceUsable = population[r] != null && population[r] > 0 && events[r] >= 10;
        for (EthnicGroup group : EthnicGroup.values()) {
            int g = group.ordinal();
            long x = events[g];
            Double n = population[g];
            if (n == null || n <= 0) {
                rows.add(new RateRow(area, group.label(), x, n, null, null, null, null, Reliability.NO_DENOMINATOR.label()));
                continue;
            }
            Reliability reliability = Reliability.of(x);
            if (!reliability.showsRate()) {
                rows.add(new RateRow(area, group.label(), x, n, null, null, null, null, reliability.label()));
                continue;
            }
            double rate = Rates.perThousand(x, n);
            Double ratio = null;
            Double lower = null;
            Double upper = null;
            if (group == reference) {
                ratio = 1.0;
            } else if (referenceUsable) {
                Estimate katz = Rates.katz(x, n, events[r], population[r]);
                ratio = katz.value();
                lower = katz.interval().lower();
                upper = katz.interval().upper();
            }
            rows.add(new RateRow(area, group.label(), x, n, rate, ratio, lower, upper, reliability.label()));
        }
        rows.add(new RateRow(area, "Unknown", events[GroupCounts.UNKNOWN], null, null, null, null, null,
                Reliability.NO_DENOMINATOR.label()));
        return rows;
    }
}
