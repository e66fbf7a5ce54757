package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.statistics.Estimate;
import uk.saferschools.oversight.statistics.PerturbationTable;
import uk.saferschools.oversight.statistics.Rates;

/**
 * The public dashboard's tables beyond the figures by group, worked out by hand: the funnel of boroughs,
 * the decision-point chain, strip searches with appropriate adults, and Safer Schools Officers against
 * other officers. The police.uk figures are protected with [c] so that no withheld count can be worked
 * out; the counts from our extended records (strip searches, SSOs) are perturbed by the cell key method
 * (ADR 0017), each exactly as the perturbation table gives it for its count and cell key, worked out here
 * from the table itself. Each share or ratio is shown only from shown (published) counts of 10 or more.
 */
class PublishingFindingsWithoutIdentifyingChildrenTest {

    private static final String HEADER = "area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability\n";

    /** Force area: Black 130 of 10,000 (13 per 1,000), White 45 of 30,000, Other 3 of 2,000; three boroughs. */
    private static final String RATES = HEADER
            + "E23000001,Black,130,10000,13,8.666667,6.1,12.3,reliable\n"
            + "E23000001,Other,3,2000,,,,,suppressed\n"
            + "E23000001,White,45,30000,1.5,,,,reliable\n"
            + "E09000022,Black,60,1000,60,,,,reliable\n"
            + "E09000022,Other,2,500,,,,,suppressed\n"
            + "E09000022,White,20,10000,2,,,,reliable\n"
            + "E09000028,Black,40,4000,10,,,,reliable\n"
            + "E09000028,Other,1,500,,,,,suppressed\n"
            + "E09000028,White,15,10000,1.5,,,,reliable\n"
            + "E09000012,Black,7,3000,,,,,suppressed\n"
            + "E09000012,Other,0,1000,,,,,suppressed\n"
            + "E09000012,White,10,10000,1,,,,unstable\n";

    private static final PerturbationTable PTABLE = PerturbationTable.PUBLISHED;

    /** A cell key of one half (u = 0.5): it leaves every count of 3 or more unchanged (checked by {@link #keys_of_one_half_leave_counts_of_three_or_more_unchanged}). */
    private static final long HALF = 1L << 31;

    /**
     * Cell keys of the strip-search cells: Black with an adult (12), Black without (4), White with (9), White not
     * recorded (6). Fractions 0.5, 0.8, 0.1 and 0.5 of 2^32: 4 and 9 are published changed, 12 and 6 not.
     */
    private static final long BLACK_ADULT = HALF;
    private static final long BLACK_NO_ADULT = (long) (0.8 * PerturbationTable.KEY_MODULUS);
    private static final long WHITE_ADULT = (long) (0.1 * PerturbationTable.KEY_MODULUS);
    private static final long WHITE_NOT_RECORDED = HALF;

    /**
     * The extended records' counts carry cell keys (results.json of format 4); the SSO counts keys of one half,
     * so that the design document's worked example of the Katz ratio is published unchanged.
     */
    private static final String RESULTS = """
            {"reference_group": "White",
             "decision_chain": [
               {"group": "Black", "stages": [{"stage": "searched", "count": 130}, {"stage": "arrested", "count": 26},
                                             {"stage": "more than outer clothing removed", "count": 3}]},
               {"group": "White", "stages": [{"stage": "searched", "count": 45}, {"stage": "arrested", "count": 9},
                                             {"stage": "more than outer clothing removed", "count": 2}]}],
             "sso_counts": [{"group": "Black", "sso_events": 10, "other_events": 12, "sso_key": %1$d, "other_key": %1$d},
                            {"group": "White", "sso_events": 65, "other_events": 213, "sso_key": %1$d, "other_key": %1$d}],
             "strip_searches": [
               {"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": true, "outcome": "NO_FURTHER_ACTION", "events": 12,
                "cell_key": %2$d},
               {"power": "STRIP_SEARCH_INTIMATE_PARTS", "group": "Black", "appropriate_adult": false, "outcome": "ARREST", "events": 4,
                "cell_key": %3$d},
               {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": true, "outcome": "NO_FURTHER_ACTION", "events": 9,
                "cell_key": %4$d},
               {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": null, "outcome": null, "events": 6,
                "cell_key": %5$d}]}
            """.formatted(HALF, BLACK_ADULT, BLACK_NO_ADULT, WHITE_ADULT, WHITE_NOT_RECORDED);

    private final PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, RESULTS));

    @Test
    void the_figures_by_group_are_the_column_totals_of_the_boroughs_and_are_protected_with_them() {
        assertThat(tables.figures()).extracting(Publications.Figure::group, Publications.Figure::events)
                .containsExactly(Tuple.tuple("Black", "130"), Tuple.tuple("Other", "[c]"),
                        Tuple.tuple("White", "45"), Tuple.tuple("All", "[c]"));
        // Other's 3 is withheld, so the total of all is too (not a group's): 178 - 130 - 45 would give it away
        assertThat(tables.boroughCells()).filteredOn(c -> c.group().equals("Other")).extracting(PublishedTables.BoroughCell::events)
                .containsExactly("0", "[c]", "[c]", "0");
        long withheldInBlackOrWhite = tables.boroughCells().stream().filter(c -> !c.group().equals("Other"))
                .filter(c -> c.events().equals("[c]")).count();
        assertThat(withheldInBlackOrWhite).as("a complement for each withheld Other count").isGreaterThanOrEqualTo(1);
        assertThat(tables.boroughCells()).extracting(PublishedTables.BoroughCell::name)
                .contains("Lambeth", "Hackney", PublishedTables.BOROUGH_NOT_KNOWN);
    }

    @Test
    void no_ratio_is_shown_against_a_withheld_reference_count() {
        // The reviewer's case: White (the reference) and Unknown withheld; Asian's ratio with both populations
        // published would give White = 25 / 420,000 x 820,000 / 4.88 = 10, and then Unknown = 65 - 25 - 26 - 10 = 4
        String rates = HEADER
                + "E23000001,Asian,25,420000,0.0595,4.880976,3.2,7.4,reliable\n"
                + "E23000001,Black,26,310000,0.0839,6.877,4.5,10.5,reliable\n"
                + "E23000001,Mixed,0,190000,,,,,suppressed\n"
                + "E23000001,Other,0,110000,,,,,suppressed\n"
                + "E23000001,White,10,820000,0.0122,1,,,unstable\n"
                + "E23000001,Unknown,4,,,,,,no-denominator\n"
                + "E09000002,Asian,25,12000,,,,,reliable\n"
                + "E09000002,Black,25,15000,,,,,reliable\n"
                + "E09000002,Mixed,0,6000,,,,,suppressed\n"
                + "E09000002,Other,0,3000,,,,,suppressed\n"
                + "E09000002,White,10,20000,,,,,unstable\n"
                + "E09000002,Unknown,4,,,,,,no-denominator\n";
        List<Publications.Figure> figures = PublishedTables.of(SnapshotFindings.read(rates, "{\"reference_group\": \"White\"}")).figures();
        Publications.Figure white = figures.stream().filter(f -> f.group().equals("White")).findFirst().orElseThrow();
        assertThat(white.events()).as("the reference group's count is withheld here").isEqualTo("[c]");
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.rateRatio()).as(f.group()).isEmpty();
            assertThat(f.ciLower()).as(f.group()).isEmpty();
            assertThat(f.ratio()).as(f.group()).isNull();
        });
        assertThat(figures.stream().filter(f -> f.group().equals("Unknown")).findFirst().orElseThrow().events()).isEqualTo("[c]");
    }

    @Test
    void the_funnel_plots_only_shown_boroughs_of_ten_or_more_around_the_force_area_rate() {
        PublishedTables.BoroughFunnel funnel = tables.funnel();
        assertThat(funnel.group()).isEqualTo("Black");
        assertThat(funnel.overallRate()).isEqualTo(13.0);
        PublishedTables.BoroughPoint lambeth = funnel.points().stream().filter(p -> p.name().equals("Lambeth")).findFirst().orElseThrow();
        // 60 of 1,000 is 60 per 1,000, far above the 99.8% limit around 13 per 1,000 for 1,000 children
        assertThat(lambeth.rate()).isEqualTo(60.0);
        assertThat(lambeth.position()).isEqualTo("Above the 99.8% limit");
        PublishedTables.BoroughPoint hackney = funnel.points().stream().filter(p -> p.name().equals("Hackney")).findFirst().orElseThrow();
        assertThat(hackney.rate()).isNull();
        assertThat(hackney.position()).startsWith("Not plotted");
        // the limits are around 13 per 1,000 at each borough's own population
        assertThat(lambeth.limits().lower95()).isLessThan(13.0);
        assertThat(lambeth.limits().upper95()).isGreaterThan(13.0);
    }

    @Test
    void the_decision_chain_shows_a_share_only_from_shown_counts_of_ten_or_more() {
        PublishedTables.ChainRow black = tables.chain().get(0);
        assertThat(black.group()).isEqualTo("Black");
        assertThat(black.searched()).isEqualTo("130");
        assertThat(black.arrested()).isEqualTo("26");
        // Wilson 95% interval for 26 of 130: 14.0% to 27.7%
        assertThat(black.arrestedShare()).isEqualTo("20.0% (14.0% to 27.7%)");
        assertThat(black.stripped()).isEqualTo("[c]");
        assertThat(black.strippedShare()).isEmpty();
        PublishedTables.ChainRow white = tables.chain().get(1);
        assertThat(white.arrested()).isEqualTo("9");
        assertThat(white.stripped()).isEqualTo("[c]");
        assertThat(white.strippedShare()).as("arrests under 10").isEmpty();
        assertThat(tables.chain().get(2).arrested()).isEqualTo("35");
        assertThat(tables.chain().get(2).stripped()).as("3 + 2 = 5 would give both away: withheld").isEqualTo("[c]");
    }

    @Test
    void strip_searches_are_published_as_the_perturbation_table_gives_each_count_with_shares_of_the_published_counts() {
        PublishedTables.StripSearches strips = tables.stripSearches();
        List<PublishedTables.StripSearchRow> rows = strips.rows();
        assertThat(rows).extracting(PublishedTables.StripSearchRow::group)
                .containsExactly("Asian", "Black", "Mixed", "Other", "White", "Unknown", "All");
        // each count, and each total as a cell of its own, is the table's for its count and the sum of its records' keys
        assertThat(rows.get(1)).extracting(PublishedTables.StripSearchRow::present, PublishedTables.StripSearchRow::absent,
                        PublishedTables.StripSearchRow::notRecorded, PublishedTables.StripSearchRow::total)
                .containsExactly(expected(12, BLACK_ADULT), expected(4, BLACK_NO_ADULT), "0", expected(16, BLACK_ADULT, BLACK_NO_ADULT));
        assertThat(rows.get(4)).extracting(PublishedTables.StripSearchRow::present, PublishedTables.StripSearchRow::absent,
                        PublishedTables.StripSearchRow::notRecorded, PublishedTables.StripSearchRow::total)
                .containsExactly(expected(9, WHITE_ADULT), "0", expected(6, WHITE_NOT_RECORDED),
                        expected(15, WHITE_ADULT, WHITE_NOT_RECORDED));
        assertThat(rows.get(6)).extracting(PublishedTables.StripSearchRow::present, PublishedTables.StripSearchRow::absent,
                        PublishedTables.StripSearchRow::notRecorded, PublishedTables.StripSearchRow::total)
                .containsExactly(expected(21, BLACK_ADULT, WHITE_ADULT), expected(4, BLACK_NO_ADULT), expected(6, WHITE_NOT_RECORDED),
                        expected(31, BLACK_ADULT, BLACK_NO_ADULT, WHITE_ADULT, WHITE_NOT_RECORDED));
        // zero stays zero: the groups with no records
        for (int g : new int[] {0, 2, 3, 5}) {
            assertThat(rows.get(g)).extracting(PublishedTables.StripSearchRow::present, PublishedTables.StripSearchRow::absent,
                    PublishedTables.StripSearchRow::notRecorded, PublishedTables.StripSearchRow::total).containsOnly("0");
        }
        // the same 4 records (Black, no adult, intimate parts, arrest) are published alike in each table they are in
        assertThat(strips.intimateParts()).isEqualTo(expected(4, BLACK_NO_ADULT)).isEqualTo(rows.get(1).absent());
        assertThat(strips.moreThoroughOnly()).isEqualTo(expected(27, BLACK_ADULT, WHITE_ADULT, WHITE_NOT_RECORDED));
        assertThat(strips.outcomes()).extracting(PublishedTables.OutcomeRow::outcome, PublishedTables.OutcomeRow::events)
                .containsExactly(Tuple.tuple("No further action", expected(21, BLACK_ADULT, WHITE_ADULT)),
                        Tuple.tuple("Arrest", expected(4, BLACK_NO_ADULT)), Tuple.tuple("Another outcome", "0"),
                        Tuple.tuple("Outcome not recorded", expected(6, WHITE_NOT_RECORDED)));
        // the keys were chosen so that the table moves some counts: the 4 and the 9 are not published as they are
        assertThat(rows.get(1).absent()).isNotEqualTo("4");
        assertThat(rows.get(4).present()).isNotEqualTo("9");
        // no published 1 or 2, and no [c]: perturbation, not suppression
        assertThat(published(strips)).doesNotContain("1", "2", "[c]");
        // a share with an adult is of the published counts, and only of 10 or more of them
        for (PublishedTables.StripSearchRow row : rows) {
            long asked = Long.parseLong(row.present()) + Long.parseLong(row.absent());
            if (asked < 10) {
                assertThat(row.shareWithAdult()).as(row.group()).isEmpty();
            } else {
                Estimate share = Rates.wilson(Long.parseLong(row.present()), asked);
                assertThat(row.shareWithAdult()).as(row.group()).isEqualTo(percent(share));
                assertThat(row.reliability()).as(row.group()).isEqualTo(asked < 20 ? "unstable" : "reliable");
            }
        }
        assertThat(rows.get(1).shareWithAdult()).as("Black: 12 and the published count of 4").isNotEmpty();
        assertThat(rows.get(4).shareWithAdult()).as("White: the 9 as published, and 0, are fewer than 10").isEmpty();
        // an outcome's share is of the published outcomes recorded
        long recorded = strips.outcomes().stream().limit(3).mapToLong(o -> Long.parseLong(o.events())).sum();
        assertThat(strips.outcomes().get(0).share())
                .isEqualTo(percent(Rates.wilson(Long.parseLong(strips.outcomes().get(0).events()), recorded)));
    }

    @Test
    void keys_of_one_half_leave_counts_of_three_or_more_unchanged() {
        // what the worked examples below rest on, read from the table: a key of one half picks no change for
        // every count from 3 on (from the table's cap on, every count has the same distribution of changes)
        for (long count = 3; count <= PTABLE.cap() + 200; count++) {
            assertThat(PTABLE.perturbed(count, HALF)).as("count " + count).isEqualTo(count);
        }
        // ... but not a count of 1 or 2, never published as such
        assertThat(PTABLE.perturbed(1, HALF)).isNotIn(1L, 2L);
        assertThat(PTABLE.perturbed(2, HALF)).isNotIn(1L, 2L);
    }

    @Test
    void a_share_with_an_appropriate_adult_is_the_wilson_interval_of_shown_counts() {
        String results = """
                {"strip_searches": [
                  {"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": true, "outcome": "ARREST", "events": 12,
                   "cell_key": %1$d},
                  {"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": false, "outcome": "ARREST", "events": 8,
                   "cell_key": %1$d},
                  {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": true, "outcome": "NO_FURTHER_ACTION", "events": 12,
                   "cell_key": %1$d},
                  {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": false, "outcome": "NO_FURTHER_ACTION", "events": 5,
                   "cell_key": %1$d}]}
                """.formatted(HALF);
        PublishedTables.StripSearchRow black = PublishedTables.of(SnapshotFindings.read(RATES, results)).stripSearches().rows().stream()
                .filter(r -> r.group().equals("Black")).findFirst().orElseThrow();
        // keys of one half publish 12 and 8 unchanged, so the worked example stands: 12 of 20, Wilson 95% interval
        // 38.7% to 78.1%; 20 searches, so reliable
        assertThat(black.present()).isEqualTo(expected(12, HALF)).isEqualTo("12");
        assertThat(black.absent()).isEqualTo(expected(8, HALF)).isEqualTo("8");
        assertThat(black.shareWithAdult()).isEqualTo("60.0% (38.7% to 78.1%)");
        assertThat(black.reliability()).isEqualTo("reliable");
    }

    @Test
    void safer_schools_officers_against_other_officers_is_the_katz_ratio_of_shares() {
        // The design document's worked example: 10 of 75 against 12 of 225 gives 2.5 (1.13 to 5.55); keys of one
        // half publish each group's counts unchanged
        PublishedTables.SsoRow black = tables.sso().get(0);
        assertThat(black.sso()).isEqualTo(expected(10, HALF)).isEqualTo("10");
        assertThat(black.other()).isEqualTo(expected(12, HALF)).isEqualTo("12");
        assertThat(black.ratio()).isEqualTo("2.50");
        assertThat(black.interval()).isEqualTo("1.13 to 5.55");
        assertThat(black.reliability()).isEqualTo("unstable");
        assertThat(tables.sso().get(1)).extracting(PublishedTables.SsoRow::sso, PublishedTables.SsoRow::other)
                .containsExactly(expected(65, HALF), expected(213, HALF));
        // the totals are cells of their own, of the sum of their records' keys (here 0), not the sums of published counts
        assertThat(tables.sso().get(2)).extracting(PublishedTables.SsoRow::group, PublishedTables.SsoRow::sso,
                PublishedTables.SsoRow::other).containsExactly("All", expected(75, HALF, HALF), expected(225, HALF, HALF));
    }

    @Test
    void no_comparison_of_ssos_is_published_when_their_total_is_small() {
        // 3 uses of powers by SSOs in all: published perturbed, never as 1 or 2, and no ratio of shares from them
        long[] keys = {(long) (0.9 * PerturbationTable.KEY_MODULUS), 7, (long) (0.95 * PerturbationTable.KEY_MODULUS), HALF};
        String results = """
                {"sso_counts": [{"group": "Black", "sso_events": 2, "other_events": 60, "sso_key": %d, "other_key": %d},
                                {"group": "White", "sso_events": 1, "other_events": 90, "sso_key": %d, "other_key": %d}]}"""
                .formatted(keys[0], keys[1], keys[2], keys[3]);
        List<PublishedTables.SsoRow> sso = PublishedTables.of(SnapshotFindings.read(RATES, results)).sso();
        assertThat(sso).extracting(PublishedTables.SsoRow::group, PublishedTables.SsoRow::sso, PublishedTables.SsoRow::other)
                .containsExactly(Tuple.tuple("Black", expected(2, keys[0]), expected(60, keys[1])),
                        Tuple.tuple("White", expected(1, keys[2]), expected(90, keys[3])),
                        Tuple.tuple("All", expected(3, keys[0], keys[2]), expected(150, keys[1], keys[3])));
        assertThat(sso).extracting(PublishedTables.SsoRow::sso).doesNotContain("1", "2");
        assertThat(sso).allSatisfy(r -> {
            assertThat(r.ratio()).as(r.group()).isEmpty();
            assertThat(r.interval()).as(r.group()).isEmpty();
        });
        assertThat(PublishedTables.of(SnapshotFindings.read(RATES, results)).csv("sso")).doesNotContain("[c]")
                .contains(PublishedTables.PERTURBED);
    }

    @Test
    void every_table_downloads_as_csv_exactly_as_shown() {
        assertThat(tables.csv("boroughs")).startsWith("area_code,borough,group,events,population,months_held,ages\n")
                .contains("\"E09000022\",\"Lambeth\",\"Black\",\"60\",\"1000\"");
        assertThat(tables.csv("decision-points")).contains("\"Black\",\"130\",\"13\",\"26\",\"20.0% (14.0% to 27.7%)\",\"[c]\",");
        String strips = tables.csv("strip-searches");
        for (PublishedTables.StripSearchRow r : tables.stripSearches().rows()) {
            assertThat(strips).contains(quoted(r.group(), r.present(), r.absent(), r.notRecorded(), r.total(), r.shareWithAdult(),
                    r.reliability()));
        }
        for (PublishedTables.OutcomeRow o : tables.stripSearches().outcomes()) {
            assertThat(strips).contains(quoted("Outcome: " + o.outcome(), "", "", "", o.events(), o.share()));
        }
        assertThat(strips.lines().skip(1)).allSatisfy(line -> assertThat(line).endsWith(quoted(PublishedTables.PERTURBED, "all")));
        assertThat(tables.csv("sso")).contains("\"Black\",\"10\",\"12\",\"2.50\",\"1.13 to 5.55\",\"unstable\"")
                .contains(PublishedTables.PERTURBED);
        assertThat(PublishedTables.of(SnapshotFindings.read(HEADER + "E23000001,Black,130,10000,13,,,,reliable\n", "{}")).csv("sso")).isNull();
    }

    /** The count the perturbation table publishes for {@code count} records whose keys sum to the cell key (mod 2^32). */
    private static String expected(long count, long... recordKeys) {
        long cellKey = Math.floorMod(LongStream.of(recordKeys).sum(), PerturbationTable.KEY_MODULUS);
        return Long.toString(PTABLE.perturbed(count, cellKey));
    }

    /** Every count published in the strip-search tables. */
    private static List<String> published(PublishedTables.StripSearches strips) {
        List<String> counts = new ArrayList<>();
        strips.rows().forEach(r -> counts.addAll(List.of(r.present(), r.absent(), r.notRecorded(), r.total())));
        strips.outcomes().forEach(o -> counts.add(o.events()));
        counts.add(strips.intimateParts());
        counts.add(strips.moreThoroughOnly());
        return counts;
    }

    private static String percent(Estimate share) {
        return String.format(Locale.UK, "%.1f%% (%.1f%% to %.1f%%)", 100 * share.value(), 100 * share.interval().lower(),
                100 * share.interval().upper());
    }

    private static String quoted(String... cells) {
        return Stream.of(cells).map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
    }
}
