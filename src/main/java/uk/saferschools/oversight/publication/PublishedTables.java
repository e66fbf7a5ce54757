package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.statistics.DisclosureControl;
import uk.saferschools.oversight.statistics.Estimate;
import uk.saferschools.oversight.statistics.FunnelLimits;
import uk.saferschools.oversight.statistics.PerturbationTable;
import uk.saferschools.oversight.statistics.Rates;
import uk.saferschools.oversight.web.SafeCsv;

/**
 * Everything the public sees of one published analysis, worked out from what it found ({@link SnapshotFindings})
 * and disclosure-controlled (DESIGN.md section 5): this class does disclosure control and nothing else.
 * <ul>
 * <li>the force-area figures by group and the boroughs by group are <b>one table</b>: boroughs (and a row
 * for records with no borough) by group, whose column totals are the force-area figures, protected
 * together so that neither can unlock the other;</li>
 * <li>the funnel of boroughs plots only boroughs whose count is shown and reaches 10, around the rate of
 * the whole force area (already published), never around a sum that a withheld cell could be worked out
 * from;</li>
 * <li>the decision-point chain takes its first stage from the force-area figures and protects arrests
 * and "more than outer clothing removed" as a table of their own;</li>
 * <li>the counts made from our extended records (more thorough and strip searches by group, appropriate
 * adult, power and outcome; Safer Schools Officers against other officers; body-worn video coverage) are
 * not suppressed but perturbed by the cell key method (ADR 0017, {@link PerturbationTable#PUBLISHED}):
 * each count, totals included as cells of their own, is published as its original moved by the change its
 * cell key picks, so the same records are published alike wherever they appear, and no count is published
 * as 1 or 2. An analysis kept without cell keys has these figures withheld, never published unperturbed.</li>
 * </ul>
 * A rate, ratio or share is shown only where every count it is made from is shown and it rests on 10 or
 * more events (published events, for the perturbed counts, from which they are computed); 10 to 19 are
 * marked unstable. Each table carries "[c]" for what is withheld.
 */
final class PublishedTables {

    static final String BOROUGH_NOT_KNOWN = "Borough not known";

    /** Said on every page and in every CSV with figures from the extended records, which are perturbed. */
    static final String PERTURBED = "These figures have small changes to protect children, so totals may not add up.";

    private static final PerturbationTable PTABLE = PerturbationTable.PUBLISHED;

    /** A borough in the funnel: its count as shown, and where it lies against the limits when plotted. */
    public record BoroughPoint(String code, String name, String events, double population, Double rate, FunnelLimits.Limits limits,
                        String position) {
    }

    /** The funnel of boroughs for one group, around the force area's rate for that group. */
    public record BoroughFunnel(String group, double overallRate, List<BoroughPoint> points) {
    }

    /** One borough × group count as published, for the CSV download. */
    public record BoroughCell(String code, String name, String group, String events, String population) {
    }

    /** A group's decision-point chain as published: counts, and shares of the stage before with 95% intervals. */
    public record ChainRow(String group, String searched, String searchRate, String arrested, String arrestedShare, String stripped,
                    String strippedShare, List<Double> chartShares) {
    }

    /** A group's more thorough and strip searches, by whether an appropriate adult was present. */
    public record StripSearchRow(String group, String present, String absent, String notRecorded, String total, String shareWithAdult,
                          String reliability, Estimate share) {
    }

    /** One outcome of the more thorough and strip searches, with its share of those whose outcome was recorded. */
    public record OutcomeRow(String outcome, String events, String share) {
    }

    public record StripSearches(List<StripSearchRow> rows, String intimateParts, String moreThoroughOnly, List<OutcomeRow> outcomes) {
        static final StripSearches NONE = new StripSearches(List.of(), "", "", List.of());

        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** A group's share of what SSOs did against its share of what other officers did, with the ratio of shares. */
    public record SsoRow(String group, String sso, String other, String ratio, String interval, String reliability,
                         Estimate estimate) {
    }

    private final List<Publications.Figure> figures;
    private final List<BoroughCell> boroughCells;
    private final BoroughFunnel funnel;
    private final List<ChainRow> chain;
    private StripSearches stripSearches;
    private List<SsoRow> sso;
    private final String reference;
    private String extendedPeriod = "";
    private List<SnapshotFindings.TrendPoint> trendPoints = List.of();
    private FootageCoverage coverage;
    private PublishedPeriod period;
    private List<YearMonth> extendedMonths = List.of();
    private Boolean extendedSynthetic;
    private String extendedWithheld = "";
    private String ages;
    private boolean childrenOnly;

    /** Body-worn video coverage as published: each count disclosure-controlled as a split of the total. */
    public record FootageCoverage(String recorded, String notRecorded, String unknown, String total, boolean any) {

        /**
         * The share of all uses at which body-worn video was recording, as "73.5%", from the published counts
         * only (of the sum of the three published counts, so that it never passes 100%): empty when any is
         * withheld or that sum is under 10.
         */
        public String shareRecorded() {
            if (List.of(recorded, notRecorded, unknown).contains(DisclosureControl.SUPPRESSED)) {
                return "";
            }
            long whole = Long.parseLong(recorded) + Long.parseLong(notRecorded) + Long.parseLong(unknown);
            if (whole < 10) {
                return "";
            }
            return String.format(Locale.UK, "%.1f%%", 100.0 * Long.parseLong(recorded) / whole) + (whole < 20 ? ", unstable" : "");
        }
    }

    private PublishedTables(List<Publications.Figure> figures, List<BoroughCell> boroughCells, BoroughFunnel funnel,
                            List<ChainRow> chain, StripSearches stripSearches, List<SsoRow> sso, String reference) {
        this.figures = figures;
        this.boroughCells = boroughCells;
        this.funnel = funnel;
        this.chain = chain;
        this.stripSearches = stripSearches;
        this.sso = sso;
        this.reference = reference;
    }

    public List<Publications.Figure> figures() {
        return figures;
    }

    public List<BoroughCell> boroughCells() {
        return boroughCells;
    }

    /** The funnel of boroughs, or null when the analysis has no boroughs or no group to show. */
    public BoroughFunnel funnel() {
        return funnel;
    }

    public List<ChainRow> chain() {
        return chain;
    }

    public StripSearches stripSearches() {
        return stripSearches;
    }

    public List<SsoRow> sso() {
        return sso;
    }

    public String reference() {
        return reference;
    }

    /**
     * The dates of the extended records the strip-search and SSO tables come from ("2023-09-04 to
     * 2024-06-28"), which need not be the period of the police.uk records; empty when not known.
     */
    public String extendedPeriod() {
        return extendedPeriod;
    }

    /** The publication's period with the months held and missing; null when the period is not known. */
    public PublishedPeriod period() {
        return period;
    }

    /**
     * Whether the extended records the strip-search, SSO and body-worn video figures come from were made up
     * by the demonstration generator: true, false, or null when the analysis did not record it (one kept
     * before this was recorded).
     */
    public Boolean extendedSynthetic() {
        return extendedSynthetic;
    }

    /** Where the strip-search and SSO figures come from, as a sentence for the public, with the mark of their source. */
    public String extendedSource() {
        return "Strip searches with appropriate adults, and Safer Schools Officers against other officers: the extended "
                + "records imported here" + (extendedMonths.isEmpty() ? "" : ", dated " + PublishedPeriod.runs(extendedMonths))
                + (Boolean.TRUE.equals(extendedSynthetic) ? ", which are synthetic: made up by the demonstration data generator, "
                + "not records of real children."
                : Boolean.FALSE.equals(extendedSynthetic) ? "." : "; whether they are real or synthetic was not recorded by this analysis.");
    }

    /** The months the extended records counted fall in, as "March to May 2022"; empty when none or not known. */
    public String extendedMonthsDescribed() {
        return extendedMonths.isEmpty() ? "" : PublishedPeriod.runs(extendedMonths);
    }

    /**
     * Why the figures from the extended records are left out of this publication, as a sentence for the
     * public; empty when they are shown (or there are none). They are left out when the extended records
     * do not cover every month of the publication held, or fall outside its period: figures titled for one
     * period must not come from another.
     */
    public String extendedWithheld() {
        return extendedWithheld;
    }

    /**
     * The monthly trend from {@code from} to {@code to}, for the groups that had 10 or more events in every
     * month and whose total is not withheld; a group short of that in any month is left out whole, because
     * with the group's total published a single missing month could be worked out by subtraction, and a
     * group whose total is withheld would have it given away by the sum of its months.
     */
    public List<SnapshotFindings.TrendPoint> trend(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            return List.of();
        }
        // Only the months held: a month with no records at all is a gap in the period (said so beside the
        // chart), not a month in which a group was too small to show.
        List<String> months = (period != null ? period.held() : PublishedPeriod.monthsOf(YearMonth.from(from),
                YearMonth.from(to))).stream().map(YearMonth::toString).toList();
        List<SnapshotFindings.TrendPoint> rates = trendPoints;
        Set<String> totalWithheld = new HashSet<>();
        figures.stream().filter(f -> f.events().equals(DisclosureControl.SUPPRESSED)).map(Publications.Figure::group)
                .forEach(totalWithheld::add);
        // a group is shown only with a figure of 10 or more for each month held, month by month
        Set<String> complete = new HashSet<>();
        rates.stream().map(SnapshotFindings.TrendPoint::group).distinct()
                .filter(g -> months.stream().allMatch(m -> rates.stream()
                        .anyMatch(r -> r.group().equals(g) && r.period().equals(m) && r.events() >= 10)))
                .filter(g -> !totalWithheld.contains(g))
                .forEach(complete::add);
        return rates.stream().filter(r -> complete.contains(r.group()) && months.contains(r.period())).toList();
    }

    /** "These figures have small changes to protect children, so totals may not add up.", for the pages. */
    public String perturbedNote() {
        return PERTURBED;
    }

    /** The methods note of the perturbed figures, with the perturbation table's parameters (the keys stay secret). */
    public String perturbationMethod() {
        return "Counts from the extended records are protected by the cell key method, as the Office for National Statistics "
                + "protected the 2021 Census: every record has a fixed secret key, and each count is moved by a small change "
                + "that the keys of its records pick from a published perturbation table (maximum entropy, as the sdcTools "
                + "ptable package makes it), so the same records always give the same figure, in any table, publication or "
                + "download. The changes are at most " + PTABLE.maximumChange() + " either way (at most "
                + PTABLE.maximumChange(0) + " for an even count, so that two figures a child apart never give that child "
                + "away) and average 0, so the figures "
                + "are not biased; their variance is " + RateRow.number(PTABLE.variance()) + " (more for a count of 1 or 2, "
                + "which is never published as 1 or 2 but as 0, or 3 and above); 0 stays 0. Totals are changed as counts of "
                + "their own, and shares and ratios are worked out from the published counts. These counts are not withheld "
                + "with [c]; no share is shown of fewer than 10.";
    }

    /**
     * The ages the figures cover, as the CSVs and the API give them: "10-17" or "0-17" for children (the
     * population is of the same ages), "all" for people of all ages.
     */
    public String agesCovered() {
        // SnapshotFindings gives ages to every children's analysis, 0-17 to those kept before ages were recorded
        return !childrenOnly ? "all" : ages == null ? "" : ages;
    }

    /** The number of months with records held that the rates are over; empty when the period is not known. */
    String monthsHeld() {
        return period == null || period.held().isEmpty() ? "" : Integer.toString(period.held().size());
    }

    /**
     * A rate per 1,000 over the months held as a rate per 1,000 a year, at full precision as the CSVs give
     * rates (DESIGN.md section 5: 1000·x/(n·m/12)); empty for a rate not shown or a period not known.
     */
    String ratePerYear(String ratePer1000) {
        if (ratePer1000 == null || ratePer1000.isBlank() || monthsHeld().isEmpty()) {
            return "";
        }
        return RateRow.number(Rates.perYear(Double.parseDouble(ratePer1000), period.held().size()));
    }

    /** Body-worn video coverage of the children's extended records, or null when the analysis has none. */
    public FootageCoverage coverage() {
        return coverage;
    }

    /**
     * The tables of an analysis without its period: nothing is checked against the period (for the tests of
     * disclosure control alone).
     */
    static PublishedTables of(SnapshotFindings findings) {
        return of(findings, null, null, List::of);
    }

    /**
     * The tables of an analysis of the period {@code from} to {@code to}; {@code imported} gives the months
     * records were held for when it was made, asked only of an analysis that did not record its months itself.
     */
    static PublishedTables of(SnapshotFindings findings, LocalDate from, LocalDate to, Supplier<List<YearMonth>> imported) {
        return of(findings, from, to, imported, Set.of());
    }

    /**
     * The same, withholding as well the figures named in {@code alsoWithheld} ({@link #figureName}) before
     * secondary suppression: what joint protection with earlier publications asks for ({@link JointProtection}).
     */
    static PublishedTables of(SnapshotFindings findings, LocalDate from, LocalDate to, Supplier<List<YearMonth>> imported,
                              Set<String> alsoWithheld) {
        String reference = findings.referenceGroup();
        List<RateRow> rows = findings.rows();
        String force = rows.stream().map(RateRow::areaCode).filter(c -> c.startsWith("E23")).findFirst().orElse(null);
        if (force == null) {
            return withWhatIsNotByArea(new PublishedTables(List.of(), List.of(), null, List.of(), StripSearches.NONE, List.of(),
                    reference), findings, from, to, imported);
        }
        List<RateRow> forceRows = rows.stream().filter(r -> r.areaCode().equals(force)).toList();
        List<String> groups = forceRows.stream().map(RateRow::group).toList();
        Map<String, Map<String, RateRow>> boroughs = new TreeMap<>();
        rows.stream().filter(r -> r.areaCode().startsWith("E09"))
                .forEach(r -> boroughs.computeIfAbsent(r.areaCode(), b -> new LinkedHashMap<>()).put(r.group(), r));
        // The boroughs with a last row for records with no borough: its column totals are the force area's figures.
        List<String> boroughCodes = new ArrayList<>(boroughs.keySet());
        long[][] cells = new long[boroughCodes.size() + 1][groups.size()];
        boolean consistent = true;
        for (int g = 0; g < groups.size(); g++) {
            long rest = forceRows.get(g).events();
            for (int b = 0; b < boroughCodes.size(); b++) {
                RateRow row = boroughs.get(boroughCodes.get(b)).get(groups.get(g));
                cells[b][g] = row == null ? 0 : row.events();
                rest -= cells[b][g];
            }
            cells[boroughCodes.size()][g] = rest;
            consistent &= rest >= 0;
        }
        if (!consistent) {
            // Boroughs beyond the force area: publish the force area alone, as one row.
            boroughCodes.clear();
            boroughs.clear();
            cells = new long[1][groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                cells[0][g] = forceRows.get(g).events();
            }
        }
        // With boroughs, a further figure is taken from the boroughs before any group's total; with none, the
        // one row of cells is the groups' totals, and only the total of all is given up for them.
        boolean[][] marked = new boolean[cells.length + 1][groups.size() + 1];
        for (int g = 0; g <= groups.size(); g++) {
            String group = g < groups.size() ? groups.get(g) : ALL;
            for (int b = 0; b < cells.length && g < groups.size(); b++) {
                marked[b][g] = alsoWithheld.contains(figureName(BOROUGHS, b < boroughCodes.size() ? boroughCodes.get(b) : "", group));
            }
            marked[cells.length][g] = alsoWithheld.contains(figureName(FIGURES, "", group));
        }
        DisclosureControl.ProtectedTable table = boroughCodes.isEmpty()
                ? DisclosureControl.protectCountsWithTheirTotal(cells[0], marked[cells.length])
                : DisclosureControl.protectKeepingColumnTotals(cells, marked);

        List<Publications.Figure> figures = new ArrayList<>();
        // A ratio is made from the reference group's count too: with its population published, a ratio would
        // give away a withheld reference count.
        int referenceIndex = groups.indexOf(reference);
        boolean referenceShown = referenceIndex >= 0 && !table.isColumnTotalSuppressed(referenceIndex);
        for (int g = 0; g < groups.size(); g++) {
            RateRow f = forceRows.get(g);
            boolean withheld = table.isColumnTotalSuppressed(g);
            boolean rate = !withheld && (f.reliability().equals("reliable") || f.reliability().equals("unstable"));
            boolean ratio = rate && referenceShown && f.ciLower() != null;
            figures.add(new Publications.Figure(f.areaCode(), f.group(), table.columnTotalShown(g), RateRow.number(f.population()),
                    rate ? RateRow.number(f.ratePerThousand()) : "", rate && referenceShown ? RateRow.number(f.rateRatio()) : "",
                    ratio ? RateRow.number(f.ciLower()) : "", ratio ? RateRow.number(f.ciUpper()) : "",
                    withheld ? "withheld" : f.reliability(), ratio ? f.rateRatio() : null, ratio ? f.ciLower() : null,
                    ratio ? f.ciUpper() : null));
        }
        figures.add(new Publications.Figure(force, "All", table.grandTotalShown(), "", "", "", "", "", "", null, null, null));

        List<BoroughCell> boroughCells = new ArrayList<>();
        for (int b = 0; b < boroughCodes.size(); b++) {
            for (int g = 0; g < groups.size(); g++) {
                RateRow row = boroughs.get(boroughCodes.get(b)).get(groups.get(g));
                boroughCells.add(new BoroughCell(boroughCodes.get(b), findings.areaName(boroughCodes.get(b)),
                        groups.get(g), table.shown(b, g), row == null ? "" : RateRow.number(row.population())));
            }
        }
        if (!boroughCodes.isEmpty()) {
            for (int g = 0; g < groups.size(); g++) {
                boroughCells.add(new BoroughCell("", BOROUGH_NOT_KNOWN, groups.get(g), table.shown(boroughCodes.size(), g), ""));
            }
        }
        BoroughFunnel funnel = boroughCodes.isEmpty() ? null
                : funnel(groups, forceRows, figures, boroughCodes, boroughs, findings, table, reference);
        boolean keyed = keyed(findings);
        return withWhatIsNotByArea(new PublishedTables(figures, boroughCells, funnel, chain(findings.decisionChain(), figures, alsoWithheld),
                keyed ? stripSearches(findings.stripSearches()) : StripSearches.NONE, keyed ? sso(findings.ssoCounts()) : List.of(),
                reference), findings, from, to, imported);
    }

    /**
     * The findings that are not by area: the trend, the period with its months held, the
     * extended records' dates and source, body-worn video coverage; and the extended records' figures left
     * out when they are not of the publication's period.
     */
    private static PublishedTables withWhatIsNotByArea(PublishedTables tables, SnapshotFindings findings, LocalDate from,
                                                       LocalDate to, Supplier<List<YearMonth>> imported) {
        tables.extendedPeriod = findings.extendedRecordsPeriod();
        tables.trendPoints = findings.trend();
        SnapshotFindings.BwvCoverage bwv = findings.bwvCoverage();
        if (bwv != null && keyed(findings)) {
            // each count, and the total as a cell of its own, perturbed by its cell key
            tables.coverage = new FootageCoverage(perturbed(bwv.recorded(), bwv.recordedKey()),
                    perturbed(bwv.notRecorded(), bwv.notRecordedKey()), perturbed(bwv.unknown(), bwv.unknownKey()),
                    perturbed(bwv.recorded() + bwv.notRecorded() + bwv.unknown(),
                            PerturbationTable.cellKey(bwv.recordedKey(), bwv.notRecordedKey(), bwv.unknownKey())),
                    bwv.recorded() + bwv.notRecorded() + bwv.unknown() > 0);
        }
        tables.extendedSynthetic = findings.extendedRecordsSynthetic();
        tables.ages = findings.ages();
        tables.childrenOnly = findings.childrenOnly();
        List<YearMonth> held = findings.monthsHeld();
        tables.period = PublishedPeriod.of(from, to, held, held.isEmpty() && from != null ? imported.get() : List.of());
        tables.extendedMonths = findings.extendedRecordsMonths();
        boolean anyExtended = !tables.stripSearches.isEmpty() || !tables.sso.isEmpty() || (tables.coverage != null && tables.coverage.any());
        if (tables.period != null && anyExtended) {
            PublishedPeriod p = tables.period;
            // a month of the period with no police.uk records is outside what the publication is of, too
            boolean outside = tables.extendedMonths.stream().anyMatch(m -> !p.held().contains(m));
            boolean short_ = !tables.extendedMonths.containsAll(p.held());
            if (outside || short_) {
                tables.extendedWithheld = "The figures from the extended records (strip searches and appropriate adults, Safer "
                        + "Schools Officers against other officers, and body-worn video) are left out of this publication: "
                        + (tables.extendedMonths.isEmpty() ? "the months of the extended records it counted are not known"
                        : "the extended records it counted are of " + PublishedPeriod.runs(tables.extendedMonths)
                        + (outside ? ", outside the months of its period of " : ", which does not cover all of its period of ") + p.withGaps())
                        + ". Figures under this title must come from this period.";
                tables.stripSearches = StripSearches.NONE;
                tables.sso = List.of();
                tables.coverage = null;
            }
        }
        boolean countedExtended = !findings.stripSearches().isEmpty() || !findings.ssoCounts().isEmpty()
                || (findings.bwvCoverage() != null && findings.bwvCoverage().recorded() + findings.bwvCoverage().notRecorded()
                + findings.bwvCoverage().unknown() > 0);
        if (tables.extendedWithheld.isEmpty() && countedExtended && !keyed(findings)) {
            tables.extendedWithheld = "The figures from the extended records (strip searches and appropriate adults, Safer "
                    + "Schools Officers against other officers, and body-worn video) are left out of this publication: the "
                    + "analysis was kept before its counts carried the keys that give each count its small change to protect "
                    + "children, and these figures are never published without that change. Running the analysis again gives them.";
        }
        return tables;
    }

    /**
     * Whether every count the analysis made from the extended records carries its cell key (results.json of
     * format 4 on, with every record keyed), so that it can be perturbed.
     */
    private static boolean keyed(SnapshotFindings findings) {
        SnapshotFindings.BwvCoverage bwv = findings.bwvCoverage();
        return findings.stripSearches().stream().allMatch(c -> c.cellKey() != null)
                && findings.ssoCounts().stream().allMatch(c -> c.ssoKey() != null && c.otherKey() != null)
                && (bwv == null || (bwv.recordedKey() != null && bwv.notRecordedKey() != null && bwv.unknownKey() != null));
    }

    /** A count made from the extended records as published: its original moved by the change its cell key picks. */
    private static String perturbed(long count, long cellKey) {
        return Long.toString(PTABLE.perturbed(count, cellKey));
    }

    /** The group other than the reference (and Unknown) with the most events, shown and with a rate. */
    private static BoroughFunnel funnel(List<String> groups, List<RateRow> forceRows, List<Publications.Figure> figures,
                                        List<String> codes, Map<String, Map<String, RateRow>> boroughs, SnapshotFindings names,
                                        DisclosureControl.ProtectedTable table, String reference) {
        int chosen = -1;
        for (int g = 0; g < groups.size(); g++) {
            Publications.Figure f = figures.get(g);
            if (groups.get(g).equals(reference) || groups.get(g).equals("Unknown") || f.ratePer1000().isEmpty()) {
                continue;
            }
            if (chosen < 0 || forceRows.get(g).events() > forceRows.get(chosen).events()) {
                chosen = g;
            }
        }
        if (chosen < 0) {
            return null;
        }
        double overall = Double.parseDouble(figures.get(chosen).ratePer1000());
        List<BoroughPoint> points = new ArrayList<>();
        for (int b = 0; b < codes.size(); b++) {
            RateRow row = boroughs.get(codes.get(b)).get(groups.get(chosen));
            double population = row == null || row.population() == null ? 0 : row.population();
            String shown = table.shown(b, chosen);
            boolean plotted = !table.isSuppressed(b, chosen) && cellsAtLeast(shown, 10) && population > 0;
            FunnelLimits.Limits limits = population > 0 ? FunnelLimits.at(population, overall) : null;
            Double rate = plotted ? Rates.perThousand(Long.parseLong(shown), population) : null;
            String position = table.isSuppressed(b, chosen) ? "Not plotted: count withheld"
                    : !plotted ? "Not plotted: fewer than 10"
                    : rate > limits.upper998() ? "Above the 99.8% limit"
                    : rate > limits.upper95() ? "Above the 95% limit"
                    : rate < limits.lower998() ? "Below the 99.8% limit"
                    : rate < limits.lower95() ? "Below the 95% limit" : "Within the limits";
            points.add(new BoroughPoint(codes.get(b), names.areaName(codes.get(b)), shown, population, rate,
                    limits, position));
        }
        return new BoroughFunnel(groups.get(chosen), overall, points);
    }

    private static List<ChainRow> chain(List<SnapshotFindings.Chain> chain, List<Publications.Figure> figures, Set<String> alsoWithheld) {
        if (chain.isEmpty()) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        long[] arrests = new long[chain.size()];
        long[] strips = new long[chain.size()];
        int i = 0;
        for (SnapshotFindings.Chain group : chain) {
            groups.add(group.group());
            arrests[i] = group.stages().get(1).count();
            strips[i] = group.stages().get(2).count();
            i++;
        }
        // Each stage is a count by group with its total; stages do not add up to anything, so each is
        // protected on its own, giving up its total of all rather than another group's count.
        DisclosureControl.ProtectedTable arrestTable = DisclosureControl.protectCountsWithTheirTotal(arrests,
                marked(ARRESTED, groups, alsoWithheld));
        DisclosureControl.ProtectedTable stripTable = DisclosureControl.protectCountsWithTheirTotal(strips,
                marked(STRIPPED, groups, alsoWithheld));
        List<ChainRow> rows = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            Publications.Figure figure = figures.stream().filter(f -> f.group().equals(group)).findFirst().orElse(null);
            String searched = figure == null ? DisclosureControl.SUPPRESSED : figure.events();
            String arrested = arrestTable.shown(0, g);
            String stripped = stripTable.shown(0, g);
            Estimate arrestedShare = share(arrested, searched);
            Estimate strippedShare = share(stripped, arrested);
            rows.add(new ChainRow(group, searched, figure == null || figure.ratePer1000().isEmpty() ? "" : figure.ratePer1000(),
                    arrested, percent(arrestedShare), stripped, percent(strippedShare),
                    List.of(figure == null || figure.ratePer1000().isEmpty() ? Double.NaN : Double.parseDouble(figure.ratePer1000()),
                            arrestedShare == null ? Double.NaN : arrestedShare.value(),
                            strippedShare == null ? Double.NaN : strippedShare.value())));
        }
        rows.add(new ChainRow("All with a known group", "", "", arrestTable.grandTotalShown(), "", stripTable.grandTotalShown(), "",
                List.of()));
        return rows;
    }

    /**
     * More thorough and strip searches, perturbed: every count (by group and appropriate adult, each group's
     * total, each column's total, the total of all, by power and by outcome) is a cell of its own, published
     * with the change its cell key picks; a cell's key is the sum of the keys of the finest cells it is made
     * of, which is the sum of its records' keys. Shares are of the published counts.
     */
    private static StripSearches stripSearches(List<SnapshotFindings.StripSearchCell> cells) {
        if (cells.isEmpty()) {
            return StripSearches.NONE;
        }
        List<String> groups = new ArrayList<>(Arrays.stream(EthnicGroup.values()).map(EthnicGroup::label).toList());
        groups.add("Unknown");
        List<String> outcomeNames = List.of("No further action", "Arrest", "Another outcome", "Outcome not recorded");
        Cells adults = new Cells(groups.size(), 3);
        Cells powers = new Cells(1, 2);
        Cells outcomes = new Cells(1, outcomeNames.size());
        for (SnapshotFindings.StripSearchCell cell : cells) {
            int g = groups.indexOf(cell.group());
            Boolean adult = cell.appropriateAdult();
            adults.add(g, adult == null ? 2 : adult ? 0 : 1, cell.events(), cell.cellKey());
            powers.add(0, cell.power().equals("STRIP_SEARCH_INTIMATE_PARTS") ? 1 : 0, cell.events(), cell.cellKey());
            String outcome = cell.outcome();
            outcomes.add(0, outcome == null ? 3 : outcome.equals("NO_FURTHER_ACTION") ? 0 : outcome.equals("ARREST") ? 1 : 2,
                    cell.events(), cell.cellKey());
        }
        List<StripSearchRow> rows = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String present = adults.published(g, 0);
            String absent = adults.published(g, 1);
            Estimate share = shareOfTwo(present, absent);
            long asked = share == null ? 0 : Long.parseLong(present) + Long.parseLong(absent);
            rows.add(new StripSearchRow(groups.get(g), present, absent, adults.published(g, 2), adults.rowTotal(g),
                    percent(share), share == null ? "" : asked < 20 ? "unstable" : "reliable", share));
        }
        Estimate all = shareOfTwo(adults.columnTotal(0), adults.columnTotal(1));
        rows.add(new StripSearchRow("All", adults.columnTotal(0), adults.columnTotal(1), adults.columnTotal(2),
                adults.grandTotal(), percent(all), all == null ? ""
                : Long.parseLong(adults.columnTotal(0)) + Long.parseLong(adults.columnTotal(1)) < 20 ? "unstable" : "reliable",
                all));
        // an outcome's share is of the sum of the published counts of the outcomes recorded
        long recordedTotal = 0;
        for (int o = 0; o < 3; o++) {
            recordedTotal += Long.parseLong(outcomes.published(0, o));
        }
        List<OutcomeRow> outcomeRows = new ArrayList<>();
        for (int o = 0; o < outcomeNames.size(); o++) {
            String shown = outcomes.published(0, o);
            outcomeRows.add(new OutcomeRow(outcomeNames.get(o), shown,
                    o < 3 && recordedTotal >= 10 ? percent(Rates.wilson(Long.parseLong(shown), recordedTotal)) : ""));
        }
        return new StripSearches(rows, powers.published(0, 1), powers.published(0, 0), outcomeRows);
    }

    /** A table of counts from the extended records with their cell keys, published perturbed, totals as cells of their own. */
    private static final class Cells {
        private final long[][] counts;
        private final long[][] keys;

        Cells(int rows, int columns) {
            counts = new long[rows][columns];
            keys = new long[rows][columns];
        }

        void add(int row, int column, long count, long key) {
            counts[row][column] += count;
            keys[row][column] = PerturbationTable.cellKey(keys[row][column], key);
        }

        String published(int row, int column) {
            return perturbed(counts[row][column], keys[row][column]);
        }

        String rowTotal(int row) {
            return perturbed(Arrays.stream(counts[row]).sum(), PerturbationTable.cellKey(keys[row]));
        }

        String columnTotal(int column) {
            return perturbed(Arrays.stream(counts).mapToLong(r -> r[column]).sum(),
                    PerturbationTable.cellKey(Arrays.stream(keys).mapToLong(r -> r[column]).toArray()));
        }

        String grandTotal() {
            return perturbed(Arrays.stream(counts).flatMapToLong(Arrays::stream).sum(),
                    PerturbationTable.cellKey(Arrays.stream(keys).flatMapToLong(Arrays::stream).toArray()));
        }
    }

    /**
     * Safer Schools Officers against other officers, perturbed: each group's two counts and the two column
     * totals are cells of their own. A ratio of shares is of the published counts, each share of the sum of
     * the published counts of its column (so it never passes 1), where both of the group's reach 10.
     */
    private static List<SsoRow> sso(List<SnapshotFindings.SsoCount> counts) {
        if (counts.isEmpty()) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        Cells cells = new Cells(counts.size(), 2);
        int i = 0;
        for (SnapshotFindings.SsoCount c : counts) {
            groups.add(c.group());
            cells.add(i, 0, c.sso(), c.ssoKey());
            cells.add(i, 1, c.other(), c.otherKey());
            i++;
        }
        long ssoSum = 0;
        long otherSum = 0;
        for (int g = 0; g < groups.size(); g++) {
            ssoSum += Long.parseLong(cells.published(g, 0));
            otherSum += Long.parseLong(cells.published(g, 1));
        }
        List<SsoRow> rows = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String sso = cells.published(g, 0);
            String other = cells.published(g, 1);
            boolean ratio = !groups.get(g).equals("Unknown") && cellsAtLeast(sso, 10) && cellsAtLeast(other, 10);
            Estimate estimate = ratio ? Rates.katz(Long.parseLong(sso), ssoSum, Long.parseLong(other), otherSum) : null;
            rows.add(new SsoRow(groups.get(g), sso, other, estimate == null ? "" : two(estimate.value()),
                    estimate == null ? "" : two(estimate.interval().lower()) + " to " + two(estimate.interval().upper()),
                    estimate == null ? "" : Math.min(Long.parseLong(sso), Long.parseLong(other)) < 20 ? "unstable" : "reliable",
                    estimate));
        }
        rows.add(new SsoRow("All", cells.columnTotal(0), cells.columnTotal(1), "", "", "", null));
        return rows;
    }

    /**
     * A table as CSV, exactly as published ([c] for withheld): "figures" (with the header of rates.csv),
     * "boroughs", "decision-points", "strip-searches" or "sso"; null when the analysis has none.
     */
    String csv(String name) {
        List<List<String>> lines = new ArrayList<>();
        switch (name) {
            case "figures" -> {
                lines.add(List.of("area_code", "group", "events", "population", "rate_per_1000", "rate_ratio", "ci_lower",
                        "ci_upper", "reliability", "rate_per_1000_a_year", "months_held", "ages"));
                figures.forEach(f -> lines.add(List.of(f.areaCode(), f.group(), f.events(), f.population(), f.ratePer1000(),
                        f.rateRatio(), f.ciLower(), f.ciUpper(), f.reliability(), ratePerYear(f.ratePer1000()), monthsHeld(),
                        agesCovered())));
            }
            case "boroughs" -> {
                lines.add(List.of("area_code", "borough", "group", "events", "population", "months_held", "ages"));
                boroughCells.forEach(c -> lines.add(List.of(c.code(), c.name(), c.group(), c.events(), c.population(), monthsHeld(),
                        agesCovered())));
            }
            case "decision-points" -> {
                lines.add(List.of("group", "searched", "searched_per_1000", "arrested", "arrested_share_of_searched",
                        "more_than_outer_clothing_removed", "share_of_arrested", "searched_per_1000_a_year", "months_held", "ages"));
                chain.forEach(r -> lines.add(List.of(r.group(), r.searched(), r.searchRate(), r.arrested(), r.arrestedShare(),
                        r.stripped(), r.strippedShare(), ratePerYear(r.searchRate()), monthsHeld(), agesCovered())));
            }
            case "strip-searches" -> {
                lines.add(List.of("group", "appropriate_adult_present", "appropriate_adult_not_present", "not_recorded", "total",
                        "share_with_appropriate_adult", "reliability", "source", "note", "ages"));
                stripSearches.rows().forEach(r -> lines.add(List.of(r.group(), r.present(), r.absent(), r.notRecorded(), r.total(),
                        r.shareWithAdult(), r.reliability(), source(), PERTURBED, agesCovered())));
                stripSearches.outcomes().forEach(o -> lines.add(List.of("Outcome: " + o.outcome(), "", "", "", o.events(), o.share(), "",
                        source(), PERTURBED, agesCovered())));
            }
            case "sso" -> {
                lines.add(List.of("group", "with_safer_schools_officer", "other_officers", "ratio_of_shares", "ci_95", "reliability",
                        "source", "note", "ages"));
                sso.forEach(r -> lines.add(List.of(r.group(), r.sso(), r.other(), r.ratio(), r.interval(), r.reliability(), source(),
                        PERTURBED, agesCovered())));
            }
            default -> {
                return null;
            }
        }
        if (lines.size() == 1 && !name.equals("figures")) {
            return null;
        }
        StringBuilder csv = new StringBuilder(String.join(",", lines.get(0))).append('\n');
        lines.stream().skip(1).forEach(l -> csv.append(String.join(",", l.stream()
                .map(SafeCsv::cell).toList())).append('\n'));
        return csv.toString();
    }

    /** Which of a stage's counts by group (and its total, last) are named in {@code alsoWithheld}. */
    private static boolean[] marked(String table, List<String> groups, Set<String> alsoWithheld) {
        boolean[] marked = new boolean[groups.size() + 1];
        for (int g = 0; g <= groups.size(); g++) {
            marked[g] = alsoWithheld.contains(figureName(table, "", g < groups.size() ? groups.get(g) : ALL));
        }
        return marked;
    }

    /** The tables of police.uk figures that joint protection names its figures by. */
    static final String FIGURES = "figures";
    static final String BOROUGHS = "boroughs";
    static final String ARRESTED = "arrested";
    static final String STRIPPED = "more than outer clothing removed";
    /** The group of a total of all groups, in a figure's name. */
    static final String ALL = "All";

    /**
     * A police.uk figure's name for joint protection: its table, its borough (empty for none, or for records
     * with no borough in the boroughs table) and its group ({@value #ALL} for the total of all).
     */
    static String figureName(String table, String borough, String group) {
        return table + "|" + borough + "|" + group;
    }

    /** The source of the extended records' figures, for each CSV row made from them: synthetic, real or not recorded. */
    private String source() {
        return Boolean.TRUE.equals(extendedSynthetic) ? "synthetic extended records"
                : Boolean.FALSE.equals(extendedSynthetic) ? "extended records" : "extended records (synthetic or not, not recorded)";
    }

    /** A share of {@code part} in {@code whole}, both as published: only when both are shown and the whole reaches 10. */
    private static Estimate share(String part, String whole) {
        if (part.equals(DisclosureControl.SUPPRESSED) || whole.equals(DisclosureControl.SUPPRESSED) || !cellsAtLeast(whole, 10)) {
            return null;
        }
        return Rates.wilson(Long.parseLong(part), Long.parseLong(whole));
    }

    /** The share of the first of two shown counts in their sum, when the sum reaches 10. */
    private static Estimate shareOfTwo(String first, String second) {
        if (first.equals(DisclosureControl.SUPPRESSED) || second.equals(DisclosureControl.SUPPRESSED)) {
            return null;
        }
        long whole = Long.parseLong(first) + Long.parseLong(second);
        return whole < 10 ? null : Rates.wilson(Long.parseLong(first), whole);
    }

    private static boolean cellsAtLeast(String shown, long least) {
        return !shown.equals(DisclosureControl.SUPPRESSED) && Long.parseLong(shown) >= least;
    }

    private static String percent(Estimate share) {
        return share == null ? "" : String.format(Locale.UK, "%.1f%% (%.1f%% to %.1f%%)", 100 * share.value(),
                100 * share.interval().lower(), 100 * share.interval().upper());
    }

    private static String two(double value) {
        return String.format(Locale.UK, "%.2f", value);
    }
}
