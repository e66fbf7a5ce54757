package uk.saferschools.oversight.analysis;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.saferschools.oversight.benchmarks.ForceAreas;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.BoroughBoundaries;
import uk.saferschools.oversight.records.PoliceUkVocabulary;

/**
 * Counts police.uk stop-and-search records by area and ethnic group, streaming each file once: memory
 * does not grow with the number of records. Vehicle searches are left out (no person was searched).
 */
final class RecordCounting {

    static final Pattern FILE_NAME = Pattern.compile("(\\d{4})-(\\d{2})-([a-z0-9-]+?)-stop-and-search\\.csv");

    /** What to count. */
    record Options(boolean childrenOnly, boolean officerDefined, boolean byBorough, String force) {
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
    }

    private final BoroughBoundaries boroughs;
    private record Point(double latitude, double longitude) {
    }

    /** Each snap point located once; an unlocated point is remembered as empty. */
    private final Map<Point, Optional<String>> located = new HashMap<>();

    RecordCounting(BoroughBoundaries boroughs) {
        this.boroughs = boroughs;
    }

    Result count(List<Path> files, Options options) throws IOException {
        GroupCounts forceAreas = new GroupCounts();
        GroupCounts byBorough = new GroupCounts();
        long records = 0;
        long vehicles = 0;
        TreeSet<YearMonth> months = new TreeSet<>();
        TreeSet<String> forces = new TreeSet<>();
        Stages stages = Stages.empty();
        Map<YearMonth, long[]> byMonth = new java.util.TreeMap<>();
        for (Path file : files) {
            Matcher name = FILE_NAME.matcher(file.getFileName().toString());
            String force = options.force() != null ? options.force() : name.matches() ? name.group(3) : null;
            if (force == null) {
                throw new IllegalArgumentException(file + ": the force is not in the file name (YYYY-MM-<force>-stop-and-search.csv); "
                        + "give it with --force");
            }
            String forceCode = ForceAreas.of(force).map(ForceAreas.ForceArea::code).orElseThrow(() ->
                    new IllegalArgumentException(file + ": no force area is known for the force \"" + force + "\"; known: "
                            + "metropolitan (E23000001), city-of-london (E23000034)"));
            forces.add(force);
            YearMonth fileMonth = null;
            if (name.matches()) {
                fileMonth = YearMonth.of(Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2)));
                months.add(fileMonth);
            }
            try (CsvReader<CsvRecord> reader = CsvReader.builder().detectBomHeader(true).allowMissingFields(true)
                    .ofCsvRecord(file, StandardCharsets.UTF_8)) {
                boolean header = true;
                for (CsvRecord row : reader) {
                    if (header) {
                        header = false;
                        if (!row.getField(0).trim().equalsIgnoreCase("Type") || row.getFieldCount() < 15) {
                            throw new IllegalArgumentException(file + " line 1: expected the police.uk stop-and-search "
                                    + "header (Type,Date,…), found: " + String.join(",", row.getFields()));
                        }
                        continue;
                    }
                    if (row.getFieldCount() < 15) {
                        throw new IllegalArgumentException(file + " line " + row.getStartingLineNumber() + ": expected 15 "
                                + "fields, found " + row.getFieldCount());
                    }
                    if (row.getField(0).trim().equalsIgnoreCase("Vehicle search")) {
                        vehicles++;
                        continue;
                    }
                    String age = row.getField(7).trim();
                    if (options.childrenOnly() && !age.equals("under 10") && !age.equals("10-17")) {
                        continue;
                    }
                    records++;
                    Optional<EthnicGroup> group = options.officerDefined()
                            ? PoliceUkVocabulary.officerDefinedGroup(row.getField(9))
                            : PoliceUkVocabulary.selfDefinedGroup(row.getField(8));
                    forceAreas.add(forceCode, group.orElse(null));
                    int g = group.map(Enum::ordinal).orElse(GroupCounts.UNKNOWN);
                    String outcome = row.getField(12).trim();
                    boolean arrested = outcome.equalsIgnoreCase("Arrest") || outcome.equalsIgnoreCase("Suspect arrested");
                    boolean moreThanOuter = row.getField(14).trim().equalsIgnoreCase("true");
                    if (arrested) {
                        stages.arrests()[g]++;
                    }
                    if (moreThanOuter) {
                        stages.moreThanOuterClothing()[g]++;
                        if (arrested) {
                            stages.arrestedAndMoreThanOuterClothing()[g]++;
                        }
                    }
                    String linked = row.getField(13).trim();
                    if (linked.equalsIgnoreCase("true") || linked.equalsIgnoreCase("false")) {
                        stages.outcomeKnown()[g]++;
                        if (linked.equalsIgnoreCase("true")) {
                            stages.outcomeLinked()[g]++;
                        }
                    }
                    if (fileMonth != null) {
                        byMonth.computeIfAbsent(fileMonth, m -> new long[GroupCounts.UNKNOWN + 1])[g]++;
                    }
                    if (options.byBorough()) {
                        String borough = borough(row.getField(4), row.getField(5));
                        if (borough != null) {
                            byBorough.add(borough, group.orElse(null));
                        }
                    }
                }
            }
        }
        return new Result(forceAreas, byBorough, records, vehicles, months, forces, stages, byMonth);
    }

    /** The same result from the database's aggregate counts, for forces with a known force area. */
    static Result fromCells(List<uk.saferschools.oversight.records.StopSearchCounts.Cell> cells, long vehicleSearches) {
        GroupCounts forceAreas = new GroupCounts();
        GroupCounts byBorough = new GroupCounts();
        Stages stages = Stages.empty();
        Map<YearMonth, long[]> byMonth = new java.util.TreeMap<>();
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

    private String borough(String latitude, String longitude) {
        if (latitude.isBlank() || longitude.isBlank()) {
            return null;
        }
        double lat = Double.parseDouble(latitude);
        double lon = Double.parseDouble(longitude);
        return located.computeIfAbsent(new Point(lat, lon),
                p -> boroughs.locate(lat, lon).map(BoroughBoundaries.Borough::code)).orElse(null);
    }
}
