package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Bad input gets a clear message naming the file, line and column and what was expected, and nothing
 * stored changes: one test per kind of bad input.
 */
@OversightTest
class RejectingBadPoliceUkFilesTest {

    static final ImportOptions BY_ANALYST = ImportOptions.by(new Actor("test-analyst", "ANALYST"));

    @Autowired
    RecordImports imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ImportReports reports;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    AuditTrail auditTrail;
    @Autowired
    ApplicationEventPublisher events;

    @TempDir
    Path directory;

    String before;

    /** Everything an import could change, as one string to compare. */
    String stored() {
        return jdbc.sql("""
                select (select count(*) from stop_search) || '/' ||
                       (select count(*) from import_batch where status <> 'REJECTED') || '/' ||
                       (select coalesce(sum(rows_imported), 0) from import_batch where status = 'ACTIVE') || '/' ||
                       (select count(*) from quarantined_row)""").query(String.class).single();
    }

    @BeforeEach
    void rememberWhatIsStored() {
        before = stored();
    }

    ImportOutcome importing(Path file) {
        ImportOutcome outcome = imports.importPoliceUk(file, file.getFileName().toString(), BY_ANALYST, ImportProgress.NONE);
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(stored()).as("nothing stored changes").isEqualTo(before);
        assertThat(outcome.problems()).isNotEmpty();
        return outcome;
    }

    String firstMessage(PoliceUkFileBuilder file) {
        return importing(file.writeTo(directory)).problems().get(0).message();
    }

    @Test
    void a_wrong_header_names_the_column_and_the_header_expected() {
        String message = firstMessage(PoliceUkFileBuilder.metropolitan2022January()
                .header(PoliceUkFileBuilder.HEADER.replace("Age range", "Age")).rows(3));
        assertThat(message).isEqualTo("2022-01-metropolitan-stop-and-search.csv line 1, column 8 (Age range): "
                + "found \"Age\"; expected the column \"Age range\" (police.uk header: " + PoliceUkFileBuilder.HEADER + ")");
    }

    @Test
    void a_missing_header_is_reported_at_line_1() {
        String message = firstMessage(PoliceUkFileBuilder.metropolitan2022January().withoutHeader().rows(3));
        // the first line is data, not a header: none of its values is kept, not even in the report
        assertThat(message).isEqualTo("2022-01-metropolitan-stop-and-search.csv line 1: found \"a first line of data, "
                + "not a header (its values are withheld: they may be identifiers)\"; expected the police.uk header: "
                + PoliceUkFileBuilder.HEADER + "; or the header of one of our formats (see docs/formats/)");
    }

    @Test
    void a_row_with_the_wrong_number_of_columns_is_named_by_its_line() {
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January().rows(2)
                .rawLine("Person search,2022-01-15T16:30:00+00:00,False").rows(1).writeTo(directory));
        assertThat(outcome.problems()).hasSize(1);
        assertThat(outcome.problems().get(0).message())
                .isEqualTo("2022-01-metropolitan-stop-and-search.csv line 4: found \"3 fields\"; expected 15 fields, as in the header");
    }

    @Test
    void a_file_saved_as_windows_1252_is_recognised_and_named() {
        byte[] text = PoliceUkFileBuilder.metropolitan2022January().rows(1)
                .row(Map.of("Policing operation", "Operation Caf\u00e9 \u2013 summer")).text()
                .getBytes(Charset.forName("windows-1252"));
        String message = importing(PoliceUkFileBuilder.metropolitan2022January().writeBytes(directory, text))
                .problems().get(0).message();
        assertThat(message).startsWith("2022-01-metropolitan-stop-and-search.csv line 3: found \"the byte 0xE9, which is not UTF-8\"")
                .contains("looks like Windows-1252");
    }

    @Test
    void binary_data_is_refused_for_what_it_is() {
        byte[] bytes = new byte[] {'T', 'y', 'p', 'e', 0, 1, 2, 3, 0, 0};
        assertThat(importing(PoliceUkFileBuilder.metropolitan2022January().writeBytes(directory, bytes))
                .problems().get(0).message()).contains("looks like binary data");
    }

    @Test
    void compressed_data_is_refused_with_what_to_do() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(PoliceUkFileBuilder.metropolitan2022January().rows(3).text().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(importing(PoliceUkFileBuilder.metropolitan2022January().writeBytes(directory, gz.toByteArray()))
                .problems().get(0).message()).isEqualTo("2022-01-metropolitan-stop-and-search.csv: found "
                + "\"gzip-compressed data\"; expected an uncompressed CSV file: unzip it first (gunzip)");
    }

    @Test
    void a_truncated_last_line_is_called_truncated() {
        String whole = PoliceUkFileBuilder.metropolitan2022January().rows(3).text();
        String cut = whole.substring(0, whole.length() - 40);
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January()
                .writeBytes(directory, cut.getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome.problems()).extracting(ImportProblem::message)
                .anyMatch(m -> m.startsWith("2022-01-metropolitan-stop-and-search.csv line 4: ")
                        && m.contains("cut off (truncated)"));
    }

    @Test
    void an_unclosed_quote_at_the_end_is_reported() {
        String text = PoliceUkFileBuilder.metropolitan2022January().rows(2).text()
                + "Person search,\"2022-01-15T16:30:00+00:00,False,,51.46";
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January()
                .writeBytes(directory, text.getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome.problems().get(0).message()).startsWith("2022-01-metropolitan-stop-and-search.csv line 4")
                .contains("never closed");
    }

    @Test
    void an_enormous_field_is_refused_without_reading_it_all_into_memory() {
        String text = PoliceUkFileBuilder.metropolitan2022January().rows(1).text()
                + "Person search,2022-01-15T16:30:00+00:00,False,\"" + "x".repeat(300_000) + "\",51.46,-0.11\n";
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January()
                .writeBytes(directory, text.getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome.problems().get(0).message()).startsWith("2022-01-metropolitan-stop-and-search.csv line 3")
                .contains("too long");
    }

    @Test
    void a_long_text_field_is_refused_with_its_limit() {
        String message = firstMessage(PoliceUkFileBuilder.metropolitan2022January()
                .row(Map.of("Legislation", "L".repeat(600))));
        assertThat(message).startsWith("2022-01-metropolitan-stop-and-search.csv line 2, column 11 (Legislation)")
                .endsWith("at most 500 characters");
    }

    @Test
    void a_date_outside_the_files_month_is_refused() {
        String message = firstMessage(PoliceUkFileBuilder.metropolitan2022January().rows(1)
                .row(Map.of("Date", "2022-03-02T10:00:00+00:00")));
        assertThat(message).isEqualTo("2022-01-metropolitan-stop-and-search.csv line 3, column 2 (Date): "
                + "found \"2022-03-02T10:00:00+00:00\"; expected a date in 2022-01, the month of this file");
    }

    @Test
    void a_date_that_is_not_a_date_is_refused() {
        String message = firstMessage(PoliceUkFileBuilder.metropolitan2022January().row(Map.of("Date", "31/01/2022")));
        assertThat(message).contains("line 2, column 2 (Date): found \"31/01/2022\"; expected a date and time with its offset");
    }

    @Test
    void unknown_labels_are_named() {
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January()
                .row(Map.of("Age range", "Under 10 years"))
                .row(Map.of("Self-defined ethnicity", "Black - Somali"))
                .row(Map.of("Outcome", "Told off"))
                .row(Map.of("Officer-defined ethnicity", "Blue"))
                .writeTo(directory));
        assertThat(outcome.problems()).extracting(ImportProblem::message).containsExactly(
                "2022-01-metropolitan-stop-and-search.csv line 2, column 8 (Age range): found \"Under 10 years\"; "
                        + "expected one of \"under 10\", \"10-17\", \"18-24\", \"25-34\", \"over 34\", or blank",
                "2022-01-metropolitan-stop-and-search.csv line 3, column 9 (Self-defined ethnicity): found \"Black - Somali\"; "
                        + "expected a police.uk self-defined ethnicity label, e.g. \"White - Irish\" or \"Black or Black British - "
                        + "African (B2)\"; this label is not known (see docs/formats/police-uk-stop-and-search.md)",
                "2022-01-metropolitan-stop-and-search.csv line 4, column 13 (Outcome): found \"Told off\"; expected a police.uk "
                        + "outcome, e.g. \"A no further action disposal\", \"Arrest\", \"Community resolution\"; this label is not known",
                "2022-01-metropolitan-stop-and-search.csv line 5, column 10 (Officer-defined ethnicity): found \"Blue\"; "
                        + "expected one of Asian, Black, Mixed, Other, White, or blank");
        assertThat(outcome.problemsTotal()).isEqualTo(4);
    }

    @Test
    void coordinates_outside_the_united_kingdom_are_refused() {
        String message = firstMessage(PoliceUkFileBuilder.metropolitan2022January().row(Map.of("Latitude", "151.46")));
        assertThat(message).contains("line 2, column 5 (Latitude): found \"151.46\"; expected a latitude in the United Kingdom");
    }

    @Test
    void a_file_over_the_size_limit_is_refused_before_it_is_read() {
        RecordsProperties limited = new RecordsProperties(DataSize.ofKilobytes(1), null, null);
        RecordImports small = new RecordImports(new ImportBatches(jdbc, transactionManager, auditTrail, events, limited),
                new PoliceUkPipeline(dataSource, jdbc, limited));
        Path file = PoliceUkFileBuilder.metropolitan2022January().rows(20).writeTo(directory);
        ImportOutcome outcome = small.importPoliceUk(file, file.getFileName().toString(), BY_ANALYST, ImportProgress.NONE);
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(outcome.problems().get(0).message()).startsWith("2022-01-metropolitan-stop-and-search.csv: found \"")
                .endsWith("kB\"; expected a file of at most 1.0 kB (the configured limit, oversight.records.max-file-size)");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void a_wrong_header_is_refused_even_when_invalid_rows_would_be_quarantined() {
        Path file = PoliceUkFileBuilder.metropolitan2022January()
                .header(PoliceUkFileBuilder.HEADER.replace("Age range", "Age")).rows(3).writeTo(directory);
        ImportOutcome outcome = imports.importPoliceUk(file, file.getFileName().toString(),
                BY_ANALYST.quarantiningInvalidRows(), ImportProgress.NONE);
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(outcome.problems().get(0).message()).contains("line 1, column 8 (Age range): found \"Age\"");
        assertThat(stored()).as("nothing stored changes, and no month is replaced by an empty one").isEqualTo(before);
    }

    @Test
    void a_file_whose_name_does_not_say_its_force_and_month_needs_them_as_options() {
        Path file = PoliceUkFileBuilder.metropolitan2022January().rows(2).writeTo(directory);
        Path renamed = file.resolveSibling("stops.csv");
        assertThat(file.toFile().renameTo(renamed.toFile())).isTrue();
        assertThat(importing(renamed).problems().get(0).message()).isEqualTo("stops.csv: found \"stops.csv\"; expected a "
                + "file named YYYY-MM-<force>-stop-and-search.csv, as police.uk names them, or the force and month given "
                + "as options (--force, --month)");
    }

    @Test
    void one_bad_row_among_many_good_ones_rejects_the_whole_file() {
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January().rows(500)
                .row(Map.of("Gender", "M")).rows(500).writeTo(directory));
        assertThat(outcome.rowsRead()).isEqualTo(1001);
        assertThat(outcome.problems()).extracting(ImportProblem::line).containsExactly(502L);
    }

    @Test
    void the_rejection_and_its_problems_are_kept_in_the_import_history_and_the_audit_trail() {
        ImportOutcome outcome = importing(PoliceUkFileBuilder.metropolitan2022January().row(Map.of("Gender", "M"))
                .writeTo(directory));
        assertThat(jdbc.sql("select status from import_batch where id = ?").param(outcome.batchId()).query(String.class).single())
                .isEqualTo("REJECTED");
        var report = new StringWriter();
        reports.write(outcome.batchId(), report);
        assertThat(report.toString()).isEqualTo("\"file\",\"line\",\"column\",\"field\",\"value\",\"expected\"\r\n"
                + "\"2022-01-metropolitan-stop-and-search.csv\",2,7,\"Gender\",\"M\",\"one of \"\"Male\"\", \"\"Female\"\", "
                + "\"\"Other\"\", or blank\"\r\n");
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'IMPORT_REJECTED' and subject = ?")
                .param("import:2022-01-metropolitan-stop-and-search.csv").query(Long.class).single()).isPositive();
    }
}
