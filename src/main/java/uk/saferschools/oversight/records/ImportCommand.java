package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import uk.saferschools.oversight.audit.Actor;

/** {@code ./oversight import <files or folders>}: imports record files with a progress bar and a summary. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import record files (police.uk stop and search, extended records, schools, SSO deployments, school rolls): whole files or nothing.")
public class ImportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_FOLDER", description = "CSV files, or folders searched for *.csv")
    List<Path> paths;

    @Option(names = "--quarantine-invalid",
            description = "Import the valid rows of a file and keep its invalid rows for review, instead of rejecting it.")
    boolean quarantineInvalid;

    @Option(names = "--force", description = "Police force of the files, when their names do not say (e.g. metropolitan).")
    String force;

    @Option(names = "--month", description = "Month of the files (YYYY-MM), when their names do not say.")
    YearMonth month;

    @Option(names = "--report-dir", defaultValue = "import-reports",
            description = "Where to write the validation report of each rejected file (default: ${DEFAULT-VALUE}).")
    Path reportDirectory;

    @Spec
    CommandSpec spec;

    // Field injection: picocli builds the command first (for --help), Spring fills these in to run it.
    @Autowired
    private TabularImports imports;
    @Autowired
    private ImportReports reports;

    /** Where the progress bar is drawn: the terminal's standard error; in a log or a pipe, nowhere. */
    private PrintStream progress = System.console() != null ? System.err : null;
    /** Its width in characters; 0: the terminal's own. */
    private int progressWidth;

    /**
     * Draws the progress bar on {@code stream} instead, {@code width} characters wide, or nowhere when null: a server
     * doing an import handed over to it (ADR 0023) sends it to the terminal of whoever asked, never its own.
     */
    public void showProgressOn(PrintStream stream, int width) {
        progress = stream;
        progressWidth = width;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> found = Files.walk(path)) {
                    found.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase().endsWith(".csv"))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                err.println("oversight import: no such file or folder: " + path);
                return 2;
            }
        }
        if (files.isEmpty()) {
            err.println("oversight import: no .csv files found in " + paths);
            return 2;
        }
        // schools first: deployments and school rolls name schools already imported
        List<Path> schools = new ArrayList<>();
        for (Path file : files) {
            if (RecordFormat.of(file) == RecordFormat.SCHOOLS) {
                schools.add(file);
            }
        }
        files.removeAll(schools);
        files.addAll(0, schools);
        ImportOptions options = ImportOptions.by(Actor.atTheCommandLine());
        if (quarantineInvalid) {
            options = options.quarantiningInvalidRows();
        }
        if (force != null || month != null) {
            options = options.forForceAndMonth(force, month);
        }
        Map<ImportOutcome.Status, List<ImportOutcome>> byStatus = new EnumMap<>(ImportOutcome.Status.class);
        long records = 0;
        for (Path file : files) {
            ImportOutcome outcome;
            // a progress bar on a terminal; in a log or a pipe, just the summary lines
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(file.getFileName().toString())
                    .setInitialMax(Files.size(file)).setUnit(" MB", 1_000_000).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).continuousUpdate().showSpeed()
                    .setConsumer(progress == null ? new me.tongfei.progressbar.DelegatingProgressBarConsumer(ignored -> { })
                            : progressWidth > 0 ? new me.tongfei.progressbar.ConsoleProgressBarConsumer(progress, progressWidth)
                            : new me.tongfei.progressbar.ConsoleProgressBarConsumer(progress))
                    .build()) {
                outcome = imports.importFile(file, file.getFileName().toString(), options,
                        (bytesRead, total, rows) -> bar.stepTo(bytesRead).setExtraMessage(" " + Counted.of(rows, "row", "rows")));
            }
            byStatus.computeIfAbsent(outcome.status(), s -> new ArrayList<>()).add(outcome);
            records += outcome.rowsImported();
            out.println(outcome.summary());
            if (outcome.status() == ImportOutcome.Status.REJECTED) {
                outcome.problems().forEach(p -> err.println("  " + p.message()));
                if (outcome.problemsTotal() > outcome.problems().size()) {
                    err.println("  … and " + Counted.number(outcome.problemsTotal() - outcome.problems().size()) + " more");
                }
                err.println("  Full report: " + writeReport(outcome));
            }
            out.flush();
            err.flush();
            if (out.checkError()) {
                // no one to tell: on a server doing an import handed over to it (ADR 0023), whoever asked has gone
                // (Ctrl-C), so the files after this one are left alone; each file is imported whole or not at all
                return 130;
            }
        }
        out.printf("%nImported %s (%s), replaced %s, unchanged %s, rejected %s.%n",
                Counted.of(count(byStatus, ImportOutcome.Status.IMPORTED) + count(byStatus, ImportOutcome.Status.REPLACED),
                        "file", "files"), Counted.of(records, "record", "records"),
                Counted.number(count(byStatus, ImportOutcome.Status.REPLACED)),
                Counted.number(count(byStatus, ImportOutcome.Status.UNCHANGED)),
                Counted.number(count(byStatus, ImportOutcome.Status.REJECTED)));
        return count(byStatus, ImportOutcome.Status.REJECTED) > 0 ? 1 : 0;
    }

    private static int count(Map<ImportOutcome.Status, List<ImportOutcome>> byStatus, ImportOutcome.Status status) {
        return byStatus.getOrDefault(status, List.of()).size();
    }

    private Path writeReport(ImportOutcome outcome) {
        try {
            Files.createDirectories(reportDirectory);
            Path report = reportDirectory.resolve(outcome.file().replaceAll("[^A-Za-z0-9._-]", "_") + ".problems.csv");
            try (Writer writer = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
                reports.write(outcome.batchId(), writer);
            }
            return report.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
