package uk.saferschools.oversight.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.saferschools.oversight.benchmarks.ForceAreas;
import uk.saferschools.oversight.geography.BoroughBoundaries;
import uk.saferschools.oversight.records.Children;
import uk.saferschools.oversight.records.StopSearchCounts;

/**
 * Counts police.uk stop-and-search records by area and ethnic group, streaming each file once: memory
 * does not grow with the number of records. Vehicle searches are left out (no person was searched).
 */
final class RecordCounting {

    static final Pattern FILE_NAME = Pattern.compile("(\\d{4})-(\\d{2})-([a-z0-9-]+?)-stop-and-search\\.csv");

    /** What to count: children of the ages {@code children} only, or all ages when null. */
    record Options(Children.Ages children, boolean officerDefined, boolean byBorough, String force) {
        boolean childrenOnly() {
            return children != null;
        }
    }

    /** The counts, and what they cover. */
    record Result(GroupCounts forceAreas, GroupCounts boroughs, long records, long excludedVehicleSearches,
                  TreeSet<YearMonth> months, TreeSet<String> forces, Stages stages, Map<YearMonth, long[]> byMonth) {
    }

    /**
     * Over all files, by group (EthnicGroup order, then unknown): the later decision points and the
     * outcome test. An arrest is the outcome "Arrest" or "Suspect arrested"; "more than outer clothing"
     * is that field True (all searches, and among those arrested, the chain's last stage); the outcome is
     * known when "Outcome linked to object of search" is True or False.
     */
    record Stages(long[] arrests, long[] moreThanOuterClothing, long[] arrestedAndMoreThanOuterClothing,
                  long[] outcomeKnown, long[] outcomeLinked) {
        static Stages empty() {
            int n = GroupCounts.UNKNOWN + 1;
            return new Stages(new long[n], new long[n], new long[n], new long[n], new long[n]);
        }

        /** Adds another's counts to these, group by group. */
        void add(Stages other) {
            for (int g = 0; g < arrests.length; g++) {
                arrests[g] += other.arrests[g];
                moreThanOuterClothing[g] += other.moreThanOuterClothing[g];
                arrestedAndMoreThanOuterClothing[g] += other.arrestedAndMoreThanOuterClothing[g];
                outcomeKnown[g] += other.outcomeKnown[g];
                outcomeLinked[g] += other.outcomeLinked[g];
            }
        }
    }

    private final Supplier<BoroughBoundaries> boroughs;

    RecordCounting(BoroughBoundaries boroughs) {
        this(() -> boroughs);
    }

    /** The boundaries are asked for only when counting by borough. */
    RecordCounting(Supplier<BoroughBoundaries> boroughs) {
        this.boroughs = boroughs;
    }

    Result count(List<Path> files, Options options) throws IOException {
        return count(files, options, Runtime.getRuntime().availableProcessors(), 8L << 20);
    }

    /**
     * Counts with {@code threads} threads, cutting files into parts of at least {@code smallestPart}
     * bytes (see {@link RecordScanning}).
     */
    Result count(List<Path> files, Options options, int threads, long smallestPart) throws IOException {
        GroupCounts forceAreas = new GroupCounts();
        GroupCounts byBorough = new GroupCounts();
        TreeSet<YearMonth> months = new TreeSet<>();
        TreeSet<String> forces = new TreeSet<>();
        Stages stages = Stages.empty();
        Map<YearMonth, long[]> byMonth = new TreeMap<>();
        List<String> forceCodes = new ArrayList<>();
        List<YearMonth> fileMonths = new ArrayList<>();
        for (Path file : files) {
            Matcher name = FILE_NAME.matcher(file.getFileName().toString());
            String force = options.force() != null ? options.force() : name.matches() ? name.group(3) : null;
            if (force == null) {
                throw new IllegalArgumentException(file + ": the force is not in the file name (YYYY-MM-<force>-stop-and-search.csv); "
                        + "give it with --force");
            }
            forceCodes.add(ForceAreas.of(force).map(ForceAreas.ForceArea::code).orElseThrow(() ->
                    new IllegalArgumentException(file + ": no force area is known for the force \"" + force + "\"; known: "
                            + "metropolitan (E23000001), city-of-london (E23000034)")));
            forces.add(force);
            YearMonth fileMonth = null;
            if (name.matches()) {
                fileMonth = YearMonth.of(Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2)));
                months.add(fileMonth);
            }
            fileMonths.add(fileMonth);
        }
        RecordScanning scanning = new RecordScanning(options, boroughs, threads, smallestPart);
        List<RecordScanning.Tally> tallies = scanning.count(files);
        long records = 0;
        long vehicles = 0;
        for (int f = 0; f < files.size(); f++) {
            RecordScanning.Tally tally = tallies.get(f);
            records += tally.records;
            vehicles += tally.vehicles;
            for (int g = 0; g <= GroupCounts.UNKNOWN; g++) {
                if (tally.groups[g] > 0) {
                    forceAreas.add(forceCodes.get(f), g, tally.groups[g]);
                }
            }
            stages.add(tally.stages);
            if (fileMonths.get(f) != null && tally.records > 0) {
                long[] month = byMonth.computeIfAbsent(fileMonths.get(f), m -> new long[GroupCounts.UNKNOWN + 1]);
                for (int g = 0; g <= GroupCounts.UNKNOWN; g++) {
                    month[g] += tally.groups[g];
                }
            }
            for (int b = 0; b < tally.boroughs.length; b++) {
                if (tally.boroughs[b] != null) {
                    for (int g = 0; g <= GroupCounts.UNKNOWN; g++) {
                        if (tally.boroughs[b][g] > 0) {
                            byBorough.add(scanning.boroughCodes().get(b), g, tally.boroughs[b][g]);
                        }
                    }
                }
            }
        }
        return new Result(forceAreas, byBorough, records, vehicles, months, forces, stages, byMonth);
    }

    /** The same result from the database's aggregate counts, for forces with a known force area. */
    static Result fromCells(List<StopSearchCounts.Cell> cells, long vehicleSearches) {
        GroupCounts forceAreas = new GroupCounts();
        GroupCounts byBorough = new GroupCounts();
        Stages stages = Stages.empty();
        Map<YearMonth, long[]> byMonth = new TreeMap<>();
        TreeSet<YearMonth> months = new TreeSet<>();
        TreeSet<String> forces = new TreeSet<>();
        long records = 0;
        for (var cell : cells) {
            Optional<ForceAreas.ForceArea> area = ForceAreas.of(cell.force());
            if (area.isEmpty()) {
                continue;
            }
            int g = cell.group() == null ? GroupCounts.UNKNOWN : cell.group().ordinal();
            forces.add(cell.force());
            months.add(cell.month());
            records += cell.events();
            forceAreas.add(area.get().code(), g, cell.events());
            if (cell.boroughCode() != null) {
                byBorough.add(cell.boroughCode(), g, cell.events());
            }
            stages.arrests()[g] += cell.arrests();
            stages.moreThanOuterClothing()[g] += cell.moreThanOuterClothing();
            stages.arrestedAndMoreThanOuterClothing()[g] += cell.arrestedAndMoreThanOuterClothing();
            stages.outcomeKnown()[g] += cell.outcomeKnown();
            stages.outcomeLinked()[g] += cell.outcomeLinked();
            byMonth.computeIfAbsent(cell.month(), m -> new long[GroupCounts.UNKNOWN + 1])[g] += cell.events();
        }
        return new Result(forceAreas, byBorough, records, vehicleSearches, months, forces, stages, byMonth);
    }
}
