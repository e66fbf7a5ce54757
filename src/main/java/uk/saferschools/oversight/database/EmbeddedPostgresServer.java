package uk.saferschools.oversight.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server whose data lives in a directory of ours and survives restarts.
 *
 * <p>Several oversight processes may want the same data directory (for example {@code serve} and
 * {@code audit verify}). PostgreSQL itself allows one server per data directory, so the first
 * process starts the server and writes an owner file naming its process, command and port. A later
 * process reads that file: when the owner is {@code serve} (long-running) it connects to the running
 * server; when the owner is a short command it refuses with a message saying what to wait for,
 * because that server will stop when the command ends.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The command whose server other processes may share: it runs until stopped. */
    public static final String SHAREABLE_COMMAND = "serve";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String OWNER_FILE = "postgres.owner";
    private static final String START_LOCK_FILE = "postgres.start.lock";

    private final Path dataDirectory;
    private final int port;
    private final EmbeddedPostgres startedHere;

    private EmbeddedPostgresServer(Path dataDirectory, int port, EmbeddedPostgres startedHere) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.startedHere = startedHere;
    }

    /**
     * Starts the server on {@code dataDirectory/postgres}, or connects to the one another process
     * started there.
     *
     * @param command the oversight command asking, recorded in the owner file
     * @param durable whether to keep PostgreSQL's crash safety (fsync); off only for throwaway test data
     */
    public static EmbeddedPostgresServer startOrConnect(Path dataDirectory, String command, boolean durable) {
        try {
            Files.createDirectories(dataDirectory);
            try (FileChannel channel = FileChannel.open(dataDirectory.resolve(START_LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Optional<Owner> owner = Owner.read(dataDirectory.resolve(OWNER_FILE));
                if (owner.isPresent() && owner.get().isAlive() && accepts(owner.get().port())) {
                    return connectTo(dataDirectory, owner.get(), command);
                }
                stopOrphanedServer(dataDirectory.resolve("postgres"));
                return start(dataDirectory, command, durable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses early, before anything else starts, when {@link #startOrConnect} would refuse; the same
     * check is made again when the server is really wanted.
     */
    public static void refuseIfBusy(Path dataDirectory, String command) {
        try {
            Optional<Owner> owner = Owner.read(dataDirectory.resolve(OWNER_FILE));
            if (owner.isPresent() && owner.get().isAlive() && accepts(owner.get().port())) {
                connectTo(dataDirectory, owner.get(), command);
            }
        } catch (IOException e) {
            // unreadable owner file: startOrConnect decides
        }
    }

    private static EmbeddedPostgresServer connectTo(Path dataDirectory, Owner owner, String command) {
        if (!SHAREABLE_COMMAND.equals(owner.command())) {
            throw new EmbeddedDatabaseBusyException("The embedded database in " + dataDirectory.toAbsolutePath()
                    + " is in use by './oversight " + owner.command() + "' (process " + owner.pid()
                    + "). Wait for that command to finish, then run './oversight " + command + "' again.");
        }
        log.info("Using the embedded PostgreSQL already started by './oversight {}' (process {}) on port {}",
                owner.command(), owner.pid(), owner.port());
        return new EmbeddedPostgresServer(dataDirectory, owner.port(), null);
    }

    private static EmbeddedPostgresServer start(Path dataDirectory, String command, boolean durable) throws IOException {
        Path postgresData = dataDirectory.resolve("postgres");
        boolean first = !Files.exists(postgresData.resolve("postgresql.conf"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(postgresData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost");
        if (durable) {
            // zonky starts PostgreSQL with -F (fsync off), which is fine for tests and not for data we keep.
            builder.setServerConfig("fsync", "on").setServerConfig("full_page_writes", "on");
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("{} the embedded PostgreSQL in {} on port {}", first ? "Created and started" : "Started",
                postgresData.toAbsolutePath(), postgres.getPort());
        new Owner(ProcessHandle.current().pid(), postgres.getPort(), command).write(dataDirectory.resolve(OWNER_FILE));
        return new EmbeddedPostgresServer(dataDirectory, postgres.getPort(), postgres);
    }

    /**
     * A server whose owner was killed (not stopped) keeps running and keeps its data directory locked;
     * stop it cleanly (SIGTERM is PostgreSQL's "smart" shutdown) before starting our own.
     */
    private static void stopOrphanedServer(Path postgresData) throws IOException {
        Path pidFile = postgresData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("Stopping an embedded PostgreSQL (process {}) left running by an oversight process that ended abruptly", pid);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL process " + pid + " left running in " + postgresData.toAbsolutePath()
                    + " did not stop; stop it by hand and try again", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** Whether this process started the server (and so will stop it on close). */
    public boolean startedHere() {
        return startedHere != null;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    /** Creates the database when it does not exist yet. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user(), "")) {
            var exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + database + " in the embedded PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        if (startedHere == null) {
            return;
        }
        try {
            Files.deleteIfExists(dataDirectory.resolve(OWNER_FILE));
            startedHere.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly", e);
        }
    }

    record Owner(long pid, int port, String command) {

        static Optional<Owner> read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
            try {
                return Optional.of(new Owner(Long.parseLong(properties.getProperty("pid")),
                        Integer.parseInt(properties.getProperty("port")), properties.getProperty("command", "?")));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean isAlive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        void write(Path file) throws IOException {
            Properties properties = new Properties();
            properties.setProperty("pid", Long.toString(pid));
            properties.setProperty("port", Integer.toString(port));
            properties.setProperty("command", command);
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "The oversight process running the embedded PostgreSQL, since " + Instant.now());
            }
        }
    }
}
