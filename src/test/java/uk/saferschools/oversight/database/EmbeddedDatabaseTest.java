package uk.saferschools.oversight.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps its data between runs and is shared safely between oversight processes. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDirectory;

    static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("oversight"), server.user(), "")) {
            connection.createStatement().execute(sql);
        }
    }

    static String firstValue(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("oversight"), server.user(), "");
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void data_written_before_a_restart_is_there_after_it() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.startOrConnect(dataDirectory, "serve", true)) {
            first.ensureDatabase("oversight");
            execute(first, "create table kept (value text); insert into kept values ('still here')");
        }
        assertThat(dataDirectory.resolve("postgres.owner")).doesNotExist();
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.startOrConnect(dataDirectory, "serve", true)) {
            assertThat(second.startedHere()).isTrue();
            assertThat(firstValue(second, "select value from kept")).isEqualTo("still here");
        }
        assertThat(dataDirectory.resolve("postgres/PG_VERSION")).exists();
    }

    @Test
    void a_start_begun_while_the_application_is_made_is_the_server_the_command_then_uses() throws Exception {
        try (EmbeddedPostgresServer install = EmbeddedPostgresServer.startOrConnect(dataDirectory, "import", true)) {
            install.ensureDatabase("oversight");
            execute(install, "create table kept (value text); insert into kept values ('from before')");
        }
        EmbeddedPostgresServer.startEarly(dataDirectory, "import");
        // the start goes on in the background: the owner file appears once PostgreSQL has started
        for (int i = 0; i < 600 && !Files.exists(dataDirectory.resolve("postgres.owner")); i++) {
            Thread.sleep(100);
        }
        assertThat(dataDirectory.resolve("postgres.owner")).exists();
        try (EmbeddedPostgresServer taken = EmbeddedPostgresServer.startOrConnect(dataDirectory, "import", true)) {
            assertThat(taken.startedHere()).as("the server begun early, not a connection to another's").isTrue();
            assertThat(firstValue(taken, "select value from kept")).isEqualTo("from before");
            assertThat(Files.readString(dataDirectory.resolve("postgres.owner"))).contains(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(dataDirectory.resolve("postgres.owner")).as("stopped when the command closes it").doesNotExist();
    }

    @Test
    void nothing_is_started_early_or_created_where_there_is_no_installation_yet() throws Exception {
        EmbeddedPostgresServer.startEarly(dataDirectory, "import");
        Thread.sleep(500);
        try (var entries = Files.list(dataDirectory)) {
            assertThat(entries).as("a first start, which creates the database files, waits for the configuration").isEmpty();
        }
        try (EmbeddedPostgresServer started = EmbeddedPostgresServer.startOrConnect(dataDirectory, "import", true)) {
            assertThat(started.startedHere()).isTrue();
            started.ensureDatabase("oversight");
            assertThat(firstValue(started, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void a_command_run_while_serve_is_running_uses_the_same_server() throws Exception {
        try (EmbeddedPostgresServer serve = EmbeddedPostgresServer.startOrConnect(dataDirectory, "serve", true)) {
            serve.ensureDatabase("oversight");
            execute(serve, "create table shared (value text); insert into shared values ('from serve')");
            EmbeddedPostgresServer verify = EmbeddedPostgresServer.startOrConnect(dataDirectory, "audit verify", true);
            assertThat(verify.startedHere()).isFalse();
            assertThat(verify.port()).isEqualTo(serve.port());
            assertThat(firstValue(verify, "select value from shared")).isEqualTo("from serve");
            verify.close(); // does not stop the server that serve started
            assertThat(firstValue(serve, "select value from shared")).isEqualTo("from serve");
        }
    }

    @Test
    void a_command_refuses_with_a_clear_message_while_another_short_command_holds_the_database() throws Exception {
        try (EmbeddedPostgresServer importing = EmbeddedPostgresServer.startOrConnect(dataDirectory, "import", true)) {
            assertThat(importing.startedHere()).isTrue();
            assertThatThrownBy(() -> EmbeddedPostgresServer.startOrConnect(dataDirectory, "serve", true))
                    .isInstanceOf(EmbeddedDatabaseBusyException.class)
                    .hasMessage("The embedded database in " + dataDirectory.toAbsolutePath()
                            + " is in use by './oversight import' (process " + ProcessHandle.current().pid()
                            + "). Wait for that command to finish, then run './oversight serve' again.");
        }
    }

    @Test
    void an_owner_file_left_by_a_process_that_died_does_not_block_the_next_start() throws Exception {
        Files.createDirectories(dataDirectory);
        Files.writeString(dataDirectory.resolve("postgres.owner"), "pid=999999999\nport=1\ncommand=import\n");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrConnect(dataDirectory, "serve", true)) {
            assertThat(server.startedHere()).isTrue();
        }
    }
}
