package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.web.SafeCsv;

/**
 * Importing police.uk files: real files with current and legacy labels, re-imports that change
 * nothing, newer files that replace a month, empty months, and quarantine. Each test uses its own
 * month so that tests sharing the database do not meet.
 */
@OversightTest
class ImportingPoliceUkFilesTest {

    static final ImportOptions BY_ANALYST = ImportOptions.by(new Actor("test-analyst", "ANALYST"));

    @Autowired
    RecordImports imports;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path directory;

    ImportOutcome importing(Path file) {
        return imports.importPoliceUk(file, file.getFileName().toString(), BY_ANALYST, ImportProgress.NONE);
    }

    long stored(String month) {
        return jdbc.sql("select count(*) from stop_search_classified where force = 'metropolitan' and month = ?::date")
                .param(month + "-01").query(Long.class).single();
    }

    Map<String, Object> firstRow(String month) {
        return jdbc.sql("select * from stop_search_classified where month = ?::date order by line_no limit 1").param(month + "-01")
                .query().singleRow();
    }

    @Test
    void a_real_2016_file_with_legacy_labels_imports_every_record_with_its_labels_kept_and_mapped() throws Exception {
        Path file = directory.resolve("2016-06-metropolitan-stop-and-search.csv");
        Files.copy(Path.of("src/test/resources/police-uk/2016-06-metropolitan-stop-and-search.csv"), file);
        ImportOutcome outcome = importing(file);
        assertThat(outcome.status()).as(outcome.summary() + " " + outcome.problems()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(outcome.rowsImported()).isEqualTo(10_490);
        assertThat(stored("2016-06")).isEqualTo(10_490);
        Map<String, Object> first = firstRow("2016-06");
        assertThat(first).containsEntry("self_defined_ethnicity", "Black or Black British - African (B2)")
                .containsEntry("self_defined_category", "AFRICAN").containsEntry("self_defined_group", "BLACK")
                .containsEntry("officer_defined_group", "BLACK")
                .containsEntry("outcome", "Nothing found - no further action")
                .containsEntry("outcome_normalised", "NO_FURTHER_ACTION")
                .containsEntry("age_range", "10-17");
        assertThat(first.get("outcome_linked")).isNull();
        assertThat(first.get("more_than_outer_clothing")).isNull();
        assertThat(first.get("borough_code")).isEqualTo("E09000023"); // Lewisham (51.455989, -0.043536), by point in polygon
        assertThat(jdbc.sql("select count(*) from stop_search_classified where month = '2016-06-01' and self_defined_category is null "
                + "and self_defined_ethnicity = 'Not Stated (NS)'").query(Long.class).single()).isPositive();
    }

    @Test
    void importing_the_same_file_again_changes_nothing() {
        Path file = PoliceUkFileBuilder.forMonth("2019-01").rows(25).writeTo(directory);
        assertThat(importing(file).status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        long batches = jdbc.sql("select count(*) from import_batch").query(Long.class).single();
        ImportOutcome again = importing(file);
        assertThat(again.status()).isEqualTo(ImportOutcome.Status.UNCHANGED);
        assertThat(again.summary()).contains("already imported");
        assertThat(stored("2019-01")).isEqualTo(25);
        assertThat(jdbc.sql("select count(*) from import_batch").query(Long.class).single()).isEqualTo(batches);
    }

    @Test
    void a_newer_file_for_the_same_force_and_month_replaces_it_and_records_the_revision() {
        ImportOutcome first = importing(PoliceUkFileBuilder.forMonth("2019-02").rows(30).writeTo(directory));
        ImportOutcome revised = importing(PoliceUkFileBuilder.forMonth("2019-02").rows(32)
                .row(Map.of("Outcome", "Arrest")).writeTo(directory));
        assertThat(revised.status()).isEqualTo(ImportOutcome.Status.REPLACED);
        assertThat(revised.summary()).contains("replaced the earlier file (revision 2)");
        assertThat(stored("2019-02")).isEqualTo(33);
        assertThat(jdbc.sql("select status || ' ' || revision from import_batch where id = ?").param(first.batchId())
                .query(String.class).single()).isEqualTo("SUPERSEDED 1");
        assertThat(jdbc.sql("select status || ' ' || revision || ' ' || replaces_batch from import_batch where id = ?")
                .param(revised.batchId()).query(String.class).single()).isEqualTo("ACTIVE 2 " + first.batchId());
    }

    @Test
    void a_rejected_revision_leaves_the_month_as_it_was() {
        importing(PoliceUkFileBuilder.forMonth("2019-03").rows(12).writeTo(directory));
        ImportOutcome bad = importing(PoliceUkFileBuilder.forMonth("2019-03").rows(40).row(Map.of("Gender", "?"))
                .writeTo(directory));
        assertThat(bad.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(stored("2019-03")).isEqualTo(12);
        assertThat(jdbc.sql("select count(*) from import_batch where month = '2019-03-01' and status = 'ACTIVE'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void an_empty_or_header_only_file_is_an_observed_zero() {
        ImportOutcome headerOnly = importing(PoliceUkFileBuilder.forMonth("2019-04").writeTo(directory));
        assertThat(headerOnly.status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(headerOnly.summary()).contains("an empty file: recorded as zero records that month");
        Path empty = directory.resolve("2019-05-metropolitan-stop-and-search.csv");
        ImportOutcome emptyOutcome = importing(PoliceUkFileBuilder.forMonth("2019-05").writeBytes(directory, new byte[0]));
        assertThat(emptyOutcome.status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(jdbc.sql("select count(*) from import_batch where month in ('2019-04-01', '2019-05-01') and status = 'ACTIVE' "
                + "and rows_imported = 0").query(Long.class).single()).isEqualTo(2);
        assertThat(empty).exists();
    }

    @Test
    void a_month_whose_file_has_the_same_bytes_as_another_months_is_held_all_the_same() {
        // a force with no searches in two months gets two header-only files, byte for byte alike
        assertThat(importing(PoliceUkFileBuilder.forMonth("2014-01").writeTo(directory)).status())
                .isEqualTo(ImportOutcome.Status.IMPORTED);
        ImportOutcome next = importing(PoliceUkFileBuilder.forMonth("2014-02").writeTo(directory));
        assertThat(next.status()).as(next.summary()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(jdbc.sql("select count(*) from import_batch where force = 'metropolitan' and status = 'ACTIVE' "
                + "and month in ('2014-01-01', '2014-02-01')").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void importing_a_months_earlier_file_again_after_a_newer_one_brings_it_back() throws Exception {
        Path earlier = PoliceUkFileBuilder.forMonth("2014-03").rows(20).writeTo(Files.createDirectory(directory.resolve("earlier")));
        Path newer = PoliceUkFileBuilder.forMonth("2014-03").rows(21).writeTo(Files.createDirectory(directory.resolve("newer")));
        ImportOutcome first = importing(earlier);
        assertThat(importing(newer).status()).isEqualTo(ImportOutcome.Status.REPLACED);
        assertThat(stored("2014-03")).isEqualTo(21);

        ImportOutcome back = importing(earlier);
        assertThat(back.status()).as(back.summary()).isEqualTo(ImportOutcome.Status.REPLACED);
        assertThat(back.batchId()).isNotEqualTo(first.batchId());
        assertThat(stored("2014-03")).as("the earlier file's records are the ones held again").isEqualTo(20);
        assertThat(importing(earlier).status()).as("and now it is the one held").isEqualTo(ImportOutcome.Status.UNCHANGED);
    }

    @Test
    void a_byte_order_mark_is_accepted() {
        byte[] text = PoliceUkFileBuilder.forMonth("2019-06").rows(3).text().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        ImportOutcome outcome = importing(PoliceUkFileBuilder.forMonth("2019-06").writeBytes(directory, withBom));
        assertThat(outcome.status()).as(outcome.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(stored("2019-06")).isEqualTo(3);
    }

    @Test
    void formula_injection_payloads_are_stored_as_the_text_they_are() {
        String payload = "=HYPERLINK(\"http://evil.example\",\"click\")";
        importing(PoliceUkFileBuilder.forMonth("2019-07").row(Map.of("Policing operation", payload,
                "Part of a policing operation", "True")).writeTo(directory));
        assertThat(firstRow("2019-07")).containsEntry("policing_operation", payload);
        assertThat(SafeCsv.cell(payload)).isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"");
    }

    @Test
    void records_without_coordinates_stay_unlocated() {
        importing(PoliceUkFileBuilder.forMonth("2019-08").row(Map.of("Latitude", "", "Longitude", "")).writeTo(directory));
        Map<String, Object> row = firstRow("2019-08");
        assertThat(row.get("latitude")).isNull();
        assertThat(row.get("borough_code")).isNull();
    }

    @Test
    void with_quarantine_the_valid_rows_are_imported_and_the_invalid_kept_for_review() {
        Path file = PoliceUkFileBuilder.forMonth("2019-09").rows(10).row(Map.of("Gender", "M")).rows(5)
                .row(Map.of("Outcome", "Told off")).writeTo(directory);
        ImportOutcome outcome = imports.importPoliceUk(file, file.getFileName().toString(),
                BY_ANALYST.quarantiningInvalidRows(), ImportProgress.NONE);
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(outcome.rowsImported()).isEqualTo(15);
        assertThat(outcome.rowsInvalid()).isEqualTo(2);
        assertThat(outcome.summary()).contains("2 invalid rows quarantined for review");
        List<Long> lines = jdbc.sql("select line_no from quarantined_row where batch_id = ? order by line_no")
                .param(outcome.batchId()).query(Long.class).list();
        assertThat(lines).containsExactly(12L, 18L);
        assertThat(stored("2019-09")).isEqualTo(15);
    }

    @Test
    void every_import_is_in_the_audit_trail() {
        Path file = PoliceUkFileBuilder.forMonth("2019-10").rows(4).writeTo(directory);
        importing(file);
        importing(file);
        assertThat(jdbc.sql("select action || ': ' || after_summary from audit_entry where subject = ? order by sequence_no")
                .param("import:" + file.getFileName()).query(String.class).list()).containsExactly(
                "RECORDS_IMPORTED: 4 of 4 rows imported for metropolitan 2019-10",
                "IMPORT_UNCHANGED: same content as import " + jdbc.sql("select id from import_batch where month = '2019-10-01'")
                        .query(Long.class).single() + "; nothing changed");
    }

    @Test
    void force_and_month_can_be_given_when_the_file_name_does_not_say() throws Exception {
        Path file = PoliceUkFileBuilder.forMonth("2019-11").rows(2).writeTo(directory);
        Path renamed = Files.move(file, directory.resolve("november.csv"));
        ImportOutcome outcome = imports.importPoliceUk(renamed, "november.csv",
                BY_ANALYST.forForceAndMonth("metropolitan", YearMonth.of(2019, 11)), ImportProgress.NONE);
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(stored("2019-11")).isEqualTo(2);
    }
}
