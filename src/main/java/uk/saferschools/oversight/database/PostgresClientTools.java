package uk.saferschools.oversight.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own {@code pg_dump} and {@code pg_restore}, of a major version no older than the server's
 * (pg_dump refuses a newer server). The embedded binaries (zonky's bundle) hold only {@code initdb},
 * {@code pg_ctl} and {@code postgres}, so the tools are looked for, in this order: the directory
 * {@code OVERSIGHT_PG_BIN} names (and only there, when it is set); beside the embedded server's own
 * {@code postgres}, should a later bundle carry them; the usual places of PostgreSQL's packages
 * ({@code /usr/lib/postgresql/N/bin}, {@code /usr/pgsql-N/bin}), of its source build
 * ({@code /usr/local/pgsql/bin}); and the PATH. See docs/adr/0019-backup-and-restore.md.
 *
 * @param pgDump    the pg_dump to run
 * @param pgRestore the pg_restore beside it
 * @param major     their major version
 */
public record PostgresClientTools(Path pgDump, Path pgRestore, int major) {

    public static final String BIN_VARIABLE = "OVERSIGHT_PG_BIN";

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    /**
     * Finds the tools for a server of {@code serverMajor}, or says plainly what was found and what to do.
     *
     * @param configured the value of {@code OVERSIGHT_PG_BIN} (blank: look in the usual places)
     * @param embeddedBin the embedded server's bin directory, when known
     */
    public static PostgresClientTools find(String configured, Optional<Path> embeddedBin, int serverMajor) {
        List<Path> directories = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            directories.add(Path.of(configured));
        } else {
            embeddedBin.ifPresent(directories::add);
            directories.addAll(packaged(Path.of("/usr/lib/postgresql"), ""));
            directories.addAll(packaged(Path.of("/usr"), "pgsql-"));
            directories.add(Path.of("/usr/local/pgsql/bin"));
            String path = System.getenv("PATH");
            if (path != null) {
                for (String entry : path.split(java.io.File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        directories.add(Path.of(entry));
                    }
                }
            }
        }
        List<String> tooOld = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path directory : directories) {
            Path pgDump = directory.resolve("pg_dump");
            Path pgRestore = directory.resolve("pg_restore");
            if (!seen.add(directory.toAbsolutePath().normalize()) || !Files.isExecutable(pgDump)
                    || !Files.isExecutable(pgRestore)) {
                continue;
            }
            Optional<Integer> major = majorVersion(pgDump);
            if (major.isEmpty()) {
                continue;
            }
            if (major.get() >= serverMajor) {
                return new PostgresClientTools(pgDump, pgRestore, major.get());
            }
            tooOld.add(pgDump + " (PostgreSQL " + major.get() + ")");
        }
        String where = configured != null && !configured.isBlank()
                ? "in " + BIN_VARIABLE + " (" + configured + ")"
                : "beside the embedded server, in /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, /usr/local/pgsql/bin or on the PATH";
        throw new MissingClientToolsException("pg_dump and pg_restore of PostgreSQL " + serverMajor
                + " or newer are needed (the embedded database is PostgreSQL " + serverMajor
                + ", and its bundle does not include them), and none were found " + where
                + (tooOld.isEmpty() ? "" : "; only older ones: " + String.join(", ", tooOld)) + ". Install the "
                + "PostgreSQL " + serverMajor + " client tools (for example the package postgresql-client-" + serverMajor
                + ") and set " + BIN_VARIABLE + " to the directory holding pg_dump and pg_restore if they are not found "
                + "there: see docs/operations/backup-and-restore.md.");
    }

    /** {@code /usr/lib/postgresql/18/bin} and the like, newest first. */
    private static List<Path> packaged(Path parent, String prefix) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "[0-9]*")) {
            for (Path entry : entries) {
                found.add(entry.resolve("bin"));
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(Comparator.comparing((Path p) -> numberIn(p.getParent().getFileName().toString())).reversed());
        return found;
    }

    private static int numberIn(String name) {
        Matcher digits = Pattern.compile("(\\d+)").matcher(name);
        return digits.find() ? Integer.parseInt(digits.group(1)) : 0;
    }

    private static Optional<Integer> majorVersion(Path pgDump) {
        try {
            Process process = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            Matcher version = VERSION.matcher(output);
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** No pg_dump and pg_restore new enough were found; the message says what to install. */
    public static class MissingClientToolsException extends RuntimeException {
        MissingClientToolsException(String message) {
            super(message);
        }
    }
}
