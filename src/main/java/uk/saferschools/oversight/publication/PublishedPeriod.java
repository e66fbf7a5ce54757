package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.saferschools.oversight.analysis.AnalysisPeriod;
import uk.saferschools.oversight.statistics.Rates;

/**
 * The period a publication covers, in whole months, with the months for which records are held and
 * those for which none are: a period is never shown without its gaps.
 *
 * @param from    the first month of the period
 * @param to      the last month of the period
 * @param held    the months of the period with records held, in order
 * @param missing the months of the period with no records held, in order
 */
record PublishedPeriod(YearMonth from, YearMonth to, List<YearMonth> held, List<YearMonth> missing) {

    /** Every month from {@code from} to {@code to}, in order. */
    static List<YearMonth> monthsOf(YearMonth from, YearMonth to) {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /**
     * The period of dates {@code from} to {@code to}, with the months held as the analysis recorded them;
     * when it recorded none (an analysis kept before months were recorded), the months {@code imported}
     * says records were held for when it was made; when neither is known, every month is taken as held.
     * Never the months its monthly figures show: a month in which every group had fewer than 10 has no
     * figure, but has records, and calling it missing would let its count be worked out from the total.
     */
    static PublishedPeriod of(LocalDate from, LocalDate to, List<YearMonth> recordedHeld, List<YearMonth> imported) {
        if (from == null || to == null) {
            return null;
        }
        YearMonth first = YearMonth.from(from);
        YearMonth last = YearMonth.from(to);
        List<YearMonth> all = monthsOf(first, last);
        List<YearMonth> held = !recordedHeld.isEmpty() ? all.stream().filter(recordedHeld::contains).toList()
                : !imported.isEmpty() ? all.stream().filter(imported::contains).toList() : all;
        return new PublishedPeriod(first, last, held, all.stream().filter(m -> !held.contains(m)).toList());
    }

    /** Whether the rates are for a year: twelve months of records held. */
    public boolean aYear() {
        return held.size() == 12;
    }

    /**
     * What a rate per 1,000 is over, for the caption of a table of rates: "the 3 months with records held
     * (March to May 2022)", "the 12 months with records held (April 2022 to March 2023)".
     */
    public String ratesOver() {
        return "the " + held.size() + (held.size() == 1 ? " month" : " months") + " with records held ("
                + heldDescribed() + ")";
    }

    /**
     * A rate per 1,000 over the months held, as a rate per 1,000 a year ({@code 1000·x/(n·m/12)}, DESIGN.md
     * section 5), to two decimal places: "5.00" for 1.25 over 3 months; "–" for a rate not shown.
     */
    public String perYear(String ratePer1000) {
        if (ratePer1000 == null || ratePer1000.isBlank() || held.isEmpty()) {
            return "–";
        }
        return String.format(Locale.UK, "%,.2f", Rates.perYear(Double.parseDouble(ratePer1000), held.size()));
    }

    public boolean hasGaps() {
        return !missing.isEmpty();
    }

    /** "March to September 2022", "March 2022", "November 2021 to February 2022". */
    public String described() {
        return span(from, to);
    }

    /** "March to May, July and September 2022": the months held, runs joined. */
    public String heldDescribed() {
        return runs(held);
    }

    /** "June and August 2022". */
    public String missingDescribed() {
        return runs(missing);
    }

    /**
     * The period as the public reads it, gaps included: "March to September 2022 (no records are held for
     * June and August 2022)".
     */
    public String withGaps() {
        return hasGaps() ? described() + " (no records are held for " + missingDescribed() + ")" : described();
    }

    /** "March to September 2022", "March 2022", "November 2021 to February 2022". */
    static String span(YearMonth a, YearMonth b) {
        return runs(monthsOf(a, b));
    }

    /** Months as the analysis names them ("March to May, July and September 2022"); "no months" for none. */
    static String runs(List<YearMonth> months) {
        return months.isEmpty() ? "no months" : AnalysisPeriod.months(months);
    }
}
