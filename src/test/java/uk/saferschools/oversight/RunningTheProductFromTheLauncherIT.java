package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.saferschools.oversight.records.PoliceUkFileBuilder;

/**
 * What a newcomer does: runs {@code ./oversight} from the repository, opens the home page, restarts it
 * and finds the data still there, and runs {@code audit verify} while the server is up. Runs the real
 * launcher script against the packaged jar (Maven's integration-test phase), each run with its own
 * data directory.
 */
class RunningTheProductFromTheLauncherIT {

    static final Path repository = Path.of("").toAbsolutePath();
    static final Duration STARTUP = Duration.ofSeconds(300);

    @TempDir
    Path work;

    Process server;
    Path serverLog;

    record Run(int status, String out) {
    }

    ProcessBuilder launcher(String... args) {
        var command = new ArrayList<String>();
        command.add(repository.resolve("oversight").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("OVERSIGHT_DATA_DIRECTORY", work.resolve("data").toString());
        builder.environment().remove("OVERSIGHT_DATABASE_URL");
        builder.environment().remove("OVERSIGHT_ADMIN_PASSWORD");
        // the same Java as this test, whichever JDK the build runs on
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        return builder;
    }

    Run run(String... args) throws Exception {
        Path output = Files.createTempFile(work, "run", ".log");
        Process process = launcher(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("./oversight %s finished", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), Files.readString(output));
    }

    int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String startServer(int port) throws Exception {
        serverLog = Files.createTempFile(work, "serve", ".log");
        server = launcher("serve", "--port", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(serverLog.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive()).as("server still running; its log:\n%s", Files.readString(serverLog)).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    assertThat(health.body()).contains("\"status\":\"UP\"");
                    return Files.readString(serverLog);
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("serve did not answer within " + STARTUP + "; its log:\n" + Files.readString(serverLog));
    }

    void stopServer() throws Exception {
        server.destroy(); // SIGTERM: Spring closes, the embedded PostgreSQL stops cleanly
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        server = null;
    }

    @AfterEach
    void stopServerIfRunning() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void help_lists_the_commands_with_a_line_each() throws Exception {
        Run help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).containsPattern("(?m)^\\s+serve\\s+Run the web application")
                .containsPattern("(?m)^\\s+audit\\s+Work with the audit trail");
        Run verifyHelp = run("audit", "verify", "--help");
        assertThat(verifyHelp.out()).contains("Check the whole audit trail");
        // every command's help is written as meant: a stray % in a description makes picocli warn and print it raw
        for (String[] command : new String[][] {{"--help"}, {"serve", "--help"}, {"import", "--help"}, {"analyse", "--help"},
                {"audit", "--help"}, {"audit", "verify", "--help"}}) {
            Run run = command.length == 1 ? help : run(command);
            assertThat(run.out()).as(String.join(" ", command)).doesNotContain("picocli WARN", "%n");
        }
        assertThat(help.out()).contains("with 95% intervals");
    }

    @Test
    void the_faster_start_is_prepared_on_throw_away_data_never_the_installations() throws Exception {
        assertThat(run("--version").status()).isZero(); // extracts the jar and prepares the small archive
        Path app = repository.resolve("target/oversight-app");
        try (var archives = Files.list(app)) {
            assertThat(archives.map(p -> p.getFileName().toString())).as("the archive for help and the commands on files")
                    .anyMatch(name -> name.startsWith("files-") && name.endsWith(".jsa"));
        }
        // the application's training, as the launcher runs it, where a data folder and a server are configured
        Path folder = Files.createDirectories(work.resolve("training"));
        Path installation = work.resolve("installation");
        Path output = Files.createTempFile(work, "training", ".log");
        ProcessBuilder training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                app.resolve("oversight.jar").toString(), "train-class-archive", "application", folder.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        training.environment().put("OVERSIGHT_DATA_DIRECTORY", installation.toString());
        training.environment().put("OVERSIGHT_DATABASE_URL", "jdbc:postgresql://localhost:1/nowhere");
        Process process = training.start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("the training finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(output)).isZero();
        assertThat(installation).as("the installation's data folder").doesNotExist();
        assertThat(folder.resolve("data/postgres/PG_VERSION")).as("its own throw-away database").exists();
        assertThat(folder.resolve("data/postgres/postmaster.pid")).as("which it stopped when it ended").doesNotExist();
    }

    @Test
    void a_fresh_start_serves_the_home_page_keeps_its_data_across_a_restart_and_verifies_its_audit_trail()
            throws Exception {
        int port = freePort();
        String firstLog = startServer(port);
        Matcher printed = Pattern.compile("Password \\(shown only this once[^)]*\\): (\\S+)").matcher(firstLog);
        assertThat(printed.find()).as("the first start prints the administrator password; log:\n%s", firstLog).isTrue();
        String adminPassword = printed.group(1);
        assertThat(firstLog).contains("Demonstration accounts, one per role");

        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Safer Schools Oversight", "Skip to main content", "Open Government Licence");

        Run verify = run("audit", "verify");
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(verify.out()).containsPattern("Audit trail intact: \\d+ entries checked");
        // an import while the server runs is handed to it (ADR 0023), the file named from where the command was run
        PoliceUkFileBuilder.forMonth("2012-01").rows(25).writeTo(work);
        Run imported = run("import", "2012-01-metropolitan-stop-and-search.csv");
        assertThat(imported.status()).as(imported.out()).isZero();
        assertThat(imported.out()).contains("2012-01-metropolitan-stop-and-search.csv: 25 records imported for metropolitan 2012-01");
        assertThat(Files.readString(serverLog)).as("done by the server")
                .contains("Did './oversight import' for " + System.getProperty("user.name"),
                        "Did './oversight audit verify' for " + System.getProperty("user.name"));

        stopServer();
        String secondLog = startServer(port);
        assertThat(secondLog).doesNotContain("first start");
        assertThat(signIn(port, "admin", adminPassword)).as("the administrator made on the first start still signs in")
                .isEqualTo("/");

        tamperWithFirstAuditEntry();
        Run broken = run("audit", "verify");
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.out()).containsPattern("Audit trail broken: entry 1 \\([^)]*ACCOUNT_CREATED by tampered\\) was altered");

        // a server killed leaves its socket behind (made here after a clean stop, which removes it, so that no
        // database is left running): no one answers it, so the command runs on its own
        stopServer();
        Path socket = work.resolve("data/command/socket");
        assertThat(socket).as("removed by a clean stop").doesNotExist();
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).as("a socket no one listens on").exists();
        Run alone = run("audit", "verify");
        assertThat(alone.status()).as(alone.out()).isEqualTo(1);
        assertThat(alone.out()).contains("Audit trail broken: entry 1");
    }

    @Test
    void a_second_server_on_the_same_data_is_refused_while_the_first_runs_only_if_it_would_lose_its_database()
            throws Exception {
        // serve owns the database; a short command connects to it (tested above). Here: a short command
        // holding the database makes serve refuse with a clear message rather than corrupting anything.
        Path data = work.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postgres.owner"), "pid=" + ProcessHandle.current().pid() + "\nport="
                + openPort() + "\ncommand=import\n");
        Run refused = run("serve", "--port", Integer.toString(freePort()));
        assertThat(refused.status()).isEqualTo(3);
        assertThat(refused.out()).contains("is in use by './oversight import' (process " + ProcessHandle.current().pid()
                + "). Wait for that command to finish, then run './oversight serve' again.");
    }

    ServerSocket listening;

    /** A port that accepts connections, standing in for the database of the command holding it. */
    int openPort() throws IOException {
        listening = new ServerSocket(0);
        return listening.getLocalPort();
    }

    @AfterEach
    void closeListening() throws IOException {
        if (listening != null) {
            listening.close();
        }
    }

    void tamperWithFirstAuditEntry() throws Exception {
        Properties owner = new Properties();
        try (var in = Files.newInputStream(work.resolve("data/postgres.owner"))) {
            owner.load(in);
        }
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + owner.getProperty("port") + "/oversight", "postgres", "")) {
            connection.createStatement().execute("set session_replication_role = replica");
            connection.createStatement().execute("update audit_entry set actor = 'tampered' where sequence_no = 1");
        }
    }

    /** Signs in through the real form and returns where it sent us. */
    String signIn(int port, String username, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").map(l -> l.replaceFirst("^http://localhost:\\d+", "")).orElse("");
    }
}
