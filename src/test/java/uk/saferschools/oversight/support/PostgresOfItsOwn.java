package uk.saferschools.oversight.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;

/**
 * An embedded PostgreSQL for one test class alone, which the test can stop and start again on the same
 * port and data directory, as an operator restarts a database server. Made by the product's own
 * {@link EmbeddedPostgresServer} (the same binaries, roles and database {@code oversight} as the
 * application's embedded server), then run here as a child process, so that it can be stopped with
 * PostgreSQL's own shutdown signals: SIGINT ("fast": the connections are cut, the transactions open are
 * rolled back) or SIGQUIT ("immediate": as a crash, recovered from the WAL at the next start).
 *
 * <p>With {@link #withSmallDisk}, the server runs in a mount namespace of its own with a tmpfs of the
 * given size mounted on {@link #smallDisk()}: a real file system that really fills (ENOSPC), for a
 * tablespace and for whatever else a test puts there. Only the server's processes see that mount;
 * this JVM reaches it through {@code /proc/<postmaster>/root} ({@link #onSmallDisk}). This needs
 * {@code unshare --user --map-root-user --mount} (util-linux) and user namespaces, which a Debian CI
 * machine running as root, and most developers' Linux machines, allow; where they are not allowed,
 * {@link #start} fails with the reason rather than letting the test pass without a full disk.
 */
public final class PostgresOfItsOwn implements AutoCloseable {

    public static final String DATABASE = "oversight";

    private final Path directory;
    private final Path data;
    private final Path binaries;
    private final int port;
    private final List<String> options;
    private final String smallDiskSize;
    /** Holds the mount namespace with the small disk, so that the disk outlives a restart of the server. */
    private Process smallDiskHolder;
    private Process postmaster;

    private PostgresOfItsOwn(Path directory, Path binaries, int port, List<String> options, String smallDiskSize) {
        this.directory = directory;
        this.data = directory.resolve("postgres");
        this.binaries = binaries;
        this.port = port;
        this.options = options;
        this.smallDiskSize = smallDiskSize;
    }

    /** A server of its own, in a new temporary directory. */
    public static PostgresOfItsOwn start() {
        return create(null).startAgain();
    }

    /** A server of its own whose {@link #smallDisk()} is a tmpfs of {@code size} (as mount's size=, e.g. 16m). */
    public static PostgresOfItsOwn withSmallDisk(String size) {
        return create(size).startAgain();
    }

    private static PostgresOfItsOwn create(String smallDiskSize) {
        try {
            Path directory = Files.createTempDirectory("oversight-own-db");
            EmbeddedPostgresServer made = EmbeddedPostgresServer.startOrConnect(directory, "test", false);
            made.ensureDatabase(DATABASE);
            Path binaries = made.binDirectory().orElseThrow(() -> new IllegalStateException(
                    "Could not tell where the embedded PostgreSQL's binaries are"));
            // the options zonky started it with (port, fsync off, listen_addresses...), to start it the same way
            List<String> options = quoted(Files.readString(directory.resolve("postgres").resolve("postmaster.opts")));
            int port = made.port();
            made.close();
            if (smallDiskSize != null) {
                Files.createDirectories(directory.resolve("small-disk"));
            }
            return new PostgresOfItsOwn(directory, binaries, port, options.subList(1, options.size()), smallDiskSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> quoted(String commandLine) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(commandLine);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The postmaster's process, while it runs. */
    public long pid() {
        return postmaster.pid();
    }

    /** Where the small disk is mounted, as the server sees it (a tablespace's location). */
    public Path smallDisk() {
        return directory.resolve("small-disk");
    }

    /** A path on the small disk as this JVM reaches it, through the mount namespace that holds it. */
    public Path onSmallDisk(String relative) {
        return Path.of("/proc", Long.toString(smallDiskHolder.pid()), "root").resolve(smallDisk().toString().substring(1))
                .resolve(relative);
    }

    /**
     * Mounts the small disk in a new user and mount namespace, held by a process that waits on its input (so
     * that it ends with this JVM).
     */
    private void mountTheSmallDisk() throws IOException {
        smallDiskHolder = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=" + smallDiskSize + ",mode=0700 oversight-small-disk '" + smallDisk()
                        + "' && echo mounted && exec cat").redirectErrorStream(true).start();
        String said = new java.io.BufferedReader(new java.io.InputStreamReader(smallDiskHolder.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        said = said == null ? "(nothing)" : said;
        if (!said.startsWith("mounted")) {
            smallDiskHolder.destroy();
            throw new IllegalStateException("Could not make the small disk with 'unshare --user --map-root-user --mount' "
                    + "and 'mount -t tmpfs' (user namespaces must be allowed; util-linux must be installed): " + said.trim());
        }
    }

    /**
     * Bytes free on the small disk, from statfs(2) (Java's own FileStore looks the mount up in this process's
     * mount table, where it is not).
     */
    public long freeOnSmallDisk() {
        try {
            Process stat = new ProcessBuilder("stat", "-f", "-c", "%a %S", onSmallDisk("").toString()).redirectErrorStream(true).start();
            String[] answer = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
            if (stat.waitFor() != 0 || answer.length != 2) {
                throw new IllegalStateException("stat -f could not tell the free space on the small disk: " + String.join(" ", answer));
            }
            return Long.parseLong(answer[0]) * Long.parseLong(answer[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server (again), on the same port and data directory; returns once it takes connections. */
    public PostgresOfItsOwn startAgain() {
        List<String> command = new ArrayList<>();
        if (smallDiskSize != null) {
            try {
                if (smallDiskHolder == null) {
                    mountTheSmallDisk();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // into the namespace that holds the small disk, as its root (our own user outside)
            command.addAll(List.of("nsenter", "--target", Long.toString(smallDiskHolder.pid()), "--user", "--mount"));
        }
        if (isRoot() || smallDiskSize != null) {
            // PostgreSQL will not run as root: as zonky does, in a user namespace where it is nobody
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("postgres").toString());
        command.addAll(options);
        try {
            Path log = directory.resolve("postgres.log");
            postmaster = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!accepts()) {
                if (!postmaster.isAlive()) {
                    throw new IllegalStateException("The test's own PostgreSQL did not start (" + String.join(" ", command)
                            + "): " + tail(log));
                }
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("The test's own PostgreSQL did not take connections within a minute: "
                            + tail(log));
                }
                Thread.sleep(20);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL's fast shutdown (SIGINT): every connection is cut; returns once the server has stopped. */
    public void stopFast() {
        stop("INT");
    }

    /** PostgreSQL's immediate shutdown (SIGQUIT), as a crash: the next start recovers from the WAL. */
    public void stopImmediately() {
        stop("QUIT");
    }

    private void stop(String signal) {
        if (postmaster == null || !postmaster.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(postmaster.pid())).inheritIO().start().waitFor();
            if (!postmaster.waitFor(60, TimeUnit.SECONDS)) {
                postmaster.destroyForcibly();
                throw new IllegalStateException("The test's own PostgreSQL did not stop within a minute of SIG" + signal);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean accepts() {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A connection as the superuser, for what the test sets up (a tablespace) or checks behind the application. */
    public Connection superuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /**
     * Adds an account that signs in with {@code password} and holds {@code roles}, straight into the database
     * (a test of its own database has no demonstration accounts), unless there is one of that name already.
     */
    public void addAccount(PasswordEncoder encoder, String username, String password, String... roles) throws SQLException {
        try (Connection db = superuser()) {
            var exists = db.prepareStatement("select 1 from account where username = ?");
            exists.setString(1, username);
            if (exists.executeQuery().next()) {
                return;
            }
            var account = db.prepareStatement("insert into account (username, display_name, password_hash, demonstration, "
                    + "created_by) values (?, ?, ?, false, 'test') returning id");
            account.setString(1, username);
            account.setString(2, "Test account " + username);
            account.setString(3, encoder.encode(password));
            try (var id = account.executeQuery()) {
                id.next();
                for (String role : roles) {
                    var grant = db.prepareStatement("insert into account_role (account_id, role, granted_by) values (?, ?, 'test')");
                    grant.setLong(1, id.getLong(1));
                    grant.setString(2, role);
                    grant.executeUpdate();
                }
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        stopFast();
        if (smallDiskHolder != null) {
            smallDiskHolder.destroy();
        }
        try (var files = Files.walk(directory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: left for the system to clear
        }
    }
}
