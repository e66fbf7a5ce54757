package uk.saferschools.oversight;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.records.ImportCommand;

/**
 * The server's side of a hand-over (ADR 0023; {@link CommandHandover} is the command line's): while
 * {@code ./oversight serve} runs, it listens on {@code <data directory>/command/socket} and does the
 * {@linkplain Oversight#handedOver commands handed to it} with the application it has already started.
 *
 * <p>Who may ask: the socket is in a folder only the server's operating-system user may open (mode 0700, made so
 * before the socket is bound in it), it is never on the network, and each connection's user is the one the kernel
 * names (SO_PEERCRED), not one the command says: that user must be the server's (or root), and the audit trail names
 * it, as when the command runs alone. Files are read and reports written as the server's user, who is the asker.
 */
@Component
@ConditionalOnProperty(name = "oversight.command-handover.enabled", havingValue = "true")
class CommandHandoverListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandHandoverListener.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** How long stopping waits for the commands being done to finish, before the application closes under them. */
    private static final Duration FINISHING = Duration.ofSeconds(30);
    /** The most arguments a command may send: far more than any command line holds. */
    private static final int MOST_ARGUMENTS = 10_000;
    /** The most bytes of a request read: more than any command line holds (Linux's is 2 MB at most). */
    private static final long LARGEST_REQUEST = 4L << 20;
    /** The most characters in one frame, so that its UTF-8 fits the encoding's 65,535 bytes. */
    private static final int FRAME_CHARACTERS = 16_000;

    private final ApplicationContext context;
    private final Path dataDirectory;
    private final String serverUser = System.getProperty("user.name");
    private final Set<Thread> working = ConcurrentHashMap.newKeySet();
    private final AtomicInteger asked = new AtomicInteger();
    private volatile ServerSocketChannel listening;
    private volatile Path socket;

    CommandHandoverListener(ApplicationContext context, @Value("${oversight.database.data-directory}") String dataDirectory) {
        this.context = context;
        this.dataDirectory = Path.of(dataDirectory).toAbsolutePath();
    }

    /** Where this server listens, once started; null when it does not. */
    Path socket() {
        return listening != null ? socket : null;
    }

    @Override
    public void start() {
        try {
            listening = listen();
        } catch (IOException | RuntimeException e) {
            log.warn("Commands run on {} will start on their own, not be handed to this server: {}", dataDirectory,
                    e.getMessage());
            return;
        }
        Thread accepting = new Thread(this::acceptAll, "command-handover");
        accepting.setDaemon(true);
        accepting.start();
        log.info("'./oversight import' and 'audit verify' run on this data are handed to this server, through {}", socket);
    }

    private ServerSocketChannel listen() throws IOException {
        Path folder = dataDirectory.resolve("command");
        Files.createDirectories(dataDirectory);
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException made) {
            // made by an earlier start: checked below, never followed if it is a link
        }
        PosixFileAttributes found = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!found.isDirectory()) {
            throw new IOException(folder + " is not a folder (a link or a file is never followed or replaced)");
        }
        if (!found.owner().getName().equals(serverUser)) {
            throw new IOException(folder + " belongs to " + found.owner().getName() + ", not to " + serverUser
                    + ", who runs this server");
        }
        if (!found.permissions().equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(folder, OWNER_ONLY); // made under a wider umask, or opened since: closed
        }
        Path at = CommandHandover.socketOf(dataDirectory);
        if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(at, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException(at + " is there and is not a socket: it is left alone");
            }
            if (answers(at)) {
                throw new IOException("another server on the same data listens at " + at + " already");
            }
            Files.delete(at); // left by a server that was killed
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(at));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen at " + at + " (" + e.getMessage() + ")", e);
        }
        socket = at;
        return channel;
    }

    private static boolean answers(Path at) {
        try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(at))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptAll() {
        ServerSocketChannel channel = listening;
        int failures = 0;
        while (channel != null && channel.isOpen()) {
            SocketChannel connection;
            try {
                connection = channel.accept();
                failures = 0;
            } catch (ClosedChannelException stopped) {
                return;
            } catch (IOException e) {
                // a passing trouble (too many open files): tried again; one that lasts ends the listening, so that
                // commands run on their own rather than wait for an answer that never comes
                if (++failures < 50) {
                    pause();
                    continue;
                }
                log.warn("Stopped taking commands handed over ({}): they will run on their own", e.getMessage());
                stop();
                return;
            }
            try {
                Thread worker = new Thread(() -> {
                    try {
                        answer(connection);
                    } finally {
                        working.remove(Thread.currentThread());
                    }
                }, "command-handover-" + asked.incrementAndGet());
                worker.setDaemon(true);
                working.add(worker);
                worker.start();
            } catch (RuntimeException | Error noThread) {
                log.warn("Could not take a command handed over: {}", noThread.toString());
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // it is gone either way
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(SocketChannel connection) {
        try (connection) {
            // who asks, from the kernel, before anything they send is read
            String user = CommandHandover.peer(connection);
            Frames frames = new Frames(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(connection))));
            if (!CommandHandover.ownUserOrRoot(user)) {
                log.warn("Refused a command handed over by {}: this server runs as {}", user, serverUser);
                frames.send(CommandHandover.ERR, "oversight: the server running on " + dataDirectory + " runs as "
                        + serverUser + " and does commands for " + serverUser + " only.\n");
                frames.exit(2);
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(new Bounded(
                    Channels.newInputStream(connection), LARGEST_REQUEST)));
            int version = in.readInt();
            if (version != CommandHandover.VERSION) {
                frames.send(CommandHandover.ERR, "oversight: the server running on " + dataDirectory + " is of another"
                        + " version of Safer Schools Oversight. Restart it, or run the command on its own with"
                        + " OVERSIGHT_NO_HANDOVER=1.\n");
                frames.exit(2);
                return;
            }
            Path workingDirectory;
            int terminalColumns;
            String settings;
            List<String> args = new ArrayList<>();
            try {
                workingDirectory = Path.of(in.readUTF());
                terminalColumns = in.readInt();
                settings = in.readUTF();
                int count = in.readInt();
                if (count < 0 || count > MOST_ARGUMENTS || !workingDirectory.isAbsolute()) {
                    throw new IOException("a malformed request");
                }
                for (int i = 0; i < count; i++) {
                    args.add(in.readUTF());
                }
            } catch (IOException | java.nio.file.InvalidPathException malformed) {
                log.warn("Refused a command handed over by {}: {}", user, malformed.getMessage());
                frames.send(CommandHandover.ERR, "oversight: the server running on " + dataDirectory + " could not read"
                        + " the command (" + malformed.getMessage() + "); run it on its own with OVERSIGHT_NO_HANDOVER=1.\n");
                frames.exit(2);
                return;
            }
            if (!settings.equals(CommandHandover.settings(System.getenv()))) {
                frames.alone("oversight: the server running on " + dataDirectory + " has other OVERSIGHT_ settings"
                        + " than this command (its database, key or limits): the command runs on its own.\n");
                return;
            }
            frames.exit(run(args, workingDirectory, terminalColumns, user, frames));
        } catch (IOException e) {
            log.info("A command handed over ended before it was answered: {}", e.getMessage());
        }
    }

    private int run(List<String> args, Path workingDirectory, int terminalColumns, String user, Frames frames) {
        PrintStream errStream = new PrintStream(frames.stream(CommandHandover.ERR), true, StandardCharsets.UTF_8);
        // flushed at each line, as picocli's own are, so that standard output and error arrive in the order written
        PrintWriter out = new PrintWriter(new OutputStreamWriter(frames.stream(CommandHandover.OUT), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(errStream, StandardCharsets.UTF_8), true);
        CommandLine commands = Oversight.withBeansOf(context);
        // each path as the command would have found it from where it was run (not normalised: a link's .. is the
        // kernel's to follow); an @file is never read here (the command line runs such commands on its own)
        commands.registerConverter(Path.class, workingDirectory::resolve);
        commands.setExpandAtFiles(false);
        commands.setOut(out);
        commands.setErr(err);
        String name = String.join(" ", args);
        try {
            ParseResult parsed = commands.parseArgs(args.toArray(String[]::new));
            List<CommandLine> chosen = parsed.asCommandLineList();
            CommandLine leaf = chosen.get(chosen.size() - 1);
            name = String.join(" ", chosen.stream().skip(1).map(CommandLine::getCommandName).toList());
            if (!Oversight.handedOver(leaf.getCommand())) {
                err.println("oversight: a running server does './oversight import' and './oversight audit verify' only,"
                        + " not './oversight " + name + "'.");
                return 2;
            }
            if (leaf.getCommand() instanceof ImportCommand importing) {
                // one column short of the terminal's width, so that a bar never wraps (each redraw returns to the
                // start of its line only)
                importing.showProgressOn(terminalColumns > 0 ? errStream : null, Math.max(20, terminalColumns - 1));
            }
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            log.info("Doing './oversight {}' for {}, handed over from {}", name, user, workingDirectory);
            long started = System.nanoTime();
            int status = Actor.atTheCommandLineAs(user, () -> new CommandLine.RunLast().execute(parsed));
            log.info("Did './oversight {}' for {} in {} ms: exit status {}", name, user,
                    (System.nanoTime() - started) / 1_000_000, status);
            return status;
        } catch (CommandLine.ParameterException e) {
            // as the command line answers a mistake when it runs alone: what was wrong, then the command's usage
            err.println(e.getMessage());
            e.getCommandLine().usage(err);
            return 2;
        } catch (RuntimeException e) {
            log.error("'./oversight {}', handed over by {}, failed", name, user, e);
            err.println("oversight " + name + " failed on the server running on " + dataDirectory + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + " (its log has the details)");
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public void stop() {
        ServerSocketChannel channel = listening;
        if (channel == null) {
            return;
        }
        listening = null;
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", socket, e.getMessage());
        }
        // the commands being done finish before the application (and its database) closes under them
        Instant deadline = Instant.now().plus(FINISHING);
        for (Thread worker : List.copyOf(working)) {
            try {
                worker.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }

    /** A request read no further than its bound: a larger one ends as a malformed request. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(java.io.InputStream in, long bound) {
            super(in);
            left = bound;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new IOException("a request larger than " + LARGEST_REQUEST + " bytes");
            }
            int b = super.read();
            left--;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (left <= 0) {
                throw new IOException("a request larger than " + LARGEST_REQUEST + " bytes");
            }
            int n = super.read(bytes, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** What the server sends back on one connection: text for standard output or error, then the exit status. */
    private static final class Frames {

        private final DataOutputStream to;

        Frames(DataOutputStream to) {
            this.to = to;
        }

        synchronized void send(byte kind, String text) throws IOException {
            for (int start = 0; start < text.length(); ) {
                int end = Math.min(text.length(), start + FRAME_CHARACTERS);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--; // never a pair split between frames
                }
                to.writeByte(kind);
                to.writeUTF(text.substring(start, end));
                start = end;
            }
            to.flush();
        }

        synchronized void alone(String message) throws IOException {
            to.writeByte(CommandHandover.ALONE);
            to.writeUTF(message);
            to.flush();
        }

        synchronized void exit(int status) throws IOException {
            to.writeByte(CommandHandover.EXIT);
            to.writeInt(status);
            to.flush();
        }

        /** A stream whose every write is sent at once as one frame of {@code kind}: PrintStreams write whole characters. */
        OutputStream stream(byte kind) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    send(kind, new String(bytes, offset, length, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
