package uk.saferschools.oversight.database;

import java.io.PrintWriter;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** What {@link BackupCommand} and {@link RestoreCommand} share: the plain refusals and the tools. */
final class EmbeddedDatabaseCommands {

    private EmbeddedDatabaseCommands() {
    }

    /** With OVERSIGHT_DATABASE_URL set, the data is on a PostgreSQL server: its own tools back it up. */
    static Integer refuseAServer(PrintWriter err, String command) {
        String url = System.getenv("OVERSIGHT_DATABASE_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        err.println("oversight " + command + ": works on the embedded database, and OVERSIGHT_DATABASE_URL names a "
                + "PostgreSQL server (" + DatabaseConfiguration.withoutCredentials(url) + "). Back up and restore a server "
                + "with its own pg_dump and pg_restore, as docs/operations/backup-and-restore.md describes.");
        return 2;
    }

    static PostgresClientTools tools(EmbeddedPostgresServer server) {
        return PostgresClientTools.find(System.getenv(PostgresClientTools.BIN_VARIABLE), server.binDirectory(),
                server.majorVersion());
    }

    /** The busy database and missing tools are said plainly (exit status 3 and 1); anything else is rethrown. */
    static int explain(PrintWriter err, String command, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EmbeddedDatabaseBusyException busy) {
                err.println(busy.getMessage());
                return 3;
            }
            if (cause instanceof PostgresClientTools.MissingClientToolsException missing) {
                err.println("oversight " + command + ": " + missing.getMessage());
                return 1;
            }
        }
        throw e;
    }

    /**
     * These commands run without Spring Boot, whose logging settings would otherwise keep the driver's and
     * zonky's debug lines off the terminal.
     */
    static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.UK, "%.0f kB", bytes / 1024.0);
        }
        return String.format(Locale.UK, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
