package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.records.ImportOptions;
import uk.saferschools.oversight.records.ImportOutcome;
import uk.saferschools.oversight.records.ImportProgress;
import uk.saferschools.oversight.records.PowerUseCounts;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.statistics.PerturbationTable;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The cell key method end to end: extended records imported get fixed record keys, the same at a
 * re-import; their counts carry cell keys; and a cell made of the same records is published alike in
 * two publications of different periods and in two different tables of one publication. The records are
 * the British Transport Police's (a force no other test uses), in 2020.
 */
@OversightTest
class PublishingTheSameRecordsGivesTheSamePerturbedFiguresTest {

    private static final String FORCE = "btp";

    @Autowired
    TabularImports imports;
    @Autowired
    PowerUseCounts counts;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path directory;

    /** {@code n} strip searches of children of a group on a day, with or without an appropriate adult, recording on video. */
    private static List<String> searches(String prefix, int n, String date, String ethnicity, String officer, boolean adult,
                                         String outcome) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(String.join(",", prefix + "-" + i, "strip search exposing intimate parts", date + "T10:15:00+00:00", FORCE,
                    "", "", "", "false", "", "15", "", "Male", ethnicity, officer, "", "", outcome, "", Boolean.toString(adult),
                    "police station", "", "", "true", ""));
        }
        return lines;
    }

    private void importRecords(String name, List<String> rows) throws Exception {
        List<String> lines = new ArrayList<>(List.of("record_reference,power,occurred_at,force,borough_code,school_urn,"
                + "on_school_premises,sso_involved,officer_team,age_years,age_band,gender,self_defined_ethnicity,"
                + "officer_defined_ethnicity,legislation,object_of_search,outcome,outcome_linked,appropriate_adult_present,"
                + "location_type,safeguarding_referral,force_tactics,bwv_recorded,bwv_reference"));
        lines.addAll(rows);
        Path file = directory.resolve(name + ".csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        ImportOutcome outcome = imports.importFile(file, file.getFileName().toString(), ImportOptions.by(Actor.SYSTEM),
                ImportProgress.NONE);
        assertThat(outcome.status()).as(outcome.summary()).isIn(ImportOutcome.Status.IMPORTED, ImportOutcome.Status.UNCHANGED);
    }

    private static final String BLACK = "\"Black, Black British, Black Welsh, Caribbean or African: Caribbean\"";
    private static final String WHITE = "\"White: English, Welsh, Scottish, Northern Irish or British\"";

    /** What an analysis of the period would keep of the extended records, as results.json of the current format. */
    private String results(LocalDate from, LocalDate to) {
        PowerUseCounts.Scope scope = new PowerUseCounts.Scope(FORCE, from, to);
        String strips = counts.childrenStripSearches(false, scope).stream().map(c -> """
                {"power": "%s", "group": "%s", "appropriate_adult": %s, "outcome": %s, "events": %d, "cell_key": %d}""".formatted(
                c.power(), c.group() == null ? "Unknown" : c.group().label(), c.appropriateAdult(),
                c.outcome() == null ? "null" : "\"" + c.outcome() + "\"", c.events(), c.cellKey())).collect(Collectors.joining(","));
        PowerUseCounts.BwvCoverage bwv = counts.childrenBwvCoverage(scope);
        return """
                {"format_version": %d, "reference_group": "White", "strip_searches": [%s],
                 "rows": [{"area_code": "E23000001", "group": "Black", "events": 130, "population": 10000, "reliability": "reliable"}],
                 "bwv_coverage": {"recorded": %d, "not_recorded": %d, "unknown": %d, "recorded_key": %d, "not_recorded_key": %d,
                                  "unknown_key": %d}}""".formatted(SnapshotFindings.FORMAT_VERSION, strips, bwv.recorded(),
                bwv.notRecorded(), bwv.unknown(), bwv.recordedKey(), bwv.notRecordedKey(), bwv.unknownKey());
    }

    private static PublishedTables published(String results) {
        return PublishedTables.of(SnapshotFindings.read("area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,"
                + "ci_upper,reliability\nE23000001,Black,130,10000,13,,,,reliable\nE23000001,White,45,30000,1.5,,,,reliable\n",
                results));
    }

    private static PublishedTables.StripSearchRow row(PublishedTables tables, String group) {
        return tables.stripSearches().rows().stream().filter(r -> r.group().equals(group)).findFirst()
                .orElseThrow(() -> new AssertionError("no row of " + group + ": " + tables.extendedWithheld()));
    }

    private List<Long> keysOfTheForce() {
        return jdbc.sql("select perturbation_key from power_use where force = ? order by record_key, power").param(FORCE)
                .query(Long.class).list();
    }

    @Test
    void the_same_records_are_published_alike_in_any_period_and_any_table() throws Exception {
        List<String> rows = new ArrayList<>();
        // March: 7 Black children with an adult, 4 White children without; June: 5 more Black children with an adult
        rows.addAll(searches("BTP-MAR-B", 7, "2020-03-10", BLACK, "Black", true, "Arrest"));
        rows.addAll(searches("BTP-MAR-W", 4, "2020-03-12", WHITE, "White", false, "A no further action disposal"));
        rows.addAll(searches("BTP-JUN-B", 5, "2020-06-03", BLACK, "Black", true, "Arrest"));
        importRecords("btp-2020", rows);
        List<Long> keys = keysOfTheForce();
        assertThat(keys).hasSize(16).doesNotContainNull().allMatch(k -> k >= 0 && k < PerturbationTable.KEY_MODULUS);

        // the same records imported again, one corrected: every record keeps its key
        rows.set(0, rows.get(0).replace(",Arrest,", ",A no further action disposal,"));
        importRecords("btp-2020-corrected", rows);
        assertThat(keysOfTheForce()).isEqualTo(keys);

        PublishedTables march = published(results(LocalDate.of(2020, 3, 1), LocalDate.of(2020, 3, 31)));
        PublishedTables spring = published(results(LocalDate.of(2020, 3, 1), LocalDate.of(2020, 6, 30)));

        // the White children without an adult are the same 4 records in both periods: the same published count
        String whiteMarch = row(march, "White").absent();
        assertThat(row(spring, "White").absent()).isEqualTo(whiteMarch);
        // ... and that is the perturbation of 4 by the sum of those records' keys
        long whiteKey = jdbc.sql("select sum(perturbation_key) % 4294967296 from power_use where force = ? and self_defined_group = 'WHITE'")
                .param(FORCE).query(Long.class).single();
        assertThat(whiteMarch).isEqualTo(Long.toString(PerturbationTable.PUBLISHED.perturbed(4, whiteKey)));
        assertThat(whiteMarch).isNotIn("1", "2", "[c]");

        // the Black children with an adult are 7 records in March and 12 in the spring: counts of different records
        long blackMarchKey = jdbc.sql("""
                select sum(perturbation_key) % 4294967296 from power_use where force = ? and self_defined_group = 'BLACK'
                  and occurred_at < '2020-04-01'""").param(FORCE).query(Long.class).single();
        assertThat(row(march, "Black").present()).isEqualTo(Long.toString(PerturbationTable.PUBLISHED.perturbed(7, blackMarchKey)));

        // in March, the strip searches in all and the uses with body-worn video recording are the same 11 records:
        // two tables, one published count
        assertThat(march.coverage().recorded()).isEqualTo(row(march, "All").total());
        assertThat(spring.coverage().recorded()).isEqualTo(row(spring, "All").total());

        // each page and CSV says so
        assertThat(march.csv("strip-searches")).contains(PublishedTables.PERTURBED);
        assertThat(march.perturbationMethod()).contains("at most 3").contains("variance is 1").doesNotContain(Long.toString(whiteKey));
    }

    @Test
    void an_analysis_kept_without_cell_keys_has_its_extended_figures_withheld_not_published_unperturbed() {
        // kept before format 4: unversioned, version 2, and version 3 (with the children's ages, still without keys)
        for (String version : List.of("", "\"format_version\": 2, ", "\"format_version\": 3, \"children_only\": true, \"ages\": \"10-17\", ")) {
            PublishedTables tables = published("""
                    {%s"reference_group": "White",
                     "strip_searches": [{"power": "STRIP_SEARCH_INTIMATE_PARTS", "group": "Black", "appropriate_adult": true,
                                         "outcome": "ARREST", "events": 12}],
                     "sso_counts": [{"group": "Black", "sso_events": 20, "other_events": 40}],
                     "bwv_coverage": {"recorded": 120, "not_recorded": 50, "unknown": 10}}""".formatted(version));
            assertThat(tables.stripSearches().isEmpty()).as(version).isTrue();
            assertThat(tables.sso()).as(version).isEmpty();
            assertThat(tables.coverage()).as(version).isNull();
            assertThat(tables.extendedWithheld()).as(version).contains("never published without that change");
            assertThat(tables.csv("strip-searches")).as(version).isNull();
            assertThat(tables.csv("sso")).as(version).isNull();
        }
    }
}
