package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.records.PoliceUkFileBuilder;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The launcher's Python client ({@code src/main/python/oversight_handover.py}, run by {@code ./oversight} with
 * {@code /usr/bin/python3} where there is one, because it starts several times faster than a JVM) hands a command
 * to the running server as the Java client does (ADR 0023), byte for byte: the same answers, exit statuses, audit
 * trail, fallbacks (exit status 125: no server listening, other settings, an argument file, OVERSIGHT_NO_HANDOVER),
 * and text beyond ASCII (Java's modified UTF-8) both ways. Each case runs the real script in a process of its own,
 * from the user's folder. Months 2008-05 and 2008-06 are this test's own.
 */
@OversightTest
class HandingACommandToTheRunningServerFromPythonTest extends WithTheServerListening {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CLIENT = Path.of("src/main/python/oversight_handover.py").toAbsolutePath();

    @BeforeEach
    void pythonIsThere() {
        assertThat(PYTHON).as("the tests run the launcher's Python client: apt-get install python3").isExecutable();
    }

    Answer asking(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-I", "-S", CLIENT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(whereTheUserIs.toFile());
        builder.environment().put("OVERSIGHT_DATA_DIRECTORY", data.toString());
        builder.environment().putAll(environment);
        builder.environment().put("LC_ALL", "C.UTF-8");
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the client finished").isTrue();
        return new Answer(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    Answer asking(String... args) throws Exception {
        return asking(Map.of(), args);
    }

    @Test
    void an_import_is_done_by_the_server_from_the_files_where_the_command_was_run_and_the_audit_trail_names_who_asked()
            throws Exception {
        Path months = Files.createDirectories(whereTheUserIs.resolve("months"));
        PoliceUkFileBuilder.forMonth("2008-05").rows(30).writeTo(months);
        Answer imported = asking("import", "months");
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("2008-05-metropolitan-stop-and-search.csv: 30 records imported for metropolitan 2008-05",
                "Imported 1 file (30 records), replaced 0, unchanged 0, rejected 0.");
        assertThat(jdbc.sql("select actor || ' ' || actor_roles from audit_entry where action = 'RECORDS_IMPORTED'"
                        + " and subject = 'import:2008-05-metropolitan-stop-and-search.csv'").query(String.class).list())
                .containsExactly(System.getProperty("user.name") + " COMMAND_LINE");
        Answer verified = asking("audit", "verify");
        assertThat(verified.status()).as(verified.err()).isZero();
        assertThat(verified.out()).containsPattern("Audit trail intact: [\\d,]+ entries checked");
    }

    @Test
    void a_rejected_file_gets_exit_status_1_with_its_problems_on_standard_error() throws Exception {
        PoliceUkFileBuilder.forMonth("2008-06").rows(2).row(Map.of("Age range", "teen")).writeTo(whereTheUserIs);
        Answer rejected = asking("import", "2008-06-metropolitan-stop-and-search.csv");
        assertThat(rejected.status()).isEqualTo(1);
        assertThat(rejected.out()).contains("rejected, nothing imported (1 problem)");
        assertThat(rejected.err()).contains("line 4, column 8 (Age range): found \"teen\"");
    }

    @Test
    void with_no_server_listening_other_settings_an_argument_file_or_no_handover_asked_the_command_runs_on_its_own()
            throws Exception {
        Answer otherSettings = asking(Map.of("OVERSIGHT_PSEUDONYMISATION_KEY", "not the server's"), "audit", "verify");
        assertThat(otherSettings.status()).isEqualTo(CommandHandover.NOT_LISTENING);
        assertThat(otherSettings.err()).contains("has other OVERSIGHT_ settings than this command");
        assertThat(asking("import", "@arguments.txt").status()).isEqualTo(CommandHandover.NOT_LISTENING);
        assertThat(asking(Map.of("OVERSIGHT_NO_HANDOVER", "1"), "audit", "verify").status())
                .isEqualTo(CommandHandover.NOT_LISTENING);
        assertThat(asking("backup", "x.dump").status()).as("not a command handed over").isEqualTo(CommandHandover.NOT_LISTENING);

        server.stop();
        assertThat(asking("audit", "verify").status()).as("no socket").isEqualTo(CommandHandover.NOT_LISTENING);
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(data.resolve("command/socket")));
        }
        Answer stale = asking("audit", "verify");
        assertThat(stale.status()).as("a socket nobody listens on").isEqualTo(CommandHandover.NOT_LISTENING);
        assertThat(stale.out() + stale.err()).isEmpty();
    }

    @Test
    void a_server_that_stops_answering_part_way_gets_exit_status_4_and_says_so_and_text_beyond_ascii_goes_both_ways()
            throws Exception {
        server.stop();
        Files.deleteIfExists(data.resolve("command/socket"));
        try (ServerSocketChannel failing = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            failing.bind(UnixDomainSocketAddress.of(data.resolve("command/socket")));
            Thread answering = new Thread(() -> {
                try (SocketChannel asker = failing.accept()) {
                    DataInputStream request = new DataInputStream(Channels.newInputStream(asker));
                    assertThat(request.readInt()).isEqualTo(CommandHandover.VERSION);
                    assertThat(request.readUTF()).isEqualTo(whereTheUserIs.toRealPath().toString());
                    assertThat(request.readInt()).as("no terminal").isZero();
                    assertThat(request.readUTF()).isEqualTo(CommandHandover.settings(System.getenv()));
                    assertThat(request.readInt()).isEqualTo(2);
                    assertThat(List.of(request.readUTF(), request.readUTF())).containsExactly("import", "é 🚓");
                    var out = Channels.newOutputStream(asker);
                    out.write('O');
                    byte[] text = "Importing…\n".getBytes(StandardCharsets.UTF_8);
                    out.write(new byte[] {0, (byte) text.length});
                    out.write(text);
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            answering.start();
            Answer cut = asking(Map.of(), "import", "é 🚓");
            answering.join(10_000);
            assertThat(cut.status()).isEqualTo(CommandHandover.SERVER_STOPPED_ANSWERING);
            assertThat(cut.out()).isEqualTo("Importing…\n");
            assertThat(cut.err()).contains("stopped answering before the command finished",
                    "each file is imported whole or not at all");
        }
    }
}
