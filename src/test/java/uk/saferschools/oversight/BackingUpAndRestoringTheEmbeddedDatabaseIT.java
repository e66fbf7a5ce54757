package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;

/**
 * A disaster and its recovery, as an operator meets them: the demonstration (records, panel items, analysis
 * snapshots, publications, the audit trail) is backed up while {@code ./oversight serve} runs, restored into a
 * fresh data directory, and found there row for row, with its two roles' grants and an intact audit chain.
 * Restoring over data asks first. Runs the real launcher against the packaged jar, like
 * {@link RunningTheProductFromTheLauncherIT}.
 */
class BackingUpAndRestoringTheEmbeddedDatabaseIT {

    static final Path repository = Path.of("").toAbsolutePath();
    static final Duration STARTUP = Duration.ofSeconds(480);

    @TempDir
    static Path work;

    static Path original;
    static Path liveBackup;
    static Path stoppedBackup;
    static Run backedUpWhileServing;
    static Run backedUpAgain;
    static Run restoreRefusedWhileServing;

    record Run(int status, String out) {
    }

    /**
     * Once for both tests: the first start loads the demonstration; a backup is taken while it serves (and a
     * restore is refused), then another once it has stopped.
     */
    @BeforeAll
    static void serveTheDemonstrationAndBackItUp() throws Exception {
        original = work.resolve("original");
        liveBackup = work.resolve("live.backup");
        stoppedBackup = work.resolve("stopped.backup");
        Files.writeString(work.resolve("anything.backup"), "not a backup");
        Process server = startServer(original);
        try {
            backedUpWhileServing = run(original, "backup", liveBackup.toString());
            backedUpAgain = run(original, "backup", liveBackup.toString());
            restoreRefusedWhileServing = run(original, "restore", "--yes", work.resolve("anything.backup").toString());
        } finally {
            server.destroy(); // SIGTERM: Spring closes, the embedded PostgreSQL stops cleanly
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        Run backedUp = run(original, "backup", stoppedBackup.toString());
        assertThat(backedUp.status()).as(backedUp.out()).isZero();
    }

    static ProcessBuilder launcher(Path data, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("OVERSIGHT_DATA_DIRECTORY", data.toString());
        builder.environment().remove("OVERSIGHT_DATABASE_URL");
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        return builder;
    }

    static List<String> oversight(String... args) {
        List<String> command = new ArrayList<>();
        command.add(repository.resolve("oversight").toString());
        command.addAll(List.of(args));
        return command;
    }

    static Run run(Path data, String... args) throws Exception {
        ProcessBuilder builder = launcher(data, oversight(args));
        Path output = Files.createTempFile(work, "run", ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().close(); // no one at the keyboard
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", builder.command()).isTrue();
        return new Run(process.exitValue(), Files.readString(output));
    }

    /** At a terminal (a pseudo-terminal made by util-linux's script), typing {@code answer} when asked. */
    static Run atATerminal(Path data, String answer, String... args) throws Exception {
        String command = String.join(" ", oversight(args).stream().map(a -> "'" + a + "'").toList());
        ProcessBuilder builder = launcher(data, List.of("script", "-qec", command, "/dev/null"));
        Path output = Files.createTempFile(work, "terminal", ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().write((answer + "\n").getBytes());
        process.getOutputStream().flush();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(process.exitValue(), Files.readString(output));
    }

    @Test
    void a_backup_restores_into_a_fresh_data_directory_row_for_row_with_its_grants_and_the_audit_chain_intact()
            throws Exception {
        Map<String, String> before = everyRow(original);
        assertThat(before).as("the demonstration puts something in the tables that matter")
                .doesNotContainEntry("stop_search", "0 rows").doesNotContainEntry("power_use", "0 rows")
                .doesNotContainEntry("audit_entry", "0 rows").doesNotContainEntry("analysis_snapshot", "0 rows")
                .doesNotContainEntry("publication", "0 rows").doesNotContainEntry("agenda_item", "0 rows")
                .doesNotContainEntry("review_item", "0 rows").doesNotContainEntry("recommendation", "0 rows")
                .doesNotContainEntry("bwv_score", "0 rows");

        Path fresh = work.resolve("fresh");
        Run restored = run(fresh, "restore", stoppedBackup.toString());
        assertThat(restored.status()).as(restored.out()).isZero();
        assertThat(restored.out()).doesNotContain("[y/N]").contains("Restored " + stoppedBackup);
        assertThat(everyRow(fresh)).as("every table, row for row").isEqualTo(before);
        assertTheRolesKeepTheirGrants(fresh);

        Run verify = run(fresh, "audit", "verify");
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("Audit trail intact: " + before.get("audit_entry").replace(" rows", "")
                + " entries checked");
    }

    @Test
    void a_backup_is_taken_while_serving_and_restoring_over_data_asks_first_or_with_no_terminal_refuses_unless_told_yes()
            throws Exception {
        assertThat(backedUpWhileServing.status()).as(backedUpWhileServing.out()).isZero();
        assertThat(backedUpWhileServing.out()).contains("from the server of './oversight serve'", "Backed up to " + liveBackup);
        assertThat(backedUpAgain.status()).isEqualTo(2);
        assertThat(backedUpAgain.out()).contains(liveBackup + " already exists");
        assertThat(restoreRefusedWhileServing.status()).isEqualTo(3);
        assertThat(restoreRefusedWhileServing.out()).contains("is in use by './oversight serve'", "stop that server first");

        Path data = work.resolve("from-the-live-backup");
        Run fromLive = run(data, "restore", liveBackup.toString());
        assertThat(fromLive.status()).as(fromLive.out()).isZero();
        Map<String, String> before = everyRow(data);

        Run refused = run(data, "restore", stoppedBackup.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out()).contains("already holds data", "Nothing was changed", "add --yes");

        Run declined = atATerminal(data, "n", "restore", stoppedBackup.toString());
        assertThat(declined.out()).contains("Replace it? [y/N]", "Not restored: the embedded database is unchanged.");
        assertThat(declined.status()).isEqualTo(1);

        Files.writeString(work.resolve("notes.txt"), "not a backup");
        Run notABackup = run(data, "restore", "--yes", work.resolve("notes.txt").toString());
        assertThat(notABackup.status()).isEqualTo(2);
        assertThat(notABackup.out()).contains("is not a backup of Safer Schools Oversight");
        assertThat(everyRow(data)).as("nothing refused changed anything").isEqualTo(before);

        Run confirmed = run(data, "restore", "--yes", stoppedBackup.toString());
        assertThat(confirmed.status()).as(confirmed.out()).isZero();
        assertThat(confirmed.out()).doesNotContain("[y/N]").contains("the data it replaced is gone");
        assertThat(everyRow(data)).isEqualTo(everyRow(original));
    }

    /** For each table: its count of rows and a digest of them all, each row as text, in order. */
    static Map<String, String> everyRow(Path data) throws Exception {
        Map<String, String> tables = new TreeMap<>();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startOrConnect(data, "test", true);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl("oversight"), postgres.user(), "")) {
            List<String> names = new ArrayList<>();
            ResultSet listed = connection.createStatement().executeQuery(
                    "select tablename from pg_tables where schemaname = 'public' order by 1");
            while (listed.next()) {
                names.add(listed.getString(1));
            }
            for (String name : names) {
                ResultSet rows = connection.createStatement().executeQuery(("select count(*), md5(coalesce("
                        + "string_agg(t::text, E'\\n' order by t::text), '')) from public.\"%s\" t").formatted(name));
                rows.next();
                long count = rows.getLong(1);
                tables.put(name, count == 0 ? "0 rows" : count + " rows");
                tables.put(name + " digest", rows.getString(2));
            }
        }
        return tables;
    }

    static void assertTheRolesKeepTheirGrants(Path data) throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startOrConnect(data, "test", true);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl("oversight"), postgres.user(), "")) {
            ResultSet grants = connection.createStatement().executeQuery("""
                    select pg_get_userbyid(c.relowner),
                           has_table_privilege('oversight_app', 'audit_entry', 'INSERT'),
                           has_table_privilege('oversight_app', 'audit_entry', 'UPDATE'),
                           has_table_privilege('oversight_app', 'audit_entry', 'DELETE'),
                           has_table_privilege('oversight_app', 'record_import_job', 'DELETE'),
                           has_table_privilege('oversight_app', 'flyway_schema_history', 'SELECT'),
                           (select pg_get_userbyid(datdba) from pg_database where datname = current_database()),
                           has_table_privilege('oversight_app', 'import_batch', 'DELETE'),
                           has_table_privilege('oversight_app', 'stop_search', 'DELETE'),
                           has_table_privilege('oversight_app', 'stop_search', 'SELECT')
                    from pg_class c where c.oid = 'audit_entry'::regclass""");
            grants.next();
            assertThat(grants.getString(1)).as("the tables' owner").isEqualTo("oversight_owner");
            assertThat(grants.getBoolean(2)).as("the application may add audit entries").isTrue();
            assertThat(grants.getBoolean(3)).as("nor update them").isFalse();
            assertThat(grants.getBoolean(4)).as("nor delete them").isFalse();
            assertThat(grants.getBoolean(5)).as("the ordinary tables keep their grants").isTrue();
            assertThat(grants.getBoolean(6)).as("Flyway's history stays the owner's").isFalse();
            assertThat(grants.getString(7)).as("the database's owner").isEqualTo("oversight_owner");
            assertThat(grants.getBoolean(8)).as("nor forget an import (ADR 0022)").isFalse();
            assertThat(grants.getBoolean(9)).as("nor delete a record").isFalse();
            assertThat(grants.getBoolean(10)).as("but read the records").isTrue();
        }
    }

    /** Starts serve and waits until the demonstration has loaded (its last two parts log a line each). */
    static Process startServer(Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile(work, "serve", ".log");
        Process server = launcher(data, oversight("serve", "--port", Integer.toString(port))).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new AssertionError("serve stopped; its log:\n" + Files.readString(log));
            }
            String said = Files.readString(log);
            if (said.contains("Demonstration data: a published analysis of children")
                    && said.contains("Demonstration data: two body-worn video review sessions")) {
                return server;
            }
            Thread.sleep(500);
        }
        server.destroyForcibly();
        throw new AssertionError("serve did not load the demonstration within " + STARTUP + "; its log:\n" + Files.readString(log));
    }
}
