package uk.saferschools.oversight.analysis;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.benchmarks.ForceAreas;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.geography.BoroughBoundaries;
import uk.saferschools.oversight.records.Children;

/**
 * {@code ./oversight analyse}: rates and rate ratios by ethnic group from police.uk files and a
 * population file, or from pre-aggregated counts, written to {@code <out>/rates.csv} (the open-data
 * contract: exactly the header of {@link RateRow#HEADER}), {@code results.json}, and the report a
 * panel member reads as {@code report.html} and, with {@code --pdf}, {@code report.pdf} (printing it costs about a
 * second, more than the counting of a month's records, so it is made only when asked for).
 */
@Command(name = "analyse", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rates and rate ratios by ethnic group, with 95%% intervals: <out>/rates.csv, results.json, report.html, "
                + "and with --pdf report.pdf.")
public class AnalyseCommand implements Callable<Integer> {

    static class Input {
        @Option(names = "--records", split = ",", paramLabel = "FILE_OR_FOLDER", arity = "1..*",
                description = "police.uk stop-and-search CSV files, or folders of them.")
        List<Path> records;

        @Option(names = "--counts", paramLabel = "FILE",
                description = "Pre-aggregated counts: a CSV with columns area_code,group,events,population.")
        Path counts;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--population", paramLabel = "FILE",
            description = "Census 2021 TS021 (NOMIS) or ethnic group by single year of age (ONS); needed with --records.")
    Path population;

    @Option(names = "--children-only", description = "Only records of children: by default aged 10 to 17 (Age range \"10-17\", "
            + "and ages 10-17 of the population, when the population file has ages); --ages 0-17 makes it 0 to 17 (\"under 10\" "
            + "and \"10-17\", population ages 0-17).")
    boolean childrenOnly;

    @Option(names = "--ages", defaultValue = "10-17", paramLabel = "10-17|0-17",
            description = "With --children-only: the children's ages, of the records and of the population alike (default "
                    + "${DEFAULT-VALUE}).")
    String ages;

    @Option(names = "--ethnicity", defaultValue = "self", paramLabel = "self|officer",
            description = "Self-defined (default) or officer-defined ethnicity. Officer-defined has no census "
                    + "denominator of its own: the self-defined population stands in, and the results say so.")
    String ethnicity;

    @Option(names = "--reference", defaultValue = "White", paramLabel = "GROUP",
            description = "Reference group of the rate ratios (default ${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--by", paramLabel = "borough", description = "Also one set of rows per borough (only: borough).")
    String by;

    @Option(names = "--sso-records", split = ",", paramLabel = "FILE",
            description = "With --children-only: files of our extended record format, to compare Safer Schools Officers with "
                    + "other officers (police.uk files have no SSO flag).")
    List<Path> ssoRecords;

    @Option(names = "--force", description = "Police force of the files, when their names do not say (e.g. metropolitan).")
    String force;

    @Option(names = "--pdf", description = "Also print the report as report.pdf (about a second more; in the web every analysis has its "
            + "PDF).")
    boolean pdf;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for rates.csv and results.json.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        EthnicGroup referenceGroup = Arrays.stream(EthnicGroup.values())
                .filter(g -> g.label().equalsIgnoreCase(reference)).findFirst().orElse(null);
        if (referenceGroup == null) {
            err.println("oversight analyse: --reference must be one of Asian, Black, Mixed, Other, White, not \"" + reference + "\"");
            return 2;
        }
        if (!ethnicity.equals("self") && !ethnicity.equals("officer")) {
            err.println("oversight analyse: --ethnicity must be self or officer, not \"" + ethnicity + "\"");
            return 2;
        }
        if (Children.Ages.ofOption(ages).isEmpty()) {
            err.println("oversight analyse: --ages must be 10-17 or 0-17, not \"" + ages + "\"");
            return 2;
        }
        if (by != null && !by.equals("borough")) {
            err.println("oversight analyse: --by can only be borough");
            return 2;
        }
        try {
            Analysis analysis = input.counts != null ? fromCounts(input.counts, referenceGroup) : fromRecords(referenceGroup);
            Files.createDirectories(out);
            List<String> lines = new ArrayList<>();
            lines.add(RateRow.HEADER);
            analysis.rows().forEach(row -> lines.add(row.csv()));
            Files.write(out.resolve("rates.csv"), lines, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("results.json"), analysis.json(), StandardCharsets.UTF_8);
            new Report(analysis).write(out.resolve("report.html"), pdf ? out.resolve("report.pdf") : null);
            spec.commandLine().getOut().println("Wrote rates.csv (" + analysis.rows().size()
                    + " rows), results.json, report.html" + (pdf ? " and report.pdf" : "") + " to " + out + ". " + analysis.summary());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("oversight analyse: " + e.getMessage());
            return 2;
        }
    }

    Analysis fromRecords(EthnicGroup referenceGroup) throws IOException {
        if (population == null) {
            throw new IllegalArgumentException("--records needs --population (a Census 2021 file)");
        }
        List<Path> files = new ArrayList<>();
        for (Path path : input.records) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> found = Files.walk(path)) {
                    found.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + path);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .csv files in " + input.records);
        }
        Children.Ages children = settings(referenceGroup).children();
        Population people = children == null ? Population.read(population)
                : Population.read(population, children.from(), children.to());
        RecordCounting.Result counted = new RecordCounting(BoroughBoundaries::london).count(files,
                new RecordCounting.Options(children, ethnicity.equals("officer"), by != null, force));
        List<Path> inputs = new ArrayList<>(files);
        if (ssoRecords != null) {
            inputs.addAll(ssoRecords);
        }
        Analysis analysis = Analyses.of(counted, people, settings(referenceGroup), inputs, null);
        if (ssoRecords != null && !ssoRecords.isEmpty()) {
            if (!childrenOnly) {
                throw new IllegalArgumentException("--sso-records compares uses of powers on children: add --children-only");
            }
            for (Path file : ssoRecords) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no such file: " + file);
                }
            }
            analysis = analysis.withSso(SsoRecordCounting.count(ssoRecords, children, ethnicity.equals("officer")));
        }
        return analysis;
    }

    Settings settings(EthnicGroup referenceGroup) {
        return new Settings(childrenOnly, Children.Ages.ofOption(ages).orElseThrow(), ethnicity, by != null, referenceGroup, null,
                null, null);
    }

    Analysis fromCounts(Path file, EthnicGroup referenceGroup) throws IOException {
        LinkedHashMap<String, long[]> events = new LinkedHashMap<>();
        LinkedHashMap<String, Double[]> people = new LinkedHashMap<>();
        try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().detectBomHeader(true).ofNamedCsvRecord(file, StandardCharsets.UTF_8)) {
            for (NamedCsvRecord row : reader) {
                String area = row.getField("area_code").trim();
                String groupName = row.getField("group").trim();
                long[] e = events.computeIfAbsent(area, a -> new long[GroupCounts.UNKNOWN + 1]);
                Double[] n = people.computeIfAbsent(area, a -> new Double[EthnicGroup.values().length]);
                long x;
                try {
                    x = Long.parseLong(row.getField("events").trim());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(file + " line " + row.getStartingLineNumber()
                            + ", column events: expected a whole number of events, found \"" + row.getField("events") + "\"");
                }
                if (groupName.equalsIgnoreCase("Unknown")) {
                    e[GroupCounts.UNKNOWN] += x;
                    continue;
                }
                EthnicGroup group = Arrays.stream(EthnicGroup.values()).filter(g -> g.label().equalsIgnoreCase(groupName))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException(file + " line " + row.getStartingLineNumber()
                                + ", column group: expected Asian, Black, Mixed, Other, White or Unknown, found \"" + groupName + "\""));
                e[group.ordinal()] += x;
                String p = row.getField("population").trim();
                if (!p.isEmpty()) {
                    try {
                        n[group.ordinal()] = Double.parseDouble(p);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException(file + " line " + row.getStartingLineNumber()
                                + ", column population: expected a number, found \"" + p + "\"");
                    }
                }
            }
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(file + " line 1: expected the header area_code,group,events,population ("
                    + e.getMessage() + ")");
        }
        List<RateRow> rows = new ArrayList<>();
        events.forEach((area, e) -> rows.addAll(RatesTable.rows(area, e, people.get(area), referenceGroup)));
        return new Analysis(rows, List.of(file), null, null, settings(referenceGroup), referenceGroup, Analysis.Extra.NONE, null);
    }
}
