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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

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

    /**
     * The role that owns the database, its tables and the other objects, and runs the migrations. The
     * embedded server lets local connections in without a password, as before.
     */
    public static final String OWNER_ROLE = "oversight_owner";
    /** The role the application's connections use: it owns nothing and has only the grants of
     * {@code db/migration/afterMigrate__application_role_grants.sql}. */
    public static final String APPLICATION_ROLE = "oversight_app";

    /** The command whose server other processes may share: it runs until stopped. */
    public static final String SHAREABLE_COMMAND = "serve";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String OWNER_FILE = "postgres.owner";
    private static final String START_LOCK_FILE = "postgres.start.lock";

    private final Path dataDirectory;
    private final int port;
    private final EmbeddedPostgres startedHere;
    private final String startedBy;

    private EmbeddedPostgresServer(Path dataDirectory, int port, EmbeddedPostgres startedHere, String startedBy) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.startedHere = startedHere;
        this.startedBy = startedBy;
    }

    /**
     * Starts the server on {@code dataDirectory/postgres}, or connects to the one another process
     * started there.
     *
     * @param command the oversight command asking, recorded in the owner file
     * @param durable whether to keep PostgreSQL's crash safety (fsync); off only for throwaway test data
     */
    public static EmbeddedPostgresServer startOrConnect(Path dataDirectory, String command, boolean durable) {
        if (durable) {
            Optional<EmbeddedPostgresServer> begun = takeEarlyStart(dataDirectory, command);
            if (begun.isPresent()) {
                return begun.get();
            }
        }
        return startOrConnectNow(dataDirectory, command, durable);
    }

    private static EmbeddedPostgresServer startOrConnectNow(Path dataDirectory, String command, boolean durable) {
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

    /** A start begun by {@link #startEarly}, with the directory and command it was begun for. */
    private record EarlyStart(Path dataDirectory, String command, CompletableFuture<EmbeddedPostgresServer> server) {
    }

    private static final AtomicReference<EarlyStart> early = new AtomicReference<>();

    /**
     * Begins starting the server on an existing installation's {@code dataDirectory} in the background, while the
     * application context is made (issue 17: PostgreSQL's own start takes a second or two, which a command then waits
     * for once instead of after everything else). {@link #startOrConnect} with the same directory and command takes
     * the result, or its failure. Does nothing where there is no installation yet: a first start (which creates the
     * database files) stays where it was, in {@link #startOrConnect}, so nothing is ever created in a directory the
     * configuration then does not name. A server begun here and never taken is stopped when the JVM ends.
     */
    public static void startEarly(Path dataDirectory, String command) {
        if (!Files.exists(dataDirectory.resolve("postgres").resolve("postgresql.conf"))) {
            return;
        }
        EarlyStart start = new EarlyStart(dataDirectory.toAbsolutePath().normalize(), command, new CompletableFuture<>());
        if (!early.compareAndSet(null, start)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                start.server().complete(startOrConnectNow(dataDirectory, command, true));
            } catch (Throwable e) {
                start.server().completeExceptionally(e);
            }
        }, "embedded-postgresql-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** The server {@link #startEarly} began for this directory and command, waiting for it; empty if none was. */
    private static Optional<EmbeddedPostgresServer> takeEarlyStart(Path dataDirectory, String command) {
        EarlyStart start = early.get();
        if (start == null || !start.dataDirectory().equals(dataDirectory.toAbsolutePath().normalize())
                || !start.command().equals(command) || !early.compareAndSet(start, null)) {
            return Optional.empty();
        }
        try {
            return Optional.of(start.server().join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
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
        return new EmbeddedPostgresServer(dataDirectory, owner.port(), null,
                "'./oversight " + owner.command() + "' (process " + owner.pid() + ")");
    }

    private static EmbeddedPostgresServer start(Path dataDirectory, String command, boolean durable) throws IOException {
        Path postgresData = dataDirectory.resolve("postgres");
        boolean first = !Files.exists(postgresData.resolve("postgresql.conf"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(postgresData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                // Nothing replicates from or archives the embedded database (backups are pg_dump's, ADR 0019), so
                // its write-ahead log need only make it crash-safe: a table made in the transaction that fills it,
                // as each import's is (V29), is then synced once at commit instead of logged row by row.
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                // a query over all the records (pg_dump's among them) locks every import's table (ADR 0022)
                .setServerConfig("max_locks_per_transaction", "256")
                // Not zonky's own JVM hook, which stops the server beside the application's shutdown, while
                // its contexts (a scheduler, the event registry) still read the database: stopped below instead.
                .setRegisterShutdownHook(false);
        if (durable) {
            // zonky starts PostgreSQL with -F (fsync off), which is fine for tests and not for data we keep.
            builder.setServerConfig("fsync", "on").setServerConfig("full_page_writes", "on");
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("{} the embedded PostgreSQL in {} on port {}", first ? "Created and started" : "Started",
                postgresData.toAbsolutePath(), postgres.getPort());
        new Owner(ProcessHandle.current().pid(), postgres.getPort(), command).write(dataDirectory.resolve(OWNER_FILE));
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, postgres.getPort(), postgres,
                "'./oversight " + command + "' (process " + ProcessHandle.current().pid() + ")");
        // When the JVM stops, after every application context has closed (Spring Boot's shutdown handlers run
        // once the contexts are closed, and register the JVM hook themselves if no context has).
        SpringApplication.getShutdownHandlers().add(server::close);
        return server;
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
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
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

    private boolean stopped;

    /** Whether this process started the server (and so will stop it on close). */
    public boolean startedHere() {
        return startedHere != null;
    }

    /** Which oversight command and process started the server, as the busy messages name them. */
    public String startedBy() {
        return startedBy;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's major version, e.g. 18 (pg_dump must be at least as new). */
    public int majorVersion() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
             ResultSet rs = connection.createStatement().executeQuery("show server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not ask the embedded PostgreSQL its version", e);
        }
    }

    /**
     * The directory of the running server's own {@code postgres} (where zonky unpacked its bundle), read
     * from the process named in {@code postmaster.pid}.
     */
    public Optional<Path> binDirectory() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postgres").resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(Path::of).map(Path::getParent);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The superuser, which sets the server up; the application itself never connects as it. */
    public String user() {
        return "postgres";
    }

    /**
     * Creates the database when it does not exist yet, owned by {@link #OWNER_ROLE}, and creates the
     * two roles (see {@link #OWNER_ROLE} and {@link #APPLICATION_ROLE}) when they do not exist yet.
     * A database made before these roles existed (its tables owned by the superuser) is handed over to
     * the owner role, so that the migrations, which run as that role, can change those tables.
     */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user(), "")) {
            ensureRole(connection, OWNER_ROLE);
            ensureRole(connection, APPLICATION_ROLE);
            var exists = connection.prepareStatement("select pg_get_userbyid(datdba) from pg_database where datname = ?");
            exists.setString(1, database);
            ResultSet owner = exists.executeQuery();
            if (!owner.next()) {
                connection.createStatement().execute("create database " + database + " owner " + OWNER_ROLE);
            } else if (!OWNER_ROLE.equals(owner.getString(1))) {
                connection.createStatement().execute("alter database " + database + " owner to " + OWNER_ROLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + database + " in the embedded PostgreSQL", e);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), user(), "")) {
            connection.createStatement().execute(HAND_OVER_TO_THE_OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not give the tables of " + database + " to " + OWNER_ROLE, e);
        }
    }

    /**
     * Roles belong to the whole server, which tests share between application contexts, so two may
     * try to create the same role at once: the loser's error is harmless.
     */
    private static void ensureRole(Connection connection, String role) throws SQLException {
        connection.createStatement().execute("""
                do $$ begin
                    if not exists (select from pg_roles where rolname = '%1$s') then
                        create role %1$s login nosuperuser nocreatedb nocreaterole noinherit;
                    end if;
                exception when duplicate_object or unique_violation then null;
                end $$""".formatted(role));
    }

    /**
     * Everything in the public schema still owned by the superuser (databases made by earlier versions,
     * whose migrations ran as the superuser) goes to the owner role. Sequences of serial and identity
     * columns, indexes and row types move with their tables.
     */
    private static final String HAND_OVER_TO_THE_OWNER = """
            do $$
            declare
                item record;
            begin
                for item in
                    select c.oid::regclass as name, case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                           when 'f' then 'foreign table' else 'table' end as kind
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
                      and c.relowner = 'postgres'::regrole
                loop
                    execute format('alter %s %s owner to OWNER', item.kind, item.name);
                end loop;
                for item in
                    select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind = 'S' and c.relowner = 'postgres'::regrole
                loop
                    execute format('alter sequence %s owner to OWNER', item.name);
                end loop;
                for item in
                    select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname = 'public' and p.proowner = 'postgres'::regrole
                loop
                    execute format('alter routine %s owner to OWNER', item.name);
                end loop;
                for item in
                    select t.oid::regtype as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
                    left join pg_class c on c.oid = t.typrelid
                    where n.nspname = 'public' and t.typowner = 'postgres'::regrole and t.typelem = 0
                      and (t.typtype in ('e', 'd', 'r') or c.relkind = 'c')
                loop
                    execute format('alter type %s owner to OWNER', item.name);
                end loop;
            end $$""".replace("OWNER", OWNER_ROLE);

    @Override
    public synchronized void close() {
        if (startedHere == null || stopped) {
            return;
        }
        stopped = true;
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
