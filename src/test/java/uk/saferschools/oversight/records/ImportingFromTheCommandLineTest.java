package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import uk.saferschools.oversight.support.Commands;
import uk.saferschools.oversight.support.OversightTest;

/** {@code ./oversight import <folder>}: every file imported or rejected, a summary, and again changes nothing. */
@OversightTest
class ImportingFromTheCommandLineTest {

    @Autowired
    ApplicationContext context;

    @TempDir
    Path folder;

    Commands.Run run(String... args) {
        return Commands.run(context, ImportCommand.class, args);
    }

    @Test
    void a_folder_is_imported_file_by_file_with_a_summary_and_importing_it_again_changes_nothing() throws Exception {
        Path months = Files.createDirectories(folder.resolve("metropolitan/derived"));
        PoliceUkFileBuilder.forMonth("2017-01").rows(120).writeTo(folder.resolve("metropolitan"));
        PoliceUkFileBuilder.forMonth("2017-02").rows(80).writeTo(months);
        Files.writeString(folder.resolve("notes.txt"), "not a csv");
        Commands.Run first = run(folder.toString(), "--report-dir", folder.resolve("reports").toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("2017-01-metropolitan-stop-and-search.csv: 120 records imported for metropolitan 2017-01",
                "2017-02-metropolitan-stop-and-search.csv: 80 records imported for metropolitan 2017-02",
                "Imported 2 files (200 records), replaced 0, unchanged 0, rejected 0.");
        Commands.Run again = run(folder.toString(), "--report-dir", folder.resolve("reports").toString());
        assertThat(again.out()).contains("Imported 0 files (0 records), replaced 0, unchanged 2, rejected 0.");
    }

    @Test
    void the_summary_counts_with_thousands_separators_and_says_one_file_and_one_problem_in_the_singular() throws Exception {
        Path month = PoliceUkFileBuilder.forMonth("2015-04").rows(1500).writeTo(folder);
        Commands.Run imported = run(month.toString(), "--report-dir", folder.resolve("reports").toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("2015-04-metropolitan-stop-and-search.csv: 1,500 records imported for metropolitan 2015-04",
                "Imported 1 file (1,500 records), replaced 0, unchanged 0, rejected 0.");
        Path bad = PoliceUkFileBuilder.forMonth("2015-05").rows(1).row(Map.of("Age range", "teen")).writeTo(folder);
        Commands.Run rejected = run(bad.toString(), "--report-dir", folder.resolve("reports").toString());
        assertThat(rejected.out()).contains("rejected, nothing imported (1 problem)",
                "Imported 0 files (0 records), replaced 0, unchanged 0, rejected 1.");
    }

    @Test
    void a_rejected_file_is_named_with_its_problems_a_report_and_exit_status_1() throws Exception {
        Path bad = PoliceUkFileBuilder.forMonth("2017-03").rows(2).row(Map.of("Age range", "teen")).writeTo(folder);
        Commands.Run run = run(bad.toString(), "--report-dir", folder.resolve("reports").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("rejected, nothing imported (1 problem)", "rejected 1.");
        assertThat(run.err()).contains("line 4, column 8 (Age range): found \"teen\"", "Full report: ");
        Path report = folder.resolve("reports/2017-03-metropolitan-stop-and-search.csv.problems.csv");
        assertThat(Files.readString(report)).contains("\"teen\"");
    }

    @Test
    void a_missing_path_is_named() {
        Commands.Run run = run(folder.resolve("nowhere").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("no such file or folder: " + folder.resolve("nowhere"));
    }
}
