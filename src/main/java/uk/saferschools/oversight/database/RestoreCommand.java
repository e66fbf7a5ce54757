package uk.saferschools.oversight.database;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./oversight restore FILE}: replaces the embedded database with a backup made by
 * {@code ./oversight backup}, all or nothing ({@link EmbeddedBackups#restore}). Over existing data it
 * asks first; {@code --yes} answers for a script, and without a terminal and without {@code --yes} it
 * refuses. The server must not be running: a restore replaces the whole database under it.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replace the embedded database with a backup made by './oversight backup' (pg_restore), all or nothing.",
                "Asks first when the database already holds data. Stop './oversight serve' first."})
public class RestoreCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The backup file to restore.")
    Path file;

    @Option(names = {"-y", "--yes"}, description = "Replace existing data without asking (for scripts).")
    boolean yes;

    @Option(names = "--data-directory", defaultValue = "${env:OVERSIGHT_DATA_DIRECTORY:-data}",
            description = "Where the embedded database lives (default ${DEFAULT-VALUE}; or OVERSIGHT_DATA_DIRECTORY).")
    Path dataDirectory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Integer refused = EmbeddedDatabaseCommands.refuseAServer(err, "restore");
        if (refused != null) {
            return refused;
        }
        Path source = file.toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            err.println("oversight restore: there is no file " + source + ".");
            return 2;
        }
        if (!Files.isReadable(source)) {
            err.println("oversight restore: cannot read " + source + " (permission denied).");
            return 2;
        }
        EmbeddedDatabaseCommands.quietLogging();
        Instant start = Instant.now();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrConnect(dataDirectory, "restore", true)) {
            if (!server.startedHere()) {
                err.println("oversight restore: the embedded database in " + dataDirectory.toAbsolutePath()
                        + " is in use by " + server.startedBy() + ". A restore replaces the whole database, so stop "
                        + "that server first, then run './oversight restore " + file + "' again.");
                return 3;
            }
            PostgresClientTools tools = EmbeddedDatabaseCommands.tools(server);
            EmbeddedBackups backups = new EmbeddedBackups(server, tools);
            Optional<String> contentsOfBackup = backups.tableOfContents(source);
            if (contentsOfBackup.isEmpty()) {
                err.println("oversight restore: " + source + " is not a backup of Safer Schools Oversight "
                        + "(pg_restore cannot read it as one made by './oversight backup'). Nothing was changed.");
                return 2;
            }
            EmbeddedBackups.Contents existing = backups.contents(EmbeddedBackups.DATABASE);
            if (!existing.empty() && !yes) {
                String question = "The embedded database in " + dataDirectory.toAbsolutePath() + " already holds data ("
                        + existing.describe() + "). Restoring " + source + " replaces all of it. Replace it? [y/N] ";
                Console console = System.console();
                if (console == null) {
                    err.println("oversight restore: the embedded database in " + dataDirectory.toAbsolutePath()
                            + " already holds data (" + existing.describe() + "), which the restore would replace. "
                            + "Nothing was changed. Run it at a terminal to be asked, or add --yes to replace it.");
                    return 1;
                }
                out.print(question);
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                    out.println("Not restored: the embedded database is unchanged.");
                    return 1;
                }
            }
            out.println("Restoring " + source + " into the embedded database in " + dataDirectory.toAbsolutePath()
                    + " with " + tools.pgRestore() + " ...");
            out.flush();
            backups.restore(source);
            EmbeddedBackups.Contents restored = backups.contents(EmbeddedBackups.DATABASE);
            out.printf("Restored %s (%s) in %.1f s%s.%n", source, restored.describe(),
                    Duration.between(start, Instant.now()).toMillis() / 1000.0,
                    existing.empty() ? "" : "; the data it replaced is gone");
            out.println("Check it with: ./oversight audit verify");
            return 0;
        } catch (RuntimeException e) {
            return EmbeddedDatabaseCommands.explain(err, "restore", e);
        } catch (IOException | SQLException e) {
            err.println("oversight restore: " + e.getMessage() + "\nNothing was changed: the embedded database is as it was.");
            return 1;
        }
    }
}
