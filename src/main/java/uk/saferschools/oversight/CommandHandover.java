package uk.saferschools.oversight;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line's side of a hand-over (ADR 0023): {@code ./oversight import} and {@code audit verify}, run where a
 * {@code ./oversight serve} is already running on the same data, ask that server to do the work, instead of starting
 * an application and a database of their own for it (3 to 4 seconds of a one-month import's 5). The server listens on
 * a Unix domain socket in a folder of the data directory that only its operating-system user may open; the command
 * sends its working directory and arguments, then prints what the server sends back and exits with its status.
 *
 * <p>The exchange, in {@link java.io.DataOutputStream}'s encoding: the command sends {@link #VERSION}, its working
 * directory, whether its standard error is a terminal, and its arguments (a count, then each); the server answers
 * with frames, each a kind byte and then a string ({@link #OUT}, {@link #ERR}) or the exit status ({@link #EXIT}).
 */
public final class CommandHandover {

    /** The version of the exchange; a server that speaks another refuses with a message saying what to do. */
    static final int VERSION = 1;
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';

    /** The exit status when the server stopped answering before it said how the command ended. */
    static final int SERVER_STOPPED_ANSWERING = 4;

    /** Longer arguments are not handed over (the encoding's strings hold up to 65,535 bytes): the command runs alone. */
    private static final int LONGEST_ARGUMENT = 60_000;

    /** What {@link #main} exits with when no server is listening: the launcher then runs the command on its own. */
    static final int NOT_LISTENING = 125;

    private CommandHandover() {
    }

    /**
     * The launcher's quick way to ask (from {@code target/oversight-handover.jar}, which holds this class alone):
     * exits with the command's status, or {@link #NOT_LISTENING}.
     */
    public static void main(String[] args) {
        Optional<Integer> status = mayBeHandedOver(args)
                ? handOver(dataDirectory(), Path.of("").toAbsolutePath(), List.of(args), System.out, System.err)
                : Optional.empty();
        System.out.flush();
        System.exit(status.orElse(NOT_LISTENING));
    }

    /** As in application.properties: OVERSIGHT_DATA_DIRECTORY, else ./data */
    static Path dataDirectory() {
        String configured = System.getenv("OVERSIGHT_DATA_DIRECTORY");
        return Path.of(configured == null || configured.isBlank() ? "data" : configured);
    }

    /**
     * Whether the command line names one of the commands {@linkplain Oversight#handedOver handed over} (its first
     * words; the server reads the rest), and OVERSIGHT_NO_HANDOVER=1 does not say to run it alone.
     */
    static boolean mayBeHandedOver(String... args) {
        boolean named = args.length > 0 && (args[0].equals("import")
                || args[0].equals("audit") && args.length > 1 && args[1].equals("verify"));
        return named && !"1".equals(System.getenv("OVERSIGHT_NO_HANDOVER"));
    }

    /** Where a server on {@code dataDirectory} listens for commands. */
    static Path socketOf(Path dataDirectory) {
        return dataDirectory.resolve("command").resolve("socket");
    }

    /**
     * Hands the command to the server running on {@code dataDirectory}, printing what it says; empty when no server
     * is listening there (none runs, or one was killed and left its socket behind), and the command is to run alone.
     */
    static Optional<Integer> handOver(Path dataDirectory, Path workingDirectory, List<String> args, PrintStream out,
            PrintStream err) {
        Path socket = socketOf(dataDirectory).toAbsolutePath();
        if (!Files.exists(socket) || args.stream().anyMatch(a -> a.getBytes(StandardCharsets.UTF_8).length > LONGEST_ARGUMENT)) {
            return Optional.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException notListening) {
            return Optional.empty();
        }
        try (channel) {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            request.writeInt(VERSION);
            request.writeUTF(workingDirectory.toAbsolutePath().toString());
            request.writeBoolean(System.console() != null);
            request.writeInt(args.size());
            for (String arg : args) {
                request.writeUTF(arg);
            }
            request.flush();
            DataInputStream answer = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                byte kind = answer.readByte();
                if (kind == EXIT) {
                    return Optional.of(answer.readInt());
                }
                PrintStream to = kind == ERR ? err : out;
                to.print(answer.readUTF());
                to.flush();
            }
        } catch (IOException e) {
            out.flush();
            err.println("oversight: the server running on " + dataDirectory.toAbsolutePath() + " stopped answering before"
                    + " the command finished (" + (e.getMessage() == null ? "it closed the connection" : e.getMessage()) + "). Its log says how far it got; each file is"
                    + " imported whole or not at all. Run the command again.");
            return Optional.of(SERVER_STOPPED_ANSWERING);
        }
    }
}
