package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.analysis.SnapshotFindings;

/**
 * Every public CSV says which ages it counts, and every table with a rate says how many months the rate is
 * over and gives it a year as well (issue 14, item 4): a reader of a download alone, without the page, can
 * tell what a figure means.
 */
class StatingThePeriodAndAgesOfEveryDownloadTest {

    private static final String RATES = "area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability\n"
            + "E23000001,Black,150,100000,1.5,3,2.1,4.3,reliable\n"
            + "E23000001,White,50,100000,0.5,,,,reliable\n"
            + "E09000022,Black,150,100000,1.5,,,,reliable\n"
            + "E09000022,White,50,100000,0.5,,,,reliable\n";

    private static final String CHAIN = """
            "decision_chain": [
              {"group": "Black", "stages": [{"stage": "searched", "count": 150}, {"stage": "arrested", "count": 30},
                                            {"stage": "more than outer clothing removed", "count": 10}]},
              {"group": "White", "stages": [{"stage": "searched", "count": 50}, {"stage": "arrested", "count": 10},
                                            {"stage": "more than outer clothing removed", "count": 0}]}]""";

    private static PublishedTables threeMonthsOf(String results) {
        List<YearMonth> spring = List.of(YearMonth.of(2022, 4), YearMonth.of(2022, 5), YearMonth.of(2022, 6));
        return PublishedTables.of(SnapshotFindings.read(RATES, results), LocalDate.of(2022, 4, 1), LocalDate.of(2022, 6, 30),
                () -> spring);
    }

    /** The rows of a CSV as maps from its header's names (no cell here holds a comma). */
    private static List<Map<String, String>> rows(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        return lines.stream().skip(1).map(l -> {
            String[] cells = l.split(",", -1);
            return header.stream().collect(Collectors.toMap(Function.identity(), h -> cells[header.indexOf(h)].replace("\"", "")));
        }).toList();
    }

    @Test
    void the_figures_give_each_rate_a_year_beside_the_rate_over_the_months_held_and_the_ages_counted() {
        PublishedTables tables = threeMonthsOf("{\"reference_group\": \"White\", \"children_only\": true, \"ages\": \"10-17\"}");
        Map<String, String> black = rows(tables.csv("figures")).stream().filter(r -> r.get("group").equals("Black")).findFirst()
                .orElseThrow();
        // 150 among 100,000 over 3 months: 1.5 per 1,000 over them, 6 per 1,000 a year
        assertThat(black.get("rate_per_1000")).isEqualTo("1.5");
        assertThat(Double.parseDouble(black.get("rate_per_1000_a_year"))).isCloseTo(6.0, within(1e-12));
        assertThat(black.get("months_held")).isEqualTo("3");
        assertThat(black.get("ages")).isEqualTo("10-17");
        // the header of rates.csv comes first, so a reader of the old columns finds them where they were
        assertThat(tables.csv("figures")).startsWith(RATES.lines().findFirst().orElseThrow() + ",rate_per_1000_a_year,months_held,ages\n");
        // a row with no rate has no rate a year
        assertThat(rows(tables.csv("figures"))).filteredOn(r -> r.get("group").equals("All"))
                .allSatisfy(r -> assertThat(r.get("rate_per_1000_a_year")).isEmpty());
    }

    @Test
    void the_boroughs_and_the_decision_points_say_their_months_and_ages_and_the_search_rate_a_year() {
        PublishedTables tables = threeMonthsOf("{\"reference_group\": \"White\", \"children_only\": true, \"ages\": \"0-17\", " + CHAIN + "}");
        assertThat(rows(tables.csv("boroughs"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r).containsEntry("months_held", "3").containsEntry("ages", "0-17"));
        Map<String, String> black = rows(tables.csv("decision-points")).stream().filter(r -> r.get("group").equals("Black"))
                .findFirst().orElseThrow();
        assertThat(black).containsEntry("searched_per_1000", "1.5").containsEntry("months_held", "3").containsEntry("ages", "0-17");
        assertThat(Double.parseDouble(black.get("searched_per_1000_a_year"))).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void an_analysis_of_all_ages_says_so_and_a_year_of_records_gives_the_same_rate_a_year() {
        List<YearMonth> year = java.util.stream.IntStream.range(0, 12).mapToObj(i -> YearMonth.of(2022, 4).plusMonths(i)).toList();
        PublishedTables tables = PublishedTables.of(SnapshotFindings.read(RATES, "{\"reference_group\": \"White\"}"),
                LocalDate.of(2022, 4, 1), LocalDate.of(2023, 3, 31), () -> year);
        Map<String, String> black = rows(tables.csv("figures")).stream().filter(r -> r.get("group").equals("Black")).findFirst()
                .orElseThrow();
        assertThat(black).containsEntry("ages", "all").containsEntry("months_held", "12");
        assertThat(Double.parseDouble(black.get("rate_per_1000_a_year"))).isEqualTo(1.5);
    }
}
