package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.analysis.SnapshotFindings;

/**
 * The public dashboard's tables beyond the figures by group, worked out by hand: the funnel of boroughs,
 * the decision-point chain, strip searches with appropriate adults, and Safer Schools Officers against
 * other officers; each protected so that no withheld count can be worked out, and each share or ratio
 * shown only from shown counts.
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

    private static final String RESULTS = """
            {"reference_group": "White",
             "decision_chain": [
               {"group": "Black", "stages": [{"stage": "searched", "count": 130}, {"stage": "arrested", "count": 26},
                                             {"stage": "more than outer clothing removed", "count": 3}]},
               {"group": "White", "stages": [{"stage": "searched", "count": 45}, {"stage": "arrested", "count": 9},
                                             {"stage": "more than outer clothing removed", "count": 2}]}],
             "sso_counts": [{"group": "Black", "sso_events": 10, "other_events": 12},
                            {"group": "White", "sso_events": 65, "other_events": 213}],
             "strip_searches": [
               {"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": true, "outcome": "NO_FURTHER_ACTION", "events": 12},
               {"power": "STRIP_SEARCH_INTIMATE_PARTS", "group": "Black", "appropriate_adult": false, "outcome": "ARREST", "events": 4},
               {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": true, "outcome": "NO_FURTHER_ACTION", "events": 9},
               {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": null, "outcome": null, "events": 6}]}
            """;

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
    void strip_searches_show_the_share_with_an_appropriate_adult_and_withhold_small_counts() {
        List<PublishedTables.StripSearchRow> rows = tables.stripSearches().rows();
        PublishedTables.StripSearchRow black = rows.stream().filter(r -> r.group().equals("Black")).findFirst().orElseThrow();
        assertThat(black.absent()).isEqualTo("[c]");
        assertThat(black.shareWithAdult()).as("4 absent is withheld, so no share").isEmpty();
        PublishedTables.StripSearchRow all = rows.get(rows.size() - 1);
        assertThat(all.total()).isEqualTo("31");
        // the column of those without an adult is 4 in total: withheld, and so no share for all either
        assertThat(all.absent()).isEqualTo("[c]");
        assertThat(tables.stripSearches().intimateParts()).isEqualTo("[c]");
        assertThat(tables.stripSearches().outcomes()).extracting(PublishedTables.OutcomeRow::outcome, PublishedTables.OutcomeRow::events)
                .containsExactly(Tuple.tuple("No further action", "21"),
                        Tuple.tuple("Arrest", "[c]"), Tuple.tuple("Another outcome", "0"),
                        Tuple.tuple("Outcome not recorded", "[c]"));
    }

    @Test
    void a_share_with_an_appropriate_adult_is_the_wilson_interval_of_shown_counts() {
        String results = """
                {"strip_searches": [
                  {"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": true, "outcome": "ARREST", "events": 12},
                  {"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": false, "outcome": "ARREST", "events": 8},
                  {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": true, "outcome": "NO_FURTHER_ACTION", "events": 12},
                  {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": false, "outcome": "NO_FURTHER_ACTION", "events": 5}]}
                """;
        PublishedTables.StripSearchRow black = PublishedTables.of(SnapshotFindings.read(RATES, results)).stripSearches().rows().stream()
                .filter(r -> r.group().equals("Black")).findFirst().orElseThrow();
        // 12 of 20: Wilson 95% interval 38.7% to 78.1%; 20 searches, so reliable
        assertThat(black.shareWithAdult()).isEqualTo("60.0% (38.7% to 78.1%)");
        assertThat(black.reliability()).isEqualTo("reliable");
    }

    @Test
    void safer_schools_officers_against_other_officers_is_the_katz_ratio_of_shares() {
        // The design document's worked example: 10 of 75 against 12 of 225 gives 2.5 (1.13 to 5.55)
        PublishedTables.SsoRow black = tables.sso().get(0);
        assertThat(black.sso()).isEqualTo("10");
        assertThat(black.other()).isEqualTo("12");
        assertThat(black.ratio()).isEqualTo("2.50");
        assertThat(black.interval()).isEqualTo("1.13 to 5.55");
        assertThat(black.reliability()).isEqualTo("unstable");
        assertThat(tables.sso().get(2)).extracting(PublishedTables.SsoRow::sso, PublishedTables.SsoRow::other)
                .containsExactly("75", "225");
    }

    @Test
    void no_comparison_of_ssos_is_published_when_their_total_is_small() {
        // 3 uses of powers by SSOs in all: the total of all (153) is public as the body-worn video total, so
        // withholding the SSOs' 3 would not hide it
        String results = """
                {"sso_counts": [{"group": "Black", "sso_events": 2, "other_events": 60},
                                {"group": "White", "sso_events": 1, "other_events": 90}]}""";
        assertThat(PublishedTables.of(SnapshotFindings.read(RATES, results)).sso()).isEmpty();
        assertThat(PublishedTables.of(SnapshotFindings.read(RATES, results)).csv("sso")).isNull();
    }

    @Test
    void every_table_downloads_as_csv_exactly_as_shown() {
        assertThat(tables.csv("boroughs")).startsWith("area_code,borough,group,events,population\n")
                .contains("\"E09000022\",\"Lambeth\",\"Black\",\"60\",\"1000\"");
        assertThat(tables.csv("decision-points")).contains("\"Black\",\"130\",\"13\",\"26\",\"20.0% (14.0% to 27.7%)\",\"[c]\",");
        assertThat(tables.csv("strip-searches")).contains("Outcome: No further action");
        assertThat(tables.csv("sso")).contains("\"Black\",\"10\",\"12\",\"2.50\",\"1.13 to 5.55\",\"unstable\"");
        assertThat(PublishedTables.of(SnapshotFindings.read(HEADER + "E23000001,Black,130,10000,13,,,,reliable\n", "{}")).csv("sso")).isNull();
    }
}
