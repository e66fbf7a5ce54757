package uk.saferschools.oversight.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything a kept analysis found, as its results.json holds it: the typed face of a kept analysis for
 * whoever reads it afterwards (publication, the snapshot's page). Counts and figures only, never a record,
 * and not yet disclosure-controlled: publication does that.
 * <p>
 * Written with Jackson under {@link #FORMAT_VERSION}; a results.json without {@code format_version} was
 * kept before it and is read with its rates.csv ({@link #read}). Labels of groups are as the analysis
 * names them ("Black", "Unknown"). Format 3 added the children's {@code ages}; format 4 adds, beside each
 * count made from the extended records, its cell key (the sum of its records' secret keys modulo 2^32,
 * ADR 0017), for publication to perturb it; a key is a secret, kept here and never published. A snapshot
 * of an older format has no keys, and its extended-record figures are withheld.
 *
 * @param ages      the children's ages of a children's analysis, as {@code --ages} writes them ("10-17", "0-17"),
 *                  of its records and its population alike; null for all ages. A snapshot kept before version 3
 *                  was of children aged 0 to 17, the only ages then.
 * @param areaNames each area's name by ONS code, for the areas of {@code rows}
 * @param rows      the rows of rates.csv: each area's figures by group
 */
public record SnapshotFindings(
        @JsonProperty("format_version") int formatVersion,
        String generated,
        String software,
        List<String> inputs,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("period_from") String periodFrom,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("period_to") String periodTo,
        @JsonInclude(JsonInclude.Include.NON_NULL) String force,
        @JsonProperty("months_held") List<YearMonth> monthsHeld,
        @JsonProperty("months_missing") List<YearMonth> monthsMissing,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("records_counted") Long recordsCounted,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("vehicle_searches_excluded") Long vehicleSearchesExcluded,
        @JsonInclude(JsonInclude.Include.NON_NULL) String benchmark,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("benchmark_suppressed_cells") Long benchmarkSuppressedCells,
        String ethnicity,
        @JsonProperty("reference_group") String referenceGroup,
        @JsonProperty("children_only") boolean childrenOnly,
        @JsonInclude(JsonInclude.Include.NON_NULL) String ages,
        String methods,
        String licence,
        @JsonProperty("decision_chain") List<Chain> decisionChain,
        @JsonProperty("decision_chain_note") String decisionChainNote,
        @JsonProperty("outcome_test") List<OutcomeTest> outcomeTest,
        List<TrendPoint> trend,
        @JsonProperty("trend_by_quarter") List<TrendPoint> trendByQuarter,
        List<FunnelPoint> funnel,
        @JsonProperty("funnel_note") String funnelNote,
        @JsonProperty("school_funnel") SchoolFunnel schoolFunnel,
        @JsonProperty("sso_comparison") List<SsoComparison> ssoComparison,
        @JsonProperty("extended_records_period") String extendedRecordsPeriod,
        @JsonProperty("extended_records_months") List<YearMonth> extendedRecordsMonths,
        @JsonProperty("extended_records_synthetic") Boolean extendedRecordsSynthetic,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("bwv_coverage") BwvCoverage bwvCoverage,
        @JsonProperty("sso_counts") List<SsoCount> ssoCounts,
        @JsonProperty("strip_searches") List<StripSearchCell> stripSearches,
        @JsonProperty("area_names") Map<String, String> areaNames,
        List<RateRow> rows) {

    /**
     * The version of results.json written now; a results.json without one is of the format before it (version 1),
     * read into this one.
     */
    public static final int FORMAT_VERSION = 4;

    /** The children's ages of every children's analysis kept before version 3. */
    static final String AGES_BEFORE_VERSION_3 = "0-17";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public SnapshotFindings {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        monthsHeld = monthsHeld == null ? List.of() : List.copyOf(monthsHeld);
        monthsMissing = monthsMissing == null ? List.of() : List.copyOf(monthsMissing);
        decisionChain = decisionChain == null ? List.of() : List.copyOf(decisionChain);
        outcomeTest = outcomeTest == null ? List.of() : List.copyOf(outcomeTest);
        trend = trend == null ? List.of() : List.copyOf(trend);
        trendByQuarter = trendByQuarter == null ? List.of() : List.copyOf(trendByQuarter);
        funnel = funnel == null ? List.of() : List.copyOf(funnel);
        schoolFunnel = schoolFunnel == null ? SchoolFunnel.NONE : schoolFunnel;
        ssoComparison = ssoComparison == null ? List.of() : List.copyOf(ssoComparison);
        extendedRecordsPeriod = extendedRecordsPeriod == null ? "" : extendedRecordsPeriod;
        extendedRecordsMonths = extendedRecordsMonths == null ? List.of() : List.copyOf(extendedRecordsMonths);
        ssoCounts = ssoCounts == null ? List.of() : List.copyOf(ssoCounts);
        stripSearches = stripSearches == null ? List.of() : List.copyOf(stripSearches);
        areaNames = areaNames == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(areaNames));
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /**
     * One area's figures for one group, one line of rates.csv: the rate per 1,000 for the period, and the
     * rate ratio against the reference group with its Katz 95% interval. Nulls are empty fields.
     */
    public record RateRow(@JsonProperty("area_code") String areaCode, String group, long events, Double population,
                          @JsonProperty("rate_per_1000") Double ratePerThousand, @JsonProperty("rate_ratio") Double rateRatio,
                          @JsonProperty("ci_lower") Double ciLower, @JsonProperty("ci_upper") Double ciUpper, String reliability) {

        public static final String HEADER = "area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability";

        /** The line of rates.csv. */
        public String csv() {
            return String.join(",", areaCode, group, Long.toString(events), number(population), number(ratePerThousand),
                    number(rateRatio), number(ciLower), number(ciUpper), reliability);
        }

        /** A number as rates.csv writes it: full precision, whole numbers without a decimal point, empty for none. */
        public static String number(Double value) {
            if (value == null) {
                return "";
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString(value.longValue());
            }
            return Double.toString(value);
        }

        /** A line of rates.csv read by column position, as the format has always been; null for a short line. */
        static RateRow of(String line) {
            String[] f = line.split(",", -1);
            if (f.length < 9) {
                return null;
            }
            return new RateRow(f[0], f[1], Long.parseLong(f[2]), decimal(f[3]), decimal(f[4]), decimal(f[5]), decimal(f[6]),
                    decimal(f[7]), f[8]);
        }

        private static Double decimal(String field) {
            return field.isEmpty() ? null : Double.valueOf(field);
        }
    }

    /** A stage of a group's decision-point chain: its count, of how many before it, and its share with the Wilson 95% interval. */
    public record Stage(String stage, long count, Double of, Double share, @JsonProperty("ci_lower") Double ciLower,
                        @JsonProperty("ci_upper") Double ciUpper) {
    }

    /** A group's chain: population → searched → arrested → more than outer clothing removed. */
    public record Chain(String group, List<Stage> stages) {
    }

    /** The share of a group's searches whose outcome was linked to their object, among those with it known. */
    public record OutcomeTest(String group, long linked, @JsonProperty("outcome_known") long known, Double share,
                              @JsonProperty("ci_lower") Double ciLower, @JsonProperty("ci_upper") Double ciUpper) {
    }

    /**
     * A group's rate per 1,000 in one period, a month ("2022-03") or a quarter ("2022 Q1", with how many of
     * its months had records), with the 95% interval of its count.
     */
    public record TrendPoint(@JsonInclude(JsonInclude.Include.NON_NULL) String month,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String quarter,
                             @JsonProperty("months_with_records") @JsonInclude(JsonInclude.Include.NON_NULL) Integer months,
                             String group, long events, @JsonProperty("rate_per_1000") double rate,
                             @JsonProperty("ci_lower") double lower, @JsonProperty("ci_upper") double upper) {

        public static TrendPoint ofMonth(String month, String group, long events, double rate, double lower, double upper) {
            return new TrendPoint(month, null, null, group, events, rate, lower, upper);
        }

        public static TrendPoint ofQuarter(String quarter, int months, String group, long events, double rate, double lower,
                                           double upper) {
            return new TrendPoint(null, quarter, months, group, events, rate, lower, upper);
        }

        /** The month or the quarter. */
        public String period() {
            return month != null ? month : quarter;
        }
    }

    /** A borough (or, in a chart, any area) in a funnel: its rate for the group against the limits for its population. */
    public record FunnelPoint(String group, @JsonProperty("area_code") String area, long events, double population,
                              @JsonProperty("rate_per_1000") double rate,
                              @JsonProperty("lower_95") double lower95, @JsonProperty("upper_95") double upper95,
                              @JsonProperty("lower_99_8") double lower998, @JsonProperty("upper_99_8") double upper998) {
    }

    /**
     * The funnels of schools against each school's latest roll: the academic years used, how many school ×
     * group counts were suppressed in the roll, and how many children's records name a school with no roll.
     */
    public record SchoolFunnel(@JsonProperty("academic_years") List<String> academicYears,
                               @JsonProperty("suppressed_roll_cells") int suppressedRollCells,
                               @JsonProperty("events_at_schools_without_a_roll") long eventsWithoutRoll,
                               List<SchoolPoint> points) {
        static final SchoolFunnel NONE = new SchoolFunnel(List.of(), 0, 0, List.of());

        public SchoolFunnel {
            academicYears = academicYears == null ? List.of() : List.copyOf(academicYears);
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /** A school in a funnel: its rate for the group against the limits for its pupils of the group on its roll. */
    public record SchoolPoint(String group, String school, long events, double pupils, @JsonProperty("rate_per_1000") double rate,
                              @JsonProperty("lower_95") double lower95, @JsonProperty("upper_95") double upper95,
                              @JsonProperty("lower_99_8") double lower998, @JsonProperty("upper_99_8") double upper998) {
    }

    /** A group's share of what Safer Schools Officers did against its share of what other officers did. */
    public record SsoComparison(String group, @JsonProperty("sso_events") long ssoEvents, @JsonProperty("sso_total") long ssoTotal,
                                @JsonProperty("other_events") long otherEvents, @JsonProperty("other_total") long otherTotal,
                                @JsonProperty("ratio_of_shares") Double ratio, @JsonProperty("ci_lower") Double ciLower,
                                @JsonProperty("ci_upper") Double ciUpper) {
    }

    /**
     * Body-worn video at the children's uses of powers: recording, not recording, not known; each with its
     * cell key (format 4 on; null in a results.json kept before, or when a record had no key).
     */
    public record BwvCoverage(long recorded, @JsonProperty("not_recorded") long notRecorded, long unknown,
                              @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("recorded_key") Long recordedKey,
                              @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("not_recorded_key") Long notRecordedKey,
                              @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("unknown_key") Long unknownKey) {
    }

    /**
     * A group's uses of powers on children with and without a Safer Schools Officer involved ("Unknown"
     * included), each with its cell key (null before format 4).
     */
    public record SsoCount(String group, @JsonProperty("sso_events") long sso, @JsonProperty("other_events") long other,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sso_key") Long ssoKey,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("other_key") Long otherKey) {
    }

    /**
     * More thorough and strip searches of children of one power, group, appropriate adult (null: not
     * recorded) and outcome (null: not recorded), with the cell key of their records (null before format 4).
     */
    public record StripSearchCell(String power, String group, @JsonProperty("appropriate_adult") Boolean appropriateAdult,
                                  String outcome, long events,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("cell_key") Long cellKey) {
    }

    /**
     * As results.json, in the current format: mapped by Jackson, and laid out as results.json always was
     * ({@link ResultsLayout}), so that a person reading it, or a script written for it, finds it as before.
     */
    public String json() {
        return ResultsLayout.of(JSON.valueToTree(this));
    }

    /**
     * The findings of a kept analysis from its files: results.json alone when it says its format version;
     * otherwise (kept before the format had a version) results.json by its keys with the figures read from
     * rates.csv by column position, as publication read them then.
     */
    public static SnapshotFindings read(String ratesCsv, String resultsJson) {
        JsonNode results = resultsJson == null || resultsJson.isBlank() ? JSON.createObjectNode() : JSON.readTree(resultsJson);
        if (results.has("format_version")) {
            if (results.get("format_version").asInt() < 3) {
                olderThanVersion3((ObjectNode) results);
            }
            return JSON.treeToValue(results, SnapshotFindings.class);
        }
        return readBeforeFormatVersion(ratesCsv, (ObjectNode) results);
    }

    /**
     * The format before versions (version 1): the same keys, the figures in rates.csv, no area names (named
     * now from the boundaries shipped), no reference group in the oldest (White, the only one then), and no
     * months of the extended records in the older (the months spanned by their dates).
     */
    private static SnapshotFindings readBeforeFormatVersion(String ratesCsv, ObjectNode results) {
        olderThanVersion3(results);
        if (!results.has("reference_group")) {
            results.put("reference_group", "White");
        }
        if (!results.has("extended_records_months")) {
            var months = results.putArray("extended_records_months");
            monthsSpanned(results.has("extended_records_period") ? results.get("extended_records_period").asString() : "")
                    .forEach(m -> months.add(m.toString()));
        }
        results.remove("rows");
        // mapped into the current format: written again, it is a results.json of this version
        results.put("format_version", FORMAT_VERSION);
        SnapshotFindings read = JSON.treeToValue(results, SnapshotFindings.class);
        List<RateRow> rows = ratesCsv == null ? List.of() : ratesCsv.lines().skip(1).filter(l -> !l.isBlank()).map(RateRow::of)
                .filter(Objects::nonNull).toList();
        return read.with(rows);
    }

    /** Before version 3, a children's analysis was of ages 0 to 17. */
    private static void olderThanVersion3(ObjectNode results) {
        if (results.has("children_only") && results.get("children_only").asBoolean() && !results.has("ages")) {
            results.put("ages", AGES_BEFORE_VERSION_3);
        }
    }

    /** Who the figures are of, in words: "children aged 10 to 17", or "people of all ages". */
    public String whoInWords() {
        return childrenOnly ? "children aged " + agesInWords() : "people of all ages";
    }

    /** The children's ages in words ("10 to 17"); empty for an analysis of all ages. */
    public String agesInWords() {
        return ages == null ? "" : ages.replace("-", " to ");
    }

    /** With these rows, and the names of their areas. */
    SnapshotFindings with(List<RateRow> rows) {
        Map<String, String> names = new TreeMap<>();
        rows.forEach(r -> names.put(r.areaCode(), AreaNames.of(r.areaCode())));
        return new SnapshotFindings(formatVersion, generated, software, inputs, periodFrom, periodTo, force, monthsHeld,
                monthsMissing, recordsCounted, vehicleSearchesExcluded, benchmark, benchmarkSuppressedCells, ethnicity,
                referenceGroup, childrenOnly, ages, methods, licence, decisionChain, decisionChainNote, outcomeTest, trend,
                trendByQuarter, funnel, funnelNote, schoolFunnel, ssoComparison, extendedRecordsPeriod, extendedRecordsMonths,
                extendedRecordsSynthetic, bwvCoverage, ssoCounts, stripSearches, names, rows);
    }

    /** Every month from the first to the last date of "2023-09-04 to 2024-06-28"; none when it is not that. */
    private static List<YearMonth> monthsSpanned(String period) {
        Matcher m = Pattern.compile("(\\d{4}-\\d{2})-\\d{2} to (\\d{4}-\\d{2})-\\d{2}").matcher(period);
        if (!m.matches()) {
            return List.of();
        }
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth month = YearMonth.parse(m.group(1)); !month.isAfter(YearMonth.parse(m.group(2))); month = month.plusMonths(1)) {
            months.add(month);
        }
        return months;
    }

    /** The name of an area by its ONS code ("Lambeth" for E09000022); the code itself when none is known. */
    public String areaName(String code) {
        return areaNames.getOrDefault(code, code);
    }

    /** Whether a name is known for the code. */
    public boolean areaNamed(String code) {
        return areaNames.containsKey(code) && !areaNames.get(code).equals(code);
    }
}
