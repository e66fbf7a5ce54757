package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.analysis.SnapshotFindings;

/**
 * A publication says which months of its period hold no records, rather than hiding them; its monthly
 * figures are of the months held; and its figures from our extended records are of its own period and
 * carry the mark of their source, or are left out with a sentence saying why.
 */
class PublishingEachFigureForItsOwnPeriodTest {

    private static final String RATES = "area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability\n"
            + "E23000001,Black,130,10000,13,8.666667,6.1,12.3,reliable\n"
            + "E23000001,White,45,30000,1.5,,,,reliable\n";
    private static final LocalDate MARCH = LocalDate.of(2022, 3, 1);
    private static final LocalDate SEPTEMBER_END = LocalDate.of(2022, 9, 30);

    /** Months 03, 04, 05, 07 and 09 held; June and August not. */
    private static String trendOverHeldMonths(String extra) {
        StringBuilder trend = new StringBuilder();
        for (String month : List.of("2022-03", "2022-04", "2022-05", "2022-07", "2022-09")) {
            trend.append(trend.isEmpty() ? "" : ",").append("""
                    {"month": "%s", "group": "Black", "events": 26, "rate_per_1000": 2.6, "ci_lower": 1.7, "ci_upper": 3.8}""".formatted(month));
        }
        return """
                {"reference_group": "White", "months_held": ["2022-03", "2022-04", "2022-05", "2022-07", "2022-09"],
                 "months_missing": ["2022-06", "2022-08"], "trend": [%s]%s}""".formatted(trend, extra);
    }

    private static final String EXTENDED = """
            , "sso_counts": [{"group": "Black", "sso_events": 20, "other_events": 40, "sso_key": 1717986918, "other_key": 1717986918}, {"group": "White", "sso_events": 30, "other_events": 90, "sso_key": 429496729, "other_key": 429496729}],
              "strip_searches": [{"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": true, "outcome": "ARREST", "events": 12, "cell_key": 2147483648}],
              "bwv_coverage": {"recorded": 120, "not_recorded": 50, "unknown": 10, "recorded_key": 2147483648, "not_recorded_key": 1717986918, "unknown_key": 2576980378}""";

    @Test
    void months_are_named_as_a_reader_reads_them() {
        assertThat(PublishedPeriod.runs(List.of(YearMonth.of(2022, 3), YearMonth.of(2022, 4), YearMonth.of(2022, 5),
                YearMonth.of(2022, 7), YearMonth.of(2022, 9)))).isEqualTo("March to May, July and September 2022");
        assertThat(PublishedPeriod.runs(List.of(YearMonth.of(2022, 6), YearMonth.of(2022, 8)))).isEqualTo("June and August 2022");
        assertThat(PublishedPeriod.runs(List.of(YearMonth.of(2021, 11), YearMonth.of(2021, 12), YearMonth.of(2022, 1))))
                .isEqualTo("November 2021 to January 2022");
        assertThat(PublishedPeriod.runs(List.of(YearMonth.of(2021, 12), YearMonth.of(2022, 2))))
                .isEqualTo("December 2021 and February 2022");
        assertThat(PublishedPeriod.span(YearMonth.of(2022, 3), YearMonth.of(2022, 3))).isEqualTo("March 2022");
    }

    @Test
    void a_period_with_months_missing_says_which() {
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, trendOverHeldMonths("")), MARCH, SEPTEMBER_END, List::of);
        PublishedPeriod period = tables.period();
        assertThat(period.hasGaps()).isTrue();
        assertThat(period.missing()).containsExactly(YearMonth.of(2022, 6), YearMonth.of(2022, 8));
        assertThat(period.withGaps()).isEqualTo("March to September 2022 (no records are held for June and August 2022)");
        assertThat(period.heldDescribed()).isEqualTo("March to May, July and September 2022");
    }

    @Test
    void an_analysis_kept_before_months_were_recorded_takes_its_gaps_from_what_was_imported_then() {
        String old = trendOverHeldMonths("").replace("\"months_held\"", "\"was_not_recorded\"");
        List<YearMonth> imported = List.of(YearMonth.of(2022, 3), YearMonth.of(2022, 4), YearMonth.of(2022, 5),
                YearMonth.of(2022, 7), YearMonth.of(2022, 9));
        assertThat(PublishedTables.of(SnapshotFindings.read(RATES, old), MARCH, SEPTEMBER_END, () -> imported).period().missing())
                .containsExactly(YearMonth.of(2022, 6), YearMonth.of(2022, 8));
        assertThat(PublishedTables.of(SnapshotFindings.read(RATES, old), MARCH, SEPTEMBER_END, List::of).period().hasGaps())
                .as("nothing known of its months: every month is taken as held").isFalse();
    }

    /**
     * A month in which every group had fewer than 10 has no monthly figure but has records: it must not be
     * taken for a month with none, or the group shown for the other months would give its count away by
     * subtraction from the group's total.
     */
    @Test
    void a_month_without_figures_is_not_taken_for_a_month_without_records() {
        String thin = """
                {"reference_group": "White", "trend": [
                  {"month": "2022-03", "group": "Black", "events": 60, "rate_per_1000": 6.0, "ci_lower": 4.6, "ci_upper": 7.7},
                  {"month": "2022-04", "group": "Black", "events": 67, "rate_per_1000": 6.7, "ci_lower": 5.2, "ci_upper": 8.5}]}""";
        LocalDate mayEnd = LocalDate.of(2022, 5, 31);
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, thin), MARCH, mayEnd, List::of);
        assertThat(tables.period().hasGaps()).isFalse();
        // Black's total is 130: March and April shown would leave May's 3 to be worked out
        assertThat(tables.trend(MARCH, mayEnd)).isEmpty();
    }

    @Test
    void the_monthly_trend_is_of_the_months_held_and_a_missing_month_does_not_hide_it() {
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, trendOverHeldMonths("")), MARCH, SEPTEMBER_END, List::of);
        // Black has 26 in every month held: shown, though June and August have no records at all
        assertThat(tables.trend(MARCH, SEPTEMBER_END)).extracting(SnapshotFindings.TrendPoint::period)
                .containsExactly("2022-03", "2022-04", "2022-05", "2022-07", "2022-09");
    }

    @Test
    void extended_records_of_another_period_are_left_out_with_the_reason() {
        String results = trendOverHeldMonths(EXTENDED + """
                , "extended_records_period": "2023-09-04 to 2024-06-28", "extended_records_synthetic": true""");
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, results), MARCH, SEPTEMBER_END, List::of);
        assertThat(tables.stripSearches().isEmpty()).isTrue();
        assertThat(tables.sso()).isEmpty();
        assertThat(tables.coverage()).isNull();
        assertThat(tables.csv("sso")).isNull();
        assertThat(tables.csv("strip-searches")).isNull();
        assertThat(tables.extendedWithheld()).contains("left out of this publication",
                "September 2023 to June 2024, outside the months of its period of March to September 2022");
    }

    @Test
    void extended_records_that_cover_only_part_of_the_period_are_left_out_with_the_reason() {
        String results = trendOverHeldMonths(EXTENDED + """
                , "extended_records_months": ["2022-03", "2022-04", "2022-05"], "extended_records_synthetic": false""");
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, results), MARCH, SEPTEMBER_END, List::of);
        assertThat(tables.sso()).isEmpty();
        assertThat(tables.extendedWithheld()).contains("March to May 2022, which does not cover all of its period");
    }

    @Test
    void extended_records_of_a_month_without_police_uk_records_are_left_out_too() {
        String results = trendOverHeldMonths(EXTENDED + """
                , "extended_records_months": ["2022-03", "2022-04", "2022-05", "2022-06", "2022-07", "2022-09"]""");
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, results), MARCH, SEPTEMBER_END, List::of);
        assertThat(tables.sso()).isEmpty();
        assertThat(tables.extendedWithheld()).contains("outside the months of its period");
    }

    @Test
    void each_row_of_the_extended_records_csvs_says_where_it_comes_from() {
        String results = trendOverHeldMonths(EXTENDED + """
                , "extended_records_months": ["2022-03", "2022-04", "2022-05", "2022-07", "2022-09"],
                  "extended_records_synthetic": true""");
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, results), MARCH, SEPTEMBER_END, List::of);
        for (String table : List.of("sso", "strip-searches")) {
            List<String> lines = tables.csv(table).lines().toList();
            assertThat(lines.get(0)).as(table).endsWith(",source,note,ages");
            assertThat(lines.subList(1, lines.size())).as(table).allMatch(l -> l.endsWith(",\"synthetic extended records\",\""
                    + PublishedTables.PERTURBED + "\",\"all\""));
        }
    }

    @Test
    void extended_records_of_every_month_held_are_shown_with_the_mark_of_their_source() {
        String results = trendOverHeldMonths(EXTENDED + """
                , "extended_records_months": ["2022-03", "2022-04", "2022-05", "2022-07", "2022-09"],
                  "extended_records_synthetic": true""");
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, results), MARCH, SEPTEMBER_END, List::of);
        assertThat(tables.extendedWithheld()).isEmpty();
        assertThat(tables.sso()).isNotEmpty();
        assertThat(tables.coverage().recorded()).isEqualTo("120");
        assertThat(tables.coverage().shareRecorded()).isEqualTo("66.7%");
        assertThat(tables.extendedSynthetic()).isTrue();
        assertThat(tables.extendedMonthsDescribed()).isEqualTo("March to May, July and September 2022");
    }

    @Test
    void a_share_of_body_worn_video_is_never_made_from_a_withheld_count() {
        assertThat(new PublishedTables.FootageCoverage("[c]", "40", "[c]", "47", true).shareRecorded()).isEmpty();
        assertThat(new PublishedTables.FootageCoverage("5", "3", "0", "8", true).shareRecorded()).as("fewer than 10").isEmpty();
        assertThat(new PublishedTables.FootageCoverage("12", "3", "0", "15", true).shareRecorded()).as("10 to 19: unstable")
                .isEqualTo("80.0%, unstable");
    }

    @Test
    void who_the_figures_are_about_is_said_in_plain_words() {
        var p = new Publications.Publication(1, 1, "t", "s", "children, self-defined ethnicity, reference White, by borough",
                MARCH, SEPTEMBER_END, Instant.now(), false);
        assertThat(p.who()).as("kept before the ages were chosen: 0 to 17").isEqualTo("Children (under 18); ethnicity as the "
                + "person searched described it; compared with White children; with figures for each London borough");
        var tenToSeventeen = new Publications.Publication(1, 1, "t", "s", "children aged 10 to 17, self-defined ethnicity, "
                + "reference White; force metropolitan", MARCH, SEPTEMBER_END, Instant.now(), false);
        assertThat(tenToSeventeen.who()).startsWith("Children aged 10 to 17; ethnicity as the person searched described it; "
                + "compared with White children");
        var withForce = new Publications.Publication(1, 1, "t", "s", "children, self-defined ethnicity, reference White, by borough; "
                + "force metropolitan", MARCH, SEPTEMBER_END, Instant.now(), false);
        assertThat(withForce.who()).endsWith("with figures for each London borough; recorded by the Metropolitan Police");
    }
}
