package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.records.PoliceUkFileBuilder;
import uk.saferschools.oversight.support.OversightTest;

/**
 * {@code ./oversight import} and {@code audit verify} where {@code ./oversight serve} runs on the same data: the
 * command hands its work to the server through the socket in the data directory (ADR 0023), prints what the server
 * says and exits with its status; paths are the command's, read from where it was run; the audit trail names the
 * user the kernel says asked; anything else is refused; with no server listening the command runs on its own.
 */
@OversightTest
class HandingACommandToTheRunningServerTest extends WithTheServerListening {

    Answer handOver(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Optional<Integer> status = CommandHandover.handOver(data, whereTheUserIs, List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("handed over").isPresent();
        return new Answer(status.get(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void an_import_is_done_by_the_server_from_the_files_where_the_command_was_run_and_the_audit_trail_names_who_asked()
            throws Exception {
        Path months = Files.createDirectories(whereTheUserIs.resolve("months"));
        PoliceUkFileBuilder.forMonth("2011-01").rows(40).writeTo(months);
        Answer imported = handOver("import", "months");
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("2011-01-metropolitan-stop-and-search.csv: 40 records imported for metropolitan 2011-01",
                "Imported 1 file (40 records), replaced 0, unchanged 0, rejected 0.");
        assertThat(jdbc.sql("select actor || ' ' || actor_roles from audit_entry where action = 'RECORDS_IMPORTED'"
                        + " and subject = 'import:2011-01-metropolitan-stop-and-search.csv'").query(String.class).list())
                .containsExactly(System.getProperty("user.name") + " COMMAND_LINE");

        Answer again = handOver("import", "months/2011-01-metropolitan-stop-and-search.csv");
        assertThat(again.out()).contains("Imported 0 files (0 records), replaced 0, unchanged 1, rejected 0.");
    }

    @Test
    void a_rejected_file_is_named_with_its_problems_exit_status_1_and_its_report_where_the_command_was_run()
            throws Exception {
        PoliceUkFileBuilder.forMonth("2011-02").rows(2).row(Map.of("Age range", "teen")).writeTo(whereTheUserIs);
        Answer rejected = handOver("import", "2011-02-metropolitan-stop-and-search.csv");
        assertThat(rejected.status()).isEqualTo(1);
        assertThat(rejected.out()).contains("rejected, nothing imported (1 problem)", "rejected 1.");
        Path report = whereTheUserIs.resolve("import-reports/2011-02-metropolitan-stop-and-search.csv.problems.csv");
        assertThat(rejected.err()).contains("line 4, column 8 (Age range): found \"teen\"", "Full report: " + report);
        assertThat(Files.readString(report)).contains("\"teen\"");
    }

    @Test
    void a_missing_file_is_named_as_the_user_gave_it() {
        Answer missing = handOver("import", "nowhere.csv");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder: " + whereTheUserIs.resolve("nowhere.csv"));
    }

    @Test
    void audit_verify_is_answered_by_the_server() {
        Answer verified = handOver("audit", "verify");
        assertThat(verified.status()).as(verified.err()).isZero();
        assertThat(verified.out()).containsPattern("Audit trail intact: [\\d,]+ entries checked");
    }

    @Test
    void a_command_that_stops_or_replaces_what_the_server_uses_is_refused() {
        Answer refused = handOver("backup", "somewhere.dump");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("a running server does './oversight import' and './oversight audit verify' only,"
                + " not './oversight backup'");
        assertThat(whereTheUserIs.resolve("somewhere.dump")).doesNotExist();
    }

    @Test
    void when_whoever_asked_goes_away_the_files_after_the_one_being_imported_are_left_alone() throws Exception {
        Path months = Files.createDirectories(whereTheUserIs.resolve("two"));
        PoliceUkFileBuilder.forMonth("2011-03").rows(10).writeTo(months);
        PoliceUkFileBuilder.forMonth("2011-04").rows(10).writeTo(months);
        try (SocketChannel asker = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            send(asker, List.of("import", "two"));
        } // gone before the first answer
        for (int waited = 0; batchesNamed("2011-03-metropolitan-stop-and-search.csv") == 0 && waited < 300; waited++) {
            Thread.sleep(100);
        }
        server.stop(); // waits for the command to end
        assertThat(batchesNamed("2011-03-metropolitan-stop-and-search.csv")).as("the file begun, imported whole").isEqualTo(1);
        assertThat(batchesNamed("2011-04-metropolitan-stop-and-search.csv")).as("the next, left alone").isZero();
    }

    @Test
    void only_the_servers_user_may_open_the_socket_and_it_goes_when_the_server_stops() throws Exception {
        Path folder = data.resolve("command");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(server.socket()).isEqualTo(folder.resolve("socket"));
        server.stop();
        assertThat(folder.resolve("socket")).doesNotExist();
        assertThat(CommandHandover.handOver(data, whereTheUserIs, List.of("audit", "verify"), System.out, System.err))
                .as("no server listening: the command runs on its own").isEmpty();
    }

    @Test
    void a_socket_left_by_a_server_that_was_killed_is_not_answered_and_the_next_server_replaces_it() throws Exception {
        server.stop();
        Path socket = data.resolve("command/socket");
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).as("left behind").exists();
        assertThat(CommandHandover.handOver(data, whereTheUserIs, List.of("audit", "verify"), System.out, System.err))
                .isEmpty();
        server = new CommandHandoverListener(context, data.toString());
        server.start();
        assertThat(server.socket()).isNotNull();
        assertThat(handOver("audit", "verify").status()).isZero();
    }

    @Test
    void a_file_where_the_socket_goes_is_left_alone_and_the_server_does_not_listen() throws Exception {
        server.stop();
        Path notASocket = data.resolve("command/socket");
        Files.writeString(notASocket, "someone's file");
        server = new CommandHandoverListener(context, data.toString());
        server.start();
        assertThat(server.socket()).isNull();
        assertThat(Files.readString(notASocket)).isEqualTo("someone's file");
    }

    @Test
    void a_link_where_the_folder_goes_is_never_followed() throws Exception {
        server.stop();
        Path elsewhere = Files.createDirectories(whereTheUserIs.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(elsewhere.resolve("socket"), "not to be deleted");
        Path otherData = Files.createDirectories(whereTheUserIs.resolve("other-data"));
        Files.createSymbolicLink(otherData.resolve("command"), elsewhere);
        CommandHandoverListener linked = new CommandHandoverListener(context, otherData.toString());
        linked.start();
        try {
            assertThat(linked.socket()).isNull();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere))).isEqualTo("rwxr-xr-x");
            assertThat(Files.readString(elsewhere.resolve("socket"))).isEqualTo("not to be deleted");
        } finally {
            linked.stop();
        }
    }

    @Test
    void a_command_with_other_settings_than_the_servers_is_told_to_run_on_its_own() throws Exception {
        try (SocketChannel asker = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            send(asker, "a digest of other settings", List.of("audit", "verify"));
            DataInputStream in = new DataInputStream(Channels.newInputStream(asker));
            assertThat(in.readByte()).isEqualTo(CommandHandover.ALONE);
            assertThat(in.readUTF()).contains("has other OVERSIGHT_ settings than this command",
                    "the command runs on its own");
        }
        assertThat(CommandHandover.settings(Map.of("OVERSIGHT_DATABASE_URL", "jdbc:postgresql://a/b")))
                .isNotEqualTo(CommandHandover.settings(Map.of()))
                .isNotEqualTo(CommandHandover.settings(Map.of("OVERSIGHT_DATABASE_URL", "jdbc:postgresql://a/b",
                        "OVERSIGHT_PSEUDONYMISATION_KEY", "another key")))
                .isEqualTo(CommandHandover.settings(Map.of("OVERSIGHT_DATABASE_URL", "jdbc:postgresql://a/b",
                        "OVERSIGHT_DATA_DIRECTORY", "/elsewhere", "OVERSIGHT_ADMIN_PASSWORD", "first start only",
                        "PATH", "/bin")));
        assertThat(CommandHandover.settings(Map.of("OVERSIGHT_MAX_IMPORT_SIZE", "")))
                .as("set to nothing is not unset").isNotEqualTo(CommandHandover.settings(Map.of()));
    }

    @Test
    void a_request_it_cannot_read_is_answered_with_exit_status_2() throws Exception {
        try (SocketChannel asker = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            send(asker, "not/absolute", 0, CommandHandover.settings(System.getenv()), List.of("import"));
            List<String> said = new ArrayList<>();
            assertThat(answers(new DataInputStream(Channels.newInputStream(asker)), said)).isEqualTo(2);
            assertThat(String.join("", said)).contains("could not read the command (a malformed request)");
        }
    }

    @Test
    void an_argument_file_is_read_where_the_command_runs_so_the_command_runs_there() {
        assertThat(CommandHandover.mayBeHandedOver("import", "@arguments.txt")).isFalse();
        assertThat(CommandHandover.mayBeHandedOver("import", "month.csv")).isTrue();
        assertThat(CommandHandover.mayBeHandedOver("audit", "verify")).isTrue();
        assertThat(CommandHandover.mayBeHandedOver("audit")).isFalse();
        assertThat(CommandHandover.mayBeHandedOver("backup", "file")).isFalse();
    }

    @Test
    void a_second_server_on_the_same_data_leaves_the_first_listening() {
        CommandHandoverListener second = new CommandHandoverListener(context, data.toString());
        second.start();
        try {
            assertThat(second.socket()).as("the second does not listen").isNull();
            assertThat(handOver("audit", "verify").status()).as("the first still answers").isZero();
        } finally {
            second.stop();
        }
    }

    @Test
    void the_progress_bar_is_drawn_on_the_askers_terminal_as_wide_as_it_is_and_never_without_one() throws Exception {
        PoliceUkFileBuilder.forMonth("2011-05").rows(30).writeTo(whereTheUserIs);
        PoliceUkFileBuilder.forMonth("2011-06").rows(30).writeTo(whereTheUserIs);
        for (int columns : new int[] {100, 0}) {
            String month = columns > 0 ? "2011-05" : "2011-06";
            try (SocketChannel asker = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                send(asker, whereTheUserIs.toString(), columns, CommandHandover.settings(System.getenv()),
                        List.of("import", month + "-metropolitan-stop-and-search.csv"));
                DataInputStream in = new DataInputStream(Channels.newInputStream(asker));
                StringBuilder err = new StringBuilder();
                for (byte kind = in.readByte(); kind != CommandHandover.EXIT; kind = in.readByte()) {
                    String text = in.readUTF();
                    if (kind == CommandHandover.ERR) {
                        err.append(text);
                    }
                }
                assertThat(in.readInt()).isZero();
                if (columns > 0) {
                    assertThat(err.toString()).contains("\r" + month + "-metropolitan-stop-and-search.csv", "100% [", " 30 rows");
                    for (String drawn : err.toString().split("\r")) {
                        assertThat(drawn.strip().length()).as("one redraw: %s", drawn).isLessThan(100);
                    }
                } else {
                    assertThat(err.toString()).as("no terminal, no bar").isEmpty();
                }
            }
        }
    }

    @Test
    void a_command_of_another_version_of_the_exchange_is_told_what_to_do() throws Exception {
        try (SocketChannel asker = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            DataOutputStream request = new DataOutputStream(Channels.newOutputStream(asker));
            request.writeInt(CommandHandover.VERSION + 1);
            request.flush();
            List<String> said = new ArrayList<>();
            int status = answers(new DataInputStream(Channels.newInputStream(asker)), said);
            assertThat(status).isEqualTo(2);
            assertThat(String.join("", said)).contains("is of another version of Safer Schools Oversight",
                    "OVERSIGHT_NO_HANDOVER=1");
        }
    }

    private void send(SocketChannel asker, List<String> args) throws IOException {
        send(asker, CommandHandover.settings(System.getenv()), args);
    }

    private void send(SocketChannel asker, String settings, List<String> args) throws IOException {
        send(asker, whereTheUserIs.toString(), 0, settings, args);
    }

    /** A request as {@link CommandHandover#handOver} makes it, with each part given. */
    private static void send(SocketChannel asker, String workingDirectory, int columns, String settings, List<String> args)
            throws IOException {
        DataOutputStream request = new DataOutputStream(Channels.newOutputStream(asker));
        request.writeInt(CommandHandover.VERSION);
        request.writeUTF(workingDirectory);
        request.writeInt(columns);
        request.writeUTF(settings);
        request.writeInt(args.size());
        for (String arg : args) {
            request.writeUTF(arg);
        }
        request.flush();
    }

    private static int answers(DataInputStream in, List<String> said) throws IOException {
        while (true) {
            byte kind;
            try {
                kind = in.readByte();
            } catch (EOFException e) {
                throw new AssertionError("the server closed without an exit status; it said " + said);
            }
            if (kind == CommandHandover.EXIT) {
                return in.readInt();
            }
            said.add(in.readUTF());
        }
    }

    private long batchesNamed(String file) {
        return jdbc.sql("select count(*) from import_batch where file_name = ? and status <> 'REJECTED'").param(file)
                .query(Long.class).single();
    }
}
