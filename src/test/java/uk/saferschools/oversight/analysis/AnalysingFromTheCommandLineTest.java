package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.support.Commands;

/**
 * {@code ./oversight analyse} writes rates.csv to the letter of its contract. The fixture's numbers
 * were computed by hand (the intervals to full precision by SciPy: ground-truth/rates, table "hand-computed"): 12 of 3,000 Asian, 45 of 1,500 Black, 30 of 6,000
 * White give rates 4, 30 and 5 per 1,000 and ratios 0.8 (Katz 0.41018–1.56030) and 6 (3.79343–9.49010).
 */
class AnalysingFromTheCommandLineTest {

    @TempDir
    Path work;

    Commands.Run analyse(String... args) {
        return Commands.run(null, AnalyseCommand.class, args);
    }

    List<String[]> rates(Path out) throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("rates.csv"));
        assertThat(lines.get(0)).isEqualTo("area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability");
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    /** Compares a field with an expected number exactly as doubles (both sides round-trip), or with a small tolerance. */
    static void number(String field, double expected) {
        assertThat(Double.parseDouble(field)).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void pre_aggregated_counts_give_the_hand_computed_table() throws Exception {
        Path counts = Files.writeString(work.resolve("counts.csv"), """
                area_code,group,events,population
                E09000022,Asian,12,3000
                E09000022,Black,45,1500
                E09000022,Mixed,5,800
                E09000022,Other,0,400
                E09000022,White,30,6000
                E09000022,Unknown,8,
                """);
        Commands.Run run = analyse("--counts", counts.toString(), "--pdf", "--out", work.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("report.html and report.pdf");
        List<String> lines = Files.readAllLines(work.resolve("out/rates.csv"));
        assertThat(lines).hasSize(7);
        assertThat(lines.get(3)).isEqualTo("E09000022,Mixed,5,800,,,,,suppressed");
        assertThat(lines.get(4)).isEqualTo("E09000022,Other,0,400,,,,,suppressed");
        assertThat(lines.get(5)).isEqualTo("E09000022,White,30,6000,5,1,,,reliable");
        assertThat(lines.get(6)).isEqualTo("E09000022,Unknown,8,,,,,,no-denominator");
        String[] asian = lines.get(1).split(",", -1);
        assertThat(List.of(asian[0], asian[1], asian[2], asian[3], asian[4], asian[8]))
                .containsExactly("E09000022", "Asian", "12", "3000", "4", "unstable");
        number(asian[5], 0.8);
        number(asian[6], 0.41017859659802103);
        number(asian[7], 1.5602959425676863);
        String[] black = lines.get(2).split(",", -1);
        assertThat(List.of(black[2], black[3], black[4], black[5], black[8])).containsExactly("45", "1500", "30", "6", "reliable");
        number(black[6], 3.7934252792598326);
        number(black[7], 9.49010389022985);
        assertThat(Files.readString(work.resolve("out/results.json"))).contains("\"reference_group\": \"White\"",
                "\"rate_ratio\": 6", "Open Government Licence");
        String report = Files.readString(work.resolve("out/report.html"));
        assertThat(report).contains("Black people were stopped and searched at 6.00 times the rate of White people "
                + "(rate ratio 6.00); 95% interval 3.79 to 9.49.", "Asian people were stopped and searched at 0.80 times the "
                + "rate of White people (rate ratio 0.80); 95% interval 0.41 to 1.56. Based on 12 events: unstable",
                "Mixed: fewer than 10 events",
                "<svg", "role=\"img\"", "Open Government Licence v3.0");
        try (var pdf = Loader.loadPDF(work.resolve("out/report.pdf").toFile())) {
            assertThat(pdf.getNumberOfPages()).isPositive();
            assertThat(new PDFTextStripper().getText(pdf)).contains("Findings", "Rate ratios", "Methods");
        }
    }

    @Test
    void the_pdf_is_printed_only_when_asked_for_and_none_of_an_earlier_run_is_left_beside_the_report() throws Exception {
        Path counts = Files.writeString(work.resolve("counts.csv"), "area_code,group,events,population\nX,Black,4000,100000\nX,White,12345,500000\n");
        Path out = work.resolve("pdf");
        assertThat(analyse("--counts", counts.toString(), "--pdf", "--out", out.toString()).status()).isZero();
        assertThat(out.resolve("report.pdf")).isNotEmptyFile();
        Commands.Run again = analyse("--counts", counts.toString(), "--out", out.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("results.json, report.html to").doesNotContain("report.pdf");
        assertThat(Files.readString(out.resolve("report.html"))).as("counts as the public pages write them")
                .contains(">4,000<", ">12,345<").doesNotContain(">12345<");
        assertThat(out.resolve("report.pdf")).as("the PDF of the earlier run would no longer match the report").doesNotExist();
    }

    @Test
    void no_ratio_when_the_reference_group_has_fewer_than_ten_events() throws Exception {
        Path counts = Files.writeString(work.resolve("counts.csv"),
                "area_code,group,events,population\nX,Black,40,1000\nX,White,9,5000\n");
        analyse("--counts", counts.toString(), "--out", work.toString());
        List<String> lines = Files.readAllLines(work.resolve("rates.csv"));
        assertThat(lines.get(2)).isEqualTo("X,Black,40,1000,40,,,,reliable");
        assertThat(lines.get(5)).isEqualTo("X,White,9,5000,,,,,suppressed");
    }

    /** A police.uk file for Lambeth, with the rows given as (type, age range, self-defined, officer-defined, latitude, longitude). */
    Path policeUk(String month, List<String[]> rows) throws Exception {
        StringBuilder text = new StringBuilder("Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,"
                + "Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
                + "Outcome linked to object of search,Removal of more than just outer clothing\n");
        for (String[] r : rows) {
            text.append(r[0]).append(',').append(month).append("-10T12:00:00+00:00,False,,").append(r[4]).append(',')
                    .append(r[5]).append(",Male,").append(r[1]).append(",\"").append(r[2]).append("\",").append(r[3])
                    .append(",Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,\n");
        }
        Path folder = Files.createDirectories(work.resolve("records"));
        return Files.writeString(folder.resolve(month + "-metropolitan-stop-and-search.csv"), text);
    }

    /** TS021 layout: every Met borough has 1,000 of each group except Lambeth (E09000022), which has 2,000 Black and 4,000 White. */
    Path population() throws Exception {
        StringBuilder text = new StringBuilder("Lower Tier Local Authorities Code,Lower Tier Local Authorities,"
                + "Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation\n");
        String[] labels = {"Asian, Asian British or Asian Welsh: Indian", "Black, Black British, Black Welsh, Caribbean or African: African",
                "Mixed or Multiple ethnic groups: White and Asian", "Other ethnic group: Arab", "White: Irish"};
        for (int b = 1; b <= 33; b++) {
            String code = String.format("E090000%02d", b);
            text.append(code).append(",Borough,-8,Does not apply,0\n");
            for (int i = 0; i < labels.length; i++) {
                long n = code.equals("E09000022") && i == 1 ? 2000 : code.equals("E09000022") && i == 4 ? 4000 : 1000;
                text.append(code).append(",Borough,").append(i + 1).append(",\"").append(labels[i]).append("\",").append(n).append('\n');
            }
        }
        return Files.writeString(work.resolve("ts021.csv"), text);
    }

    @Test
    void records_are_counted_by_self_defined_group_leaving_out_vehicle_searches_with_boroughs_when_asked() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new String[] {"Person search", "10-17", "Black/African/Caribbean/Black British - African", "Black", "51.462", "-0.115"});
        }
        for (int i = 0; i < 20; i++) {
            rows.add(new String[] {"Person search", "18-24", "White - Irish", "White", "51.462", "-0.115"});
        }
        rows.add(new String[] {"Vehicle search", "10-17", "White - Irish", "White", "51.462", "-0.115"});
        rows.add(new String[] {"Person search", "under 10", "Chinese or other ethnic group - Chinese (O1)", "Asian", "", ""});
        rows.add(new String[] {"Person search", "10-17", "Other ethnic group - Not stated", "Black", "51.462", "-0.115"});
        policeUk("2022-01", rows);
        Commands.Run run = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--by", "borough", "--out", work.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        List<String[]> out = rates(work.resolve("out"));
        assertThat(out).hasSize(12);
        // force area: population summed over the 32 Met boroughs (E09000002..E09000033)
        assertThat(out.get(1)).startsWith("E23000001", "Black", "30", "33000");
        assertThat(out.get(3)).startsWith("E23000001", "Other", "1", "32000"); // the 2001 "Chinese or other" label is Other
        assertThat(out.get(4)).startsWith("E23000001", "White", "20", "35000");
        assertThat(out.get(5)).containsExactly("E23000001", "Unknown", "1", "", "", "", "", "", "no-denominator");
        // Lambeth: the unlocated record is in the force area only
        assertThat(out.get(6)).startsWith("E09000022", "Asian", "0");
        assertThat(out.get(7)).startsWith("E09000022", "Black", "30", "2000", "15");
        number(out.get(7)[5], (30 / 2000.0) / (20 / 4000.0));
        assertThat(out.get(11)).startsWith("E09000022", "Unknown", "1");
        assertThat(run.out()).contains("52 records counted, 1 vehicle search left out; period 2022-01-01 to 2022-01-31 (months held: January 2022).");
        String json = Files.readString(work.resolve("out/results.json"));
        // chain for Black: 30 searched of 33,000 people (per 1,000: 30/33), none arrested
        assertThat(json).contains("{\"group\": \"Black\", \"stages\": [{\"stage\": \"searched\", \"count\": 30, \"of\": 33000, "
                + "\"share\": " + RateRow.number(1000 * 30 / 33000.0));
        assertThat(json).contains("\"month\": \"2022-01\", \"group\": \"Black\", \"events\": 30");
        assertThat(json).contains("\"group\": \"Black\", \"area_code\": \"E09000022\", \"events\": 30");
        assertThat(Files.readString(work.resolve("out/report.html"))).contains("Decision points", "Trend by month",
                "Boroughs compared (funnel)");
    }

    @Test
    void the_report_says_what_its_rates_are_over_and_gives_each_a_year_when_that_is_not_a_year() throws Exception {
        for (String month : List.of("2022-01", "2022-02", "2022-04", "2022-05")) {
            policeUk(month, Collections.nCopies(20, new String[] {"Person search", "10-17",
                    "Black/African/Caribbean/Black British - African", "Black", "51.462", "-0.115"}));
        }
        Commands.Run run = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--out", work.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        String black = Files.readAllLines(work.resolve("out/rates.csv")).stream().filter(l -> l.contains(",Black,"))
                .findFirst().orElseThrow();
        double overTheMonths = Double.parseDouble(black.split(",")[4]);
        String report = Files.readString(work.resolve("out/report.html"));
        // four months held (March has no file): a rate a year is the rate over them × 12 ÷ 4
        assertThat(report).contains("over the 4 months with records held (", "not a year",
                "1000 × events ÷ (population × 4 ÷ 12)", "<th scope=\"col\" class=\"n\">Rate per 1,000 a year</th>",
                "<td class=\"n\">" + String.format(Locale.UK, "%.2f", overTheMonths) + "</td><td class=\"n\">"
                        + String.format(Locale.UK, "%.2f", overTheMonths * 3) + "</td>");
    }

    @Test
    void the_trend_is_given_by_quarter_too_and_each_analysis_has_a_chart_beside_its_table() throws Exception {
        policeUk("2022-01", Collections.nCopies(30, new String[] {"Person search", "10-17",
                "Black/African/Caribbean/Black British - African", "Black", "51.462", "-0.115"}));
        policeUk("2022-02", Collections.nCopies(15, new String[] {"Person search", "10-17",
                "Black/African/Caribbean/Black British - African", "Black", "51.462", "-0.115"}));
        policeUk("2022-04", Collections.nCopies(12, new String[] {"Person search", "10-17",
                "Black/African/Caribbean/Black British - African", "Black", "51.462", "-0.115"}));
        policeUk("2022-05", Collections.nCopies(25, new String[] {"Person search", "10-17", "White - Irish", "White",
                "51.462", "-0.115"}));
        Commands.Run run = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--by", "borough", "--out", work.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        String json = Files.readString(work.resolve("out/results.json"));
        // 2022 Q1: 30 + 15 Black searches in two months with records, over 33,000 people
        assertThat(json).contains("{\"quarter\": \"2022 Q1\", \"months_with_records\": 2, \"group\": \"Black\", \"events\": 45, "
                + "\"rate_per_1000\": " + RateRow.number(1000 * 45 / 33000.0));
        assertThat(json).contains("{\"quarter\": \"2022 Q2\", \"months_with_records\": 2, \"group\": \"Black\", \"events\": 12, ");
        assertThat(json).contains("{\"quarter\": \"2022 Q2\", \"months_with_records\": 2, \"group\": \"White\", \"events\": 25, ");
        assertThat(json).doesNotContain("\"quarter\": \"2022 Q1\", \"months_with_records\": 2, \"group\": \"White\"");
        String report = Files.readString(work.resolve("out/report.html"));
        assertThat(report).contains("Trend by quarter", "<td>2022 Q1 (2 months)</td>");
        for (String chart : List.of("forest", "chain", "trend-month", "trend-quarter", "funnel")) {
            assertThat(report).as(chart).contains("aria-labelledby=\"" + chart + "-title " + chart + "-desc\"");
        }
    }

    @Test
    void extended_records_compare_safer_schools_officers_with_other_officers_for_children() throws Exception {
        policeUk("2022-01", Collections.nCopies(30, new String[] {"Person search", "10-17",
                "Black/African/Caribbean/Black British - African", "Black", "51.462", "-0.115"}));
        StringBuilder extended = new StringBuilder("record_reference,sso_involved,age_years,age_band,self_defined_ethnicity,"
                + "officer_defined_ethnicity\n");
        String black = "\"Black, Black British, Black Welsh, Caribbean or African: African\"";
        String white = "White: Irish";
        int n = 0;
        // SSO: 30 Black of 100; other officers: 100 Black of 1,000 (the 900 White aged 9: ages 0 to 17 asked for);
        // adults and blank flags left out
        for (int i = 0; i < 30; i++) extended.append("R").append(n++).append(",true,14,,").append(black).append(",Black\n");
        for (int i = 0; i < 70; i++) extended.append("R").append(n++).append(",true,,10-17,").append(white).append(",White\n");
        for (int i = 0; i < 100; i++) extended.append("R").append(n++).append(",false,15,,").append(black).append(",Black\n");
        for (int i = 0; i < 900; i++) extended.append("R").append(n++).append(",false,9,,").append(white).append(",White\n");
        for (int i = 0; i < 50; i++) extended.append("R").append(n++).append(",true,30,,").append(black).append(",Black\n");
        for (int i = 0; i < 50; i++) extended.append("R").append(n++).append(",,12,,").append(black).append(",Black\n");
        Path file = Files.writeString(work.resolve("extended.csv"), extended);
        Commands.Run run = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--children-only", "--ages", "0-17", "--sso-records", file.toString(), "--out", work.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        String json = Files.readString(work.resolve("out/results.json"));
        assertThat(json).contains("{\"group\": \"Black\", \"sso_events\": 30, \"sso_total\": 100, \"other_events\": 100, "
                + "\"other_total\": 1000, \"ratio_of_shares\": " + RateRow.number((30 / 100.0) / (100 / 1000.0)) + ", ");
        assertThat(Files.readString(work.resolve("out/report.html"))).contains("Safer Schools Officers and other officers",
                "<code>extended.csv</code>");

        Files.writeString(file, "record_reference,sso_involved,age_years,age_band,self_defined_ethnicity,officer_defined_ethnicity\n"
                + "R1,maybe,14,,,\n");
        Commands.Run bad = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--children-only", "--sso-records", file.toString(), "--out", work.resolve("out2").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains(file + " line 2, column 2 (sso_involved): found \"maybe\"; expected true, false, or blank");
        Commands.Run adults = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--sso-records", file.toString(), "--out", work.resolve("out3").toString());
        assertThat(adults.err()).contains("--sso-records compares uses of powers on children: add --children-only");
    }

    @Test
    void children_only_keeps_under_10_and_10_to_17_and_officer_defined_ethnicity_is_labelled() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(new String[] {"Person search", "10-17", "White - Irish", "Black", "51.462", "-0.115"});
        }
        rows.add(new String[] {"Person search", "25-34", "White - Irish", "White", "51.462", "-0.115"});
        policeUk("2022-02", rows);
        Commands.Run run = analyse("--records", work.resolve("records").toString(), "--population", population().toString(),
                "--children-only", "--ethnicity", "officer", "--out", work.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        List<String[]> out = rates(work.resolve("out"));
        assertThat(out.get(1)).startsWith("E23000001", "Black", "12");
        assertThat(out.get(1)[8]).isEqualTo("unstable");
        assertThat(out.get(4)).startsWith("E23000001", "White", "0");
        assertThat(Files.readString(work.resolve("out/results.json")))
                .contains("officer-defined (no census denominator of its own", "the children's rates use the population of all ages");
    }

    @Test
    void mistakes_are_named() throws Exception {
        assertThat(analyse("--counts", "x.csv", "--reference", "Purple", "--out", work.toString()).err())
                .contains("--reference must be one of Asian, Black, Mixed, Other, White");
        Path bad = Files.writeString(work.resolve("bad.csv"), "area_code,group,events,population\nX,Blue,3,100\n");
        Commands.Run run = analyse("--counts", bad.toString(), "--out", work.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("bad.csv line 2, column group: expected Asian, Black, Mixed, Other, White or Unknown, found \"Blue\"");
        assertThat(analyse("--records", work.toString(), "--out", work.toString()).err())
                .contains("--records needs --population");
    }
}
