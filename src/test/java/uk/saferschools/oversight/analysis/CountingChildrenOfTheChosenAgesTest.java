package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.Children;
import uk.saferschools.oversight.support.Commands;

/**
 * Children's figures are of ages 10 to 17 by default, or 0 to 17 with {@code --ages 0-17}: the records (police.uk
 * "10-17", or "under 10" and "10-17") and the population (single years of age summed) always cover the same ages.
 * The population file has, in every borough, 10 Black and 5 White residents of each age 0 to 9, 20 and 40 of each
 * age 10 to 17 and 100 and 500 of each age from 18 to 100: so 160 Black aged 10 to 17 and 260 aged 0 to 17.
 */
class CountingChildrenOfTheChosenAgesTest {

    static final int BOROUGHS = 32; // E09000001 (City and Westminster, merged) to E09000032, as the ONS file has them

    @TempDir
    Path work;

    Path singleYearOfAge() throws Exception {
        StringBuilder text = new StringBuilder("Geography Code,Geography Name,Age,"
                + "\"Black, Black British, Black Welsh, Caribbean or African: African\",White: Irish\n");
        for (int b = 1; b <= BOROUGHS; b++) {
            for (int age = 0; age <= 100; age++) {
                int black = age < 10 ? 10 : age < 18 ? 20 : 100;
                int white = age < 10 ? 5 : age < 18 ? 40 : 500;
                text.append(String.format("E090000%02d", b)).append(",Borough,").append(age == 100 ? "100+" : age).append(',')
                        .append(black).append(',').append(white).append('\n');
            }
        }
        return Files.writeString(work.resolve("single-year-of-age.csv"), text);
    }

    @Test
    void the_population_of_ages_10_to_17_and_0_to_17_is_the_sum_of_those_single_years() throws Exception {
        Path file = singleYearOfAge();
        assertThat(Population.read(file, 10, 17).of("E09000022", EthnicGroup.BLACK)).isEqualTo(8 * 20);
        assertThat(Population.read(file, 0, 17).of("E09000022", EthnicGroup.BLACK)).isEqualTo(10 * 10 + 8 * 20);
        assertThat(Population.read(file, 10, 17).of("E09000022", EthnicGroup.WHITE)).isEqualTo(8 * 40);
        assertThat(Population.read(file, 0, 17).of("E09000022", EthnicGroup.WHITE)).isEqualTo(10 * 5 + 8 * 40);
        assertThat(Population.read(file).of("E09000022", EthnicGroup.BLACK)).isEqualTo(10 * 10 + 8 * 20 + 83 * 100);
        Children.Ages ages = Children.Ages.TEN_TO_SEVENTEEN;
        assertThat(Population.read(file, ages.from(), ages.to()).of("E09000022", EthnicGroup.BLACK)).isEqualTo(160);
    }

    @Test
    void children_only_means_ages_10_to_17_by_default_and_0_to_17_when_asked() throws Exception {
        StringBuilder text = new StringBuilder("Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,"
                + "Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
                + "Outcome linked to object of search,Removal of more than just outer clothing\n");
        for (String[] rows : List.of(new String[] {"15", "under 10", "Black/African/Caribbean/Black British - African"},
                new String[] {"25", "10-17", "Black/African/Caribbean/Black British - African"},
                new String[] {"30", "10-17", "White - Irish"}, new String[] {"7", "18-24", "White - Irish"})) {
            for (int i = 0; i < Integer.parseInt(rows[0]); i++) {
                text.append("Person search,2022-02-10T12:00:00+00:00,False,,51.462,-0.115,Male,").append(rows[1]).append(",\"")
                        .append(rows[2]).append("\",,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,\n");
            }
        }
        Path records = Files.createDirectories(work.resolve("records"));
        Files.writeString(records.resolve("2022-02-metropolitan-stop-and-search.csv"), text);
        Path population = singleYearOfAge();

        Commands.Run tenToSeventeen = Commands.run(null, AnalyseCommand.class, "--records", records.toString(), "--population",
                population.toString(), "--children-only", "--out", work.resolve("10-17").toString());
        assertThat(tenToSeventeen.status()).as(tenToSeventeen.err()).isZero();
        String[] black = forceArea(work.resolve("10-17"), "Black");
        assertThat(black[2]).isEqualTo("25");
        assertThat(Double.parseDouble(black[3])).isEqualTo(BOROUGHS * 160.0);
        assertThat(Double.parseDouble(black[4])).isCloseTo(1000.0 * 25 / (BOROUGHS * 160), within(1e-12));
        assertThat(Files.readString(work.resolve("10-17/results.json"))).contains("\"ages\": \"10-17\"",
                "single-year-of-age.csv, ages 10 to 17");
        assertThat(Files.readString(work.resolve("10-17/report.html"))).contains("Stop and search of children aged 10 to 17",
                "Children are those aged 10 to 17 (police.uk age range “10-17”), and the population is of the same ages.");

        Commands.Run noughtToSeventeen = Commands.run(null, AnalyseCommand.class, "--records", records.toString(), "--population",
                population.toString(), "--children-only", "--ages", "0-17", "--out", work.resolve("0-17").toString());
        assertThat(noughtToSeventeen.status()).as(noughtToSeventeen.err()).isZero();
        black = forceArea(work.resolve("0-17"), "Black");
        assertThat(black[2]).isEqualTo("40");
        assertThat(Double.parseDouble(black[3])).isEqualTo(BOROUGHS * 260.0);
        assertThat(forceArea(work.resolve("0-17"), "White")[2]).isEqualTo("30");
        assertThat(Files.readString(work.resolve("0-17/results.json"))).contains("\"ages\": \"0-17\"",
                "single-year-of-age.csv, ages 0 to 17");

        Commands.Run everyone = Commands.run(null, AnalyseCommand.class, "--records", records.toString(), "--population",
                population.toString(), "--out", work.resolve("all").toString());
        assertThat(forceArea(work.resolve("all"), "White")[2]).isEqualTo("37");
        assertThat(Files.readString(work.resolve("all/results.json"))).doesNotContain("\"ages\"");
    }

    @Test
    void ages_other_than_10_to_17_and_0_to_17_are_refused_and_help_says_what_children_only_means() {
        Commands.Run run = Commands.run(null, AnalyseCommand.class, "--counts", "x.csv", "--ages", "5-17", "--out", work.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--ages must be 10-17 or 0-17, not \"5-17\"");
        assertThat(Commands.run(null, AnalyseCommand.class, "--help").out().replaceAll("\\s+", " "))
                .contains("by default aged 10 to 17", "--ages 0-17 makes it 0 to 17");
    }

    @Test
    void a_snapshot_kept_before_version_3_was_of_children_aged_0_to_17() {
        SnapshotFindings version2 = SnapshotFindings.read(null, """
                {"format_version": 2, "children_only": true, "reference_group": "White"}""");
        assertThat(version2.ages()).isEqualTo("0-17");
        assertThat(version2.whoInWords()).isEqualTo("children aged 0 to 17");
        SnapshotFindings beforeVersions = SnapshotFindings.read("", """
                {"children_only": true, "reference_group": "White"}""");
        assertThat(beforeVersions.ages()).isEqualTo("0-17");
        SnapshotFindings adults = SnapshotFindings.read(null, """
                {"format_version": 2, "children_only": false, "reference_group": "White"}""");
        assertThat(adults.ages()).isNull();
        assertThat(adults.whoInWords()).isEqualTo("people of all ages");
        SnapshotFindings version3 = SnapshotFindings.read(null, """
                {"format_version": 3, "children_only": true, "ages": "10-17", "reference_group": "White"}""");
        assertThat(version3.ages()).isEqualTo("10-17");
        assertThat(SnapshotFindings.read(null, version3.json()).ages()).isEqualTo("10-17");
    }

    static String[] forceArea(Path out, String group) throws Exception {
        return Files.readAllLines(out.resolve("rates.csv")).stream().map(l -> l.split(",", -1))
                .filter(f -> f[0].equals("E23000001") && f[1].equals(group)).findFirst().orElseThrow();
    }
}
