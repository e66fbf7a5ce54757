package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Our extended records, GIAS schools and SSO deployments import by the same rules as police.uk files,
 * with record references and officer teams stored only as keyed hashes.
 */
@OversightTest
class ImportingExtendedRecordsSchoolsAndDeploymentsTest {

    static final ImportOptions BY_ANALYST = ImportOptions.by(new Actor("test-analyst", "ANALYST"));

    @Autowired
    TabularImports imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ImportReports reports;
    @Autowired
    Pseudonyms pseudonyms;
    @Autowired
    KeyedBwvReferences keyedBwvReferences;

    @TempDir
    Path directory;

    /** A valid extended record: a 14-year-old handcuffed at school by an SSO, with an appropriate adult. */
    static Map<String, String> extendedRow(String reference) {
        Map<String, String> row = new LinkedHashMap<>();
        RecordFormat.EXTENDED.columns().forEach(c -> row.put(c, ""));
        row.put("record_reference", reference);
        row.put("power", "handcuffing");
        row.put("occurred_at", "2024-03-14T10:15:00+00:00");
        row.put("force", "metropolitan");
        row.put("borough_code", "E09000022");
        row.put("school_urn", "100001");
        row.put("on_school_premises", "true");
        row.put("sso_involved", "true");
        row.put("officer_team", "LAMBETH-SSO-3");
        row.put("age_years", "14");
        row.put("gender", "Male");
        row.put("self_defined_ethnicity", "Black, Black British, Black Welsh, Caribbean or African: Caribbean");
        row.put("officer_defined_ethnicity", "Black");
        row.put("outcome", "Arrest");
        row.put("appropriate_adult_present", "true");
        row.put("location_type", "school");
        row.put("bwv_recorded", "true");
        row.put("bwv_reference", "BWV-2024-0001");
        return row;
    }

    Path csv(String name, List<String> header, List<Map<String, String>> rows) throws IOException {
        StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
        for (Map<String, String> row : rows) {
            text.append(String.join(",", header.stream().map(h -> {
                String v = row.getOrDefault(h, "");
                return v.contains(",") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
            }).toList())).append('\n');
        }
        return Files.writeString(directory.resolve(name), text);
    }

    ImportOutcome importing(Path file) {
        return imports.importFile(file, file.getFileName().toString(), BY_ANALYST, ImportProgress.NONE);
    }

    @Test
    void an_extended_record_is_stored_with_its_reference_and_officer_team_only_as_keyed_hashes() throws Exception {
        ImportOutcome outcome = importing(csv("extended-1.csv", RecordFormat.EXTENDED.columns(),
                List.of(extendedRow("REF-SECRET-001"))));
        assertThat(outcome.status()).as(outcome.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
        Map<String, Object> row = jdbc.sql("select * from power_use where batch_id = ?").param(outcome.batchId()).query().singleRow();
        assertThat(row).containsEntry("power", "HANDCUFFING").containsEntry("age_band", "10-17")
                .containsEntry("self_defined_category", "CARIBBEAN").containsEntry("self_defined_group", "BLACK")
                .containsEntry("outcome_normalised", "ARREST").containsEntry("appropriate_adult_present", true);
        assertThat((String) row.get("record_key")).hasSize(64).doesNotContain("REF");
        String everything = jdbc.sql("select string_agg(t::text, ' ') from power_use t").query(String.class).single();
        assertThat(everything).doesNotContain("REF-SECRET-001").doesNotContain("LAMBETH-SSO-3");
    }

    @Test
    void a_re_import_of_a_corrected_record_matches_it_by_its_pseudonymised_reference() throws Exception {
        importing(csv("extended-2a.csv", RecordFormat.EXTENDED.columns(), List.of(extendedRow("REF-002"))));
        Map<String, String> corrected = extendedRow("REF-002");
        corrected.put("appropriate_adult_present", "false");
        importing(csv("extended-2b.csv", RecordFormat.EXTENDED.columns(), List.of(corrected)));
        List<Object> adults = jdbc.sql("select appropriate_adult_present from power_use where record_key = "
                + "(select record_key from power_use order by batch_id desc limit 1)").query((rs, n) -> rs.getObject(1)).list();
        assertThat(adults).containsExactly(false);
    }

    @Test
    void an_age_and_a_band_that_disagree_are_refused_with_the_band_expected() throws Exception {
        Map<String, String> row = extendedRow("REF-003");
        row.put("age_band", "18-24");
        ImportOutcome outcome = importing(csv("extended-3.csv", RecordFormat.EXTENDED.columns(), List.of(row)));
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(outcome.problems().get(0).message()).isEqualTo("extended-3.csv line 2, column 11 (age_band): "
                + "found \"18-24\"; expected \"10-17\", the band of age 14, or blank");
    }

    @Test
    void an_unknown_power_or_census_label_is_named() throws Exception {
        Map<String, String> row = extendedRow("REF-004");
        row.put("power", "taser");
        row.put("self_defined_ethnicity", "Black Caribbean");
        ImportOutcome outcome = importing(csv("extended-4.csv", RecordFormat.EXTENDED.columns(), List.of(row)));
        assertThat(outcome.problems()).extracting(ImportProblem::message).containsExactly(
                "extended-4.csv line 2, column 2 (power): found \"taser\"; expected one of arrest, handcuffing, more "
                        + "thorough search, stop and search, strip search exposing intimate parts, use of force",
                "extended-4.csv line 2, column 13 (self_defined_ethnicity): found \"Black Caribbean\"; expected a Census "
                        + "2021 category as published, e.g. \"Black, Black British, Black Welsh, Caribbean or African: "
                        + "Caribbean\", or \"Not stated\", or blank");
    }

    @Test
    void a_misspelt_column_in_our_formats_is_named() throws Exception {
        List<String> header = RecordFormat.DEPLOYMENTS.columns().stream().map(c -> c.equals("to_date") ? "until" : c).toList();
        ImportOutcome outcome = importing(csv("deployments-x.csv", header, List.of()));
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(outcome.problems()).extracting(ImportProblem::message).contains(
                "deployments-x.csv line 1, column 4 (until): found \"until\"; expected one of the documented columns: "
                        + "officer_team,school_urn,from_date,to_date");
    }

    @Test
    void the_real_gias_extract_imports_its_schools() throws Exception {
        Path file = directory.resolve("gias.csv");
        Files.copy(Path.of("src/test/resources/schools/london-gias-extract-2019-sample.csv"), file);
        ImportOutcome outcome = importing(file);
        assertThat(outcome.status()).as(outcome.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(outcome.rowsImported()).isEqualTo(outcome.rowsRead()).isPositive();
        Map<String, Object> coram = jdbc.sql("select * from school where urn = 100005").query().singleRow();
        assertThat(coram).containsEntry("name", "Thomas Coram Centre").containsEntry("la_code", "202")
                .containsEntry("phase", "Nursery").containsEntry("postcode", "WC1N 2NY");
    }

    @Test
    void a_school_roll_imports_by_group_with_suppressed_counts_kept_as_unknown_and_mistakes_named() throws Exception {
        importing(csv("schools-roll.csv", RecordFormat.SCHOOLS.columns(), List.of(
                Map.of("URN", "100902", "EstablishmentName", "Roll Academy", "LA (code)", "208"))));
        ImportOutcome ok = importing(csv("roll-1.csv", RecordFormat.SCHOOL_ROLL.columns(), List.of(
                Map.of("urn", "100902", "academic_year", "2023/24", "ethnic_group", "Black", "pupils", "187"),
                Map.of("urn", "100902", "academic_year", "2023/24", "ethnic_group", "mixed", "pupils", "c"),
                Map.of("urn", "100902", "academic_year", "2023/24", "ethnic_group", "Unclassified", "pupils", "12"))));
        assertThat(ok.status()).as(ok.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(jdbc.sql("select ethnic_group || '=' || coalesce(pupils::text, 'unknown') from school_roll where urn = 100902 "
                + "order by ethnic_group").query(String.class).list()).containsExactly("BLACK=187", "MIXED=unknown", "UNKNOWN=12");

        ImportOutcome bad = importing(csv("roll-2.csv", RecordFormat.SCHOOL_ROLL.columns(), List.of(
                Map.of("urn", "999998", "academic_year", "2023/24", "ethnic_group", "Black", "pupils", "10"),
                Map.of("urn", "100902", "academic_year", "2023/25", "ethnic_group", "Black", "pupils", "10"),
                Map.of("urn", "100902", "academic_year", "2023/24", "ethnic_group", "Chinese", "pupils", "-3"))));
        assertThat(bad.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(bad.problems()).extracting(ImportProblem::message).containsExactly(
                "roll-2.csv line 2, column 1 (urn): found \"999998\"; expected the URN of a school already imported "
                        + "(import the schools file first)",
                "roll-2.csv line 3, column 2 (academic_year): found \"2023/25\"; expected an academic year such as 2023/24",
                "roll-2.csv line 4, column 3 (ethnic_group): found \"Chinese\"; expected one of asian, black, mixed, other, "
                        + "unclassified, unknown, white",
                "roll-2.csv line 4, column 4 (pupils): found \"-3\"; expected a number of pupils (0 to 100,000), or c where "
                        + "it was suppressed");
        // nothing of the rejected file was stored, and the earlier roll is untouched
        assertThat(jdbc.sql("select count(*) from school_roll where urn = 100902").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void deployments_link_officer_teams_to_schools_already_imported() throws Exception {
        importing(csv("schools.csv", RecordFormat.SCHOOLS.columns(), List.of(
                Map.of("URN", "100901", "EstablishmentName", "Test Academy", "LA (code)", "208", "Easting", "531000.0",
                        "Northing", "176000"))));
        ImportOutcome ok = importing(csv("deployments-1.csv", RecordFormat.DEPLOYMENTS.columns(), List.of(
                Map.of("officer_team", "LAMBETH-SSO-3", "school_urn", "100901", "from_date", "2023-09-01"))));
        assertThat(ok.status()).as(ok.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
        ImportOutcome unknown = importing(csv("deployments-2.csv", RecordFormat.DEPLOYMENTS.columns(), List.of(
                Map.of("officer_team", "LAMBETH-SSO-3", "school_urn", "999999", "from_date", "2023-09-01",
                        "to_date", "2023-01-01"))));
        assertThat(unknown.problems()).extracting(ImportProblem::message).containsExactly(
                "deployments-2.csv line 2, column 2 (school_urn): found \"999999\"; expected the URN of a school already "
                        + "imported (import the schools file first)",
                "deployments-2.csv line 2, column 4 (to_date): found \"2023-01-01\"; expected a date on or after the "
                        + "from_date 2023-09-01, or blank if ongoing");
        assertThat(jdbc.sql("select count(*) from sso_deployment where school_urn = 100901").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void identifiers_are_withheld_from_quarantined_rows_and_validation_reports() throws Exception {
        Map<String, String> bad = extendedRow("REF-SECRET-QUARANTINE");
        bad.put("officer_team", "TEAM-SECRET-" + "X".repeat(120));
        bad.put("power", "taser");
        Path file = csv("extended-6.csv", RecordFormat.EXTENDED.columns(), List.of(extendedRow("REF-006"), bad));
        ImportOutcome outcome = imports.importFile(file, "extended-6.csv", BY_ANALYST.quarantiningInvalidRows(), ImportProgress.NONE);
        assertThat(outcome.rowsImported()).isEqualTo(1);
        assertThat(outcome.rowsInvalid()).isEqualTo(1);
        String stored = jdbc.sql("select coalesce(string_agg(raw, ' '), '') from quarantined_row where batch_id = ?")
                .param(outcome.batchId()).query(String.class).single()
                + jdbc.sql("select coalesce(string_agg(value, ' '), '') from import_problem where batch_id = ?")
                .param(outcome.batchId()).query(String.class).single();
        assertThat(stored).contains("(an identifier, withheld)", "taser")
                .doesNotContain("REF-SECRET-QUARANTINE").doesNotContain("TEAM-SECRET");
    }

    @Test
    void the_same_file_twice_changes_nothing() throws Exception {
        Path file = csv("extended-5.csv", RecordFormat.EXTENDED.columns(), List.of(extendedRow("REF-005")));
        assertThat(importing(file).status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(importing(file).status()).isEqualTo(ImportOutcome.Status.UNCHANGED);
    }

    /** Everything kept about an import: its problems (the report), its quarantined rows and its audit entries. */
    String keptAbout(ImportOutcome outcome) {
        var report = new StringWriter();
        reports.write(outcome.batchId(), report);
        return report + jdbc.sql("select coalesce(string_agg(raw, ' '), '') from quarantined_row where batch_id = ?")
                .param(outcome.batchId()).query(String.class).single()
                + jdbc.sql("select coalesce(string_agg(coalesce(after_summary, ''), ' '), '') from audit_entry where subject = ?")
                .param("import:" + outcome.file()).query(String.class).single();
    }

    @Test
    void a_body_worn_video_reference_is_stored_only_as_a_keyed_hash_and_withheld_from_a_rejected_files_report()
            throws Exception {
        ImportOutcome outcome = importing(csv("extended-bwv-1.csv", RecordFormat.EXTENDED.columns(),
                List.of(extendedRow("REF-BWV-001"))));
        assertThat(outcome.status()).as(outcome.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(jdbc.sql("select bwv_reference from power_use where batch_id = ?").param(outcome.batchId())
                .query(String.class).single()).isEqualTo(pseudonyms.of("bwv", "BWV-2024-0001"));
        assertThat(jdbc.sql("select string_agg(t::text, ' ') from power_use t").query(String.class).single())
                .doesNotContain("BWV-2024-0001");

        Map<String, String> bad = extendedRow("REF-BWV-002");
        bad.put("bwv_reference", "BWV-SECRET-" + "9".repeat(120));
        ImportOutcome rejected = importing(csv("extended-bwv-2.csv", RecordFormat.EXTENDED.columns(), List.of(bad)));
        assertThat(rejected.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(rejected.problems()).extracting(ImportProblem::message).containsExactly("extended-bwv-2.csv line 2, "
                + "column 24 (bwv_reference): found \"(an identifier, withheld)\"; expected at most 100 characters");
        ImportOutcome quarantined = imports.importFile(csv("extended-bwv-3.csv", RecordFormat.EXTENDED.columns(),
                List.of(bad)), "extended-bwv-3.csv", BY_ANALYST.quarantiningInvalidRows(), ImportProgress.NONE);
        assertThat(quarantined.rowsInvalid()).isEqualTo(1);
        assertThat(keptAbout(rejected) + keptAbout(quarantined)).contains("(an identifier, withheld)")
                .doesNotContain("BWV-SECRET");
    }

    @Test
    void body_worn_video_references_stored_in_clear_before_are_replaced_by_their_keyed_hash_once() throws Exception {
        ImportOutcome outcome = importing(csv("extended-bwv-4.csv", RecordFormat.EXTENDED.columns(),
                List.of(extendedRow("REF-BWV-004"))));
        // as an import before this change stored it
        jdbc.sql("update power_use set bwv_reference = 'BWV-OLD-CLEAR-004' where batch_id = ?").param(outcome.batchId()).update();
        assertThat(keyedBwvReferences.hashThoseStoredInClear()).isEqualTo(1);
        assertThat(jdbc.sql("select bwv_reference from power_use where batch_id = ?").param(outcome.batchId())
                .query(String.class).single()).isEqualTo(pseudonyms.of("bwv", "BWV-OLD-CLEAR-004"));
        assertThat(keyedBwvReferences.hashThoseStoredInClear()).as("hashes are left as they are").isZero();
    }

    @Test
    void a_headerless_extended_records_file_taken_for_police_uk_keeps_none_of_its_first_rows_identifiers()
            throws Exception {
        Map<String, String> first = extendedRow("REF-HEADERLESS-SECRET");
        first.put("officer_team", "TEAM-HEADERLESS-SECRET");
        first.put("bwv_reference", "BWV-HEADERLESS-SECRET");
        Path written = csv("with-header.csv", RecordFormat.EXTENDED.columns(), List.of(first, extendedRow("REF-HEADERLESS-2")));
        List<String> lines = Files.readAllLines(written);
        Path headerless = Files.write(directory.resolve("2024-01-metropolitan-stop-and-search.csv"), lines.subList(1, lines.size()));
        ImportOutcome outcome = importing(headerless);
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(outcome.problems()).extracting(ImportProblem::message).containsExactly(
                "2024-01-metropolitan-stop-and-search.csv line 1: found \"a first line of data, not a header (its values "
                        + "are withheld: they may be identifiers)\"; expected the police.uk header: "
                        + String.join(",", PoliceUkFormat.HEADER) + "; or the header of one of our formats (see docs/formats/)");
        assertThat(keptAbout(outcome)).doesNotContain("HEADERLESS-SECRET");
    }
}
