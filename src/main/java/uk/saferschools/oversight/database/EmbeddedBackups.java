package uk.saferschools.oversight.database;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Backs up and restores the embedded database with PostgreSQL's own pg_dump (custom format) and
 * pg_restore (docs/adr/0019-backup-and-restore.md). A backup holds the one database {@code oversight}:
 * its tables, rows, sequences, triggers, functions, owners and grants. The two roles (ADR 0013) belong to
 * the server, not the database, so they are not in it; the embedded server makes them on every start,
 * before a restore, and the restored grants name them.
 *
 * <p>A restore is all or nothing: it goes into a fresh database beside the current one, in one
 * transaction that stops at the first error, and only then are the two swapped by renaming, both renames
 * in one transaction. Until that moment the current database is untouched.
 */
final class EmbeddedBackups {

    static final String DATABASE = DatabaseConfiguration.EMBEDDED_DATABASE;
    static final String RESTORING = DATABASE + "_restoring";
    static final String REPLACED = DATABASE + "_replaced";

    private final EmbeddedPostgresServer server;
    private final PostgresClientTools tools;

    EmbeddedBackups(EmbeddedPostgresServer server, PostgresClientTools tools) {
        this.server = server;
        this.tools = tools;
    }

    /** What a database holds, in a line: its tables and audit entries (blank when it has no tables). */
    record Contents(int tables, long auditEntries) {
        boolean empty() {
            return tables == 0;
        }

        String describe() {
            return tables + " tables, " + auditEntries + (auditEntries == 1 ? " audit entry" : " audit entries");
        }
    }

    Contents contents(String database) throws SQLException {
        if (!exists(database)) {
            return new Contents(0, 0);
        }
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.user(), "");
             Statement statement = connection.createStatement()) {
            ResultSet tables = statement.executeQuery(
                    "select count(*) from pg_tables where schemaname = 'public'");
            tables.next();
            int count = tables.getInt(1);
            long audit = 0;
            ResultSet hasAudit = statement.executeQuery("select to_regclass('public.audit_entry') is not null");
            hasAudit.next();
            if (hasAudit.getBoolean(1)) {
                ResultSet entries = statement.executeQuery("select count(*) from audit_entry");
                entries.next();
                audit = entries.getLong(1);
            }
            return new Contents(count, audit);
        }
    }

    boolean exists(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "")) {
            var query = connection.prepareStatement("select 1 from pg_database where datname = ?");
            query.setString(1, database);
            return query.executeQuery().next();
        }
    }

    /** Writes the backup beside {@code file} first and moves it into place only once pg_dump has succeeded. */
    void backup(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
        try {
            run(List.of(tools.pgDump().toString(), "--format=custom", "--file=" + partial,
                    "--host=localhost", "--port=" + server.port(), "--username=" + server.user(), "--no-password",
                    "--dbname=" + DATABASE), "pg_dump");
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * The table of contents of {@code file}, or empty when it is not a pg_dump archive of this product
     * (pg_restore cannot read it, or it has no audit trail or Flyway history).
     */
    Optional<String> tableOfContents(Path file) throws IOException {
        Process process = new ProcessBuilder(tools.pgRestore().toString(), "--list", file.toString())
                .redirectErrorStream(true).start();
        String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!waitFor(process) || process.exitValue() != 0) {
            return Optional.empty();
        }
        if (!listing.contains("TABLE public audit_entry ") || !listing.contains("TABLE public flyway_schema_history ")) {
            return Optional.empty();
        }
        return Optional.of(listing);
    }

    /** Restores {@code file} into a fresh database, then swaps it for the current one. */
    void restore(Path file) throws IOException, SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "");
             Statement statement = connection.createStatement()) {
            // left by a restore that stopped midway
            statement.execute("drop database if exists " + RESTORING);
            statement.execute("drop database if exists " + REPLACED);
        }
        // made owned by the owner role, with both roles present, as every embedded database is
        server.ensureDatabase(RESTORING);
        try {
            run(List.of(tools.pgRestore().toString(), "--single-transaction", "--exit-on-error",
                    "--host=localhost", "--port=" + server.port(), "--username=" + server.user(), "--no-password",
                    "--dbname=" + RESTORING, file.toString()), "pg_restore");
        } catch (IOException | RuntimeException e) {
            dropQuietly(RESTORING);
            throw e;
        }
        boolean current = exists(DATABASE);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "")) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (current) {
                    statement.execute("alter database " + DATABASE + " rename to " + REPLACED);
                }
                statement.execute("alter database " + RESTORING + " rename to " + DATABASE);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                dropQuietly(RESTORING);
                throw e;
            }
            connection.setAutoCommit(true);
            if (current) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("drop database " + REPLACED);
                }
            }
        }
    }

    private void dropQuietly(String database) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + database);
        } catch (SQLException ignored) {
            // the next restore drops it first
        }
    }

    /** Runs a PostgreSQL tool; on failure, the exception carries what it said. */
    private static void run(List<String> command, String name) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!waitFor(process)) {
            process.destroyForcibly();
            throw new IOException(name + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(name + " failed (exit status " + process.exitValue() + ")"
                    + (said.isEmpty() ? "" : ":\n" + said));
        }
    }

    private static boolean waitFor(Process process) throws IOException {
        try {
            return process.waitFor(6, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted", e);
        }
    }
}
