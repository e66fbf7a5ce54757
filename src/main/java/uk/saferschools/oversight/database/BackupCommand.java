package uk.saferschools.oversight.database;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./oversight backup FILE}: the embedded database to one file, by pg_dump in its custom format.
 * While {@code ./oversight serve} runs on the same data, the backup is taken from its server as it runs
 * (pg_dump reads one consistent snapshot); otherwise this command starts the server, backs up and stops it.
 * Works without the application: nothing in Spring is needed.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the embedded database to FILE (pg_dump, custom format), even while './oversight serve' runs.",
                "For a PostgreSQL server, see docs/operations/backup-and-restore.md."})
public class BackupCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The backup file to write; it must not exist yet.")
    Path file;

    @Option(names = "--data-directory", defaultValue = "${env:OVERSIGHT_DATA_DIRECTORY:-data}",
            description = "Where the embedded database lives (default ${DEFAULT-VALUE}; or OVERSIGHT_DATA_DIRECTORY).")
    Path dataDirectory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Integer refused = EmbeddedDatabaseCommands.refuseAServer(err, "backup");
        if (refused != null) {
            return refused;
        }
        Path target = file.toAbsolutePath();
        if (Files.exists(target)) {
            err.println("oversight backup: " + target + " already exists: choose another name, or move it away first.");
            return 2;
        }
        Path folder = target.getParent();
        if (!Files.isDirectory(folder)) {
            err.println("oversight backup: there is no folder " + folder + " to write the backup in.");
            return 2;
        }
        if (!Files.isWritable(folder)) {
            err.println("oversight backup: cannot write in " + folder + " (permission denied).");
            return 2;
        }
        if (!Files.exists(dataDirectory.resolve("postgres").resolve("PG_VERSION"))) {
            err.println("oversight backup: there is no embedded database in " + dataDirectory.toAbsolutePath()
                    + " to back up. (Set OVERSIGHT_DATA_DIRECTORY if it is elsewhere.)");
            return 2;
        }
        EmbeddedDatabaseCommands.quietLogging();
        Instant start = Instant.now();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrConnect(dataDirectory, "backup", true)) {
            PostgresClientTools tools = EmbeddedDatabaseCommands.tools(server);
            EmbeddedBackups backups = new EmbeddedBackups(server, tools);
            EmbeddedBackups.Contents contents = backups.contents(EmbeddedBackups.DATABASE);
            if (contents.empty()) {
                err.println("oversight backup: the embedded database in " + dataDirectory.toAbsolutePath()
                        + " has no tables yet: nothing to back up.");
                return 2;
            }
            out.println("Backing up the embedded database in " + dataDirectory.toAbsolutePath() + " ("
                    + contents.describe() + ")" + (server.startedHere() ? "" : " from the server of "
                    + server.startedBy() + ", which keeps running") + " with " + tools.pgDump() + " ...");
            out.flush();
            backups.backup(target);
            out.printf("Backed up to %s (%s) in %.1f s.%n", target, EmbeddedDatabaseCommands.size(Files.size(target)),
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
            out.println("Restore it with: ./oversight restore " + file);
            return 0;
        } catch (RuntimeException e) {
            return EmbeddedDatabaseCommands.explain(err, "backup", e);
        } catch (java.io.IOException e) {
            err.println("oversight backup: " + e.getMessage());
            return 1;
        }
    }
}
