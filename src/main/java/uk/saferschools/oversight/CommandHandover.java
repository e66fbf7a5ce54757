package uk.saferschools.oversight;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;

/**
 * The command line's side of a hand-over (ADR 0023): {@code ./oversight import} and {@code audit verify}, run where a
 * {@code ./oversight serve} is already running on the same data, ask that server to do the work, instead of starting
 * an application and a database of their own for it (3 to 4 seconds of a one-month import's 5). The server listens on
 * a Unix domain socket in a folder of the data directory that only its operating-system user may open; the command
 * sends its working directory and arguments, then prints what the server sends back and exits with its status.
 *
 * <p>The exchange, in {@link java.io.DataOutputStream}'s encoding: the command sends {@link #VERSION}, its working
 * directory, its terminal's width (0: none), a digest of its {@linkplain #settings settings}, and its arguments (a count,
 * then each); the server answers with frames, each a kind byte and then a string ({@link #OUT}, {@link #ERR}), or
 * the exit status ({@link #EXIT}), or a message saying the command is to run on its own ({@link #ALONE}). Each end
 * asks the kernel who the other is, and talks only to its own user or root.
 */
public final class CommandHandover {

    /** The version of the exchange; a server that speaks another refuses with a message saying what to do. */
    static final int VERSION = 1;
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    /** The server's answer that the command is to run on its own (a message, then nothing more). */
    static final byte ALONE = 'A';

    /** The exit status when the server stopped answering before it said how the command ended. */
    static final int SERVER_STOPPED_ANSWERING = 4;

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

    /**
     * The width of the terminal the command runs in, for the progress bar the server draws on it; 0 when it runs
     * with no terminal (Java's {@code System.console()}). The launcher says the width (OVERSIGHT_TERMINAL_COLUMNS,
     * from {@code stty size}); otherwise 80.
     */
    static int terminalColumns() {
        if (System.console() == null) {
            return 0;
        }
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("OVERSIGHT_TERMINAL_COLUMNS", "80").trim());
            return columns >= 20 && columns <= 1000 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
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
        // an @file names more arguments in a file, read from where the command runs: it runs there
        boolean argumentFiles = Arrays.stream(args).anyMatch(a -> a.startsWith("@"));
        return named && !argumentFiles && !"1".equals(System.getenv("OVERSIGHT_NO_HANDOVER"));
    }

    /** Where a server on {@code dataDirectory} listens for commands. */
    static Path socketOf(Path dataDirectory) {
        return dataDirectory.resolve("command").resolve("socket");
    }

    /**
     * The settings a command and the server doing it must share: those that say which database the work goes to and
     * how the records are kept (the pseudonymisation key, the largest file). A command run with other values than the
     * server's (set or not) runs on its own. Where the data is needs no comparing: the socket's place says it.
     */
    static String settings(Map<String, String> environment) {
        StringBuilder all = new StringBuilder();
        for (String name : SETTINGS) {
            String value = environment.get(name);
            all.append(name).append(value == null ? " unset" : "=" + value).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<String> SETTINGS = List.of("OVERSIGHT_DATABASE_URL", "OVERSIGHT_DATABASE_USER",
            "OVERSIGHT_DATABASE_PASSWORD", "OVERSIGHT_DATABASE_OWNER_USER", "OVERSIGHT_DATABASE_OWNER_PASSWORD",
            "OVERSIGHT_PSEUDONYMISATION_KEY", "OVERSIGHT_MAX_IMPORT_SIZE");

    /** The user at the other end of {@code channel}, as the kernel says (never as that end says). */
    static String peer(SocketChannel channel) throws IOException {
        return channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
    }

    /** Whether {@code user} is this process's user or root: the only ones either end talks to. */
    static boolean ownUserOrRoot(String user) {
        return user.equals(System.getProperty("user.name")) || user.equals("root");
    }

    /**
     * Hands the command to the server running on {@code dataDirectory}, printing what it says; empty when the
     * command is to run on its own: no server is listening there (none runs, or one was killed and left its socket
     * behind), the one listening is not this user's, or it has other settings (it says so).
     */
    static Optional<Integer> handOver(Path dataDirectory, Path workingDirectory, List<String> args, PrintStream out,
            PrintStream err) {
        Path socket = socketOf(dataDirectory).toAbsolutePath();
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        byte[] request;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(bytes);
            data.writeInt(VERSION);
            data.writeUTF(workingDirectory.toAbsolutePath().toString());
            data.writeInt(terminalColumns());
            data.writeUTF(settings(System.getenv()));
            data.writeInt(args.size());
            for (String arg : args) {
                data.writeUTF(arg);
            }
            request = bytes.toByteArray();
        } catch (IOException tooLong) {
            return Optional.empty(); // an argument longer than the exchange's strings hold (64 KB)
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException notListening) {
            return Optional.empty();
        }
        try (channel) {
            if (!ownUserOrRoot(peer(channel))) {
                return Optional.empty(); // not a server of ours: it is told nothing
            }
            OutputStream to = Channels.newOutputStream(channel);
            to.write(request);
            to.flush();
            DataInputStream answer = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                byte kind = answer.readByte();
                if (kind == EXIT) {
                    return Optional.of(answer.readInt());
                }
                if (kind == ALONE) {
                    err.print(answer.readUTF());
                    err.flush();
                    return Optional.empty();
                }
                PrintStream printed = kind == ERR ? err : out;
                printed.print(answer.readUTF());
                printed.flush();
            }
        } catch (IOException e) {
            out.flush();
            err.println("oversight: the server running on " + dataDirectory.toAbsolutePath() + " stopped answering before"
                    + " the command finished (" + (e.getMessage() == null ? "it closed the connection" : e.getMessage())
                    + "). Its log says how far it got; each file is imported whole or not at all. Run the command again.");
            return Optional.of(SERVER_STOPPED_ANSWERING);
        }
    }
}
