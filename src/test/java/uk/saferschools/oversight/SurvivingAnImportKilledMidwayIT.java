package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged product is killed (SIGKILL, no shutdown of any kind) in the middle of importing a large
 * police.uk file: the embedded PostgreSQL it started outlives it, as a server would. Afterwards no part of
 * the file is in the database (no batch, no rows), the coverage (what the imports page's coverage table
 * reads: the active police.uk batches by force and month) is what it was, and importing the same file
 * again succeeds in full. Runs {@code ./oversight import} from the repository on a data directory of its own.
 */
class SurvivingAnImportKilledMidwayIT {

    static final Path repository = Path.of("").toAbsolutePath();
    static final int BIG_ROWS = 250_000;

    @TempDir
    Path work;
    Process running;

    @AfterEach
    void stopAnythingLeft() throws Exception {
        if (running != null && running.isAlive()) {
            running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // the embedded server left running by the killed import: stopped cleanly, as the next command would
        Path pid = work.resolve("data/postgres/postmaster.pid");
        if (Files.exists(pid)) {
            long postgres = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            ProcessHandle.of(postgres).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

    ProcessBuilder oversight(String... args) {
        var command = new ArrayList<String>();
        command.add(repository.resolve("oversight").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("OVERSIGHT_DATA_DIRECTORY", work.resolve("data").toString());
        builder.environment().remove("OVERSIGHT_DATABASE_URL");
        builder.environment().put("OVERSIGHT_DEMONSTRATION_DATA", "false");
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        return builder;
    }

    String importToTheEnd(Path file) throws Exception {
        Path log = Files.createTempFile(work, "import", ".log");
        Process process = oversight("import", file.toString()).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("import finished").isTrue();
        String out = Files.readString(log);
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    /** A police.uk file of {@code rows} valid rows for the Metropolitan Police in {@code month}. */
    Path policeUkFile(String month, int rows) throws Exception {
        Path file = work.resolve(month + "-metropolitan-stop-and-search.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
                    + "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
                    + "Outcome linked to object of search,Removal of more than just outer clothing\n");
            for (int i = 0; i < rows; i++) {
                int day = 1 + i % 28;
                out.write("Person search," + month + "-" + (day < 10 ? "0" : "") + day + "T" + (10 + i % 10) + ":" + (10 + i % 50)
                        + ":00+00:00,False,,51.462,-0.115," + (i % 2 == 0 ? "Male" : "Female") + ","
                        + (i % 3 == 0 ? "10-17" : "18-24") + ",\"Black/African/Caribbean/Black British - Caribbean\",Black,"
                        + "Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,False\n");
            }
        }
        return file;
    }

    Connection superuser() throws Exception {
        Properties owner = new Properties();
        try (var in = Files.newInputStream(work.resolve("data/postgres.owner"))) {
            owner.load(in);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + owner.getProperty("port") + "/oversight", "postgres", "");
    }

    static List<String> rows(Connection connection, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? " | " : "").append(rs.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    static final String COVERAGE = """
            select force, month, rows_imported, coalesce(revision, 1) from import_batch
            where kind = 'POLICE_UK' and status = 'ACTIVE' order by force, month""";

    @Test
    void an_import_killed_midway_leaves_nothing_behind_and_succeeds_when_run_again() throws Exception {
        assertThat(importToTheEnd(policeUkFile("2015-05", 50))).contains("Imported 1 file");
        Path big = policeUkFile("2015-06", BIG_ROWS);

        // the import starts; once its transaction is writing the rows, the process is killed outright
        Path log = Files.createTempFile(work, "killed", ".log");
        running = oversight("import", big.toString()).redirectOutput(log.toFile()).start();
        List<String> coverageBefore = null;
        boolean midway = false;
        long giveUp = System.currentTimeMillis() + 180_000;
        while (!midway && System.currentTimeMillis() < giveUp && running.isAlive()) {
            Thread.sleep(20);
            if (!Files.exists(work.resolve("data/postgres.owner"))) {
                continue;
            }
            try (Connection db = superuser()) {
                if (coverageBefore == null) {
                    coverageBefore = rows(db, COVERAGE);
                }
                midway = !rows(db, """
                        select pid from pg_stat_activity where usename = 'oversight_app' and state <> 'idle'
                        and backend_xid is not null and query ilike '%copy%stop_search%'""").isEmpty();
            } catch (java.sql.SQLException notYet) {
                // the server is still starting or migrating
            }
        }
        assertThat(midway).as("caught the import writing its rows; its output:\n%s", Files.readString(log)).isTrue();
        // the children (the launcher's java) and the process itself: SIGKILL
        running.descendants().forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly();
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).doesNotContain("Imported 1 file");

        try (Connection db = superuser()) {
            // the killed process's connection is gone, and its transaction with it
            long wait = System.currentTimeMillis() + 30_000;
            while (!rows(db, "select pid from pg_stat_activity where usename = 'oversight_app'").isEmpty()) {
                assertThat(System.currentTimeMillis()).as("the server noticed the client died").isLessThan(wait);
                Thread.sleep(100);
            }
            assertThat(coverageBefore).singleElement().asString().contains("2015-05-01 | 50 | 1");
            assertThat(rows(db, COVERAGE)).as("coverage unchanged").isEqualTo(coverageBefore);
            assertThat(rows(db, "select id from import_batch where file_name like '2015-06%'")).as("no batch").isEmpty();
            assertThat(rows(db, "select count(*) from stop_search_classified where month = date '2015-06-01'")).containsExactly("0");
            assertThat(rows(db, """
                    select c.relname from pg_class c where c.relname like 'stop\\_search\\_batch\\_%' and c.relkind = 'r'
                    and not exists (select from import_batch b where c.relname = 'stop_search_batch_' || b.id and b.status = 'ACTIVE')"""))
                    .as("a table for the killed import's rows (ADR 0022)").isEmpty();
        }

        // the same file again, to its end: every row in (the command stops the server it started, so its own
        // summary says so)
        String again = importToTheEnd(big);
        assertThat(again).contains("Imported 1 file (250,000 records), replaced 0, unchanged 0, rejected 0.");
    }
}
