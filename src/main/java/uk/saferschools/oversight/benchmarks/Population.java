package uk.saferschools.oversight.benchmarks;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * Population by area and broad ethnic group, read from one of the Census 2021 files as published:
 * TS021 from NOMIS (all ages) or the ONS ethnic group by single year of age file (ages 0 to 100+,
 * counts rounded to 5, {@code c} for a suppressed cell). Census categories are mapped by the text
 * before the colon: the standard grouping, Mixed staying Mixed.
 *
 * @param hasAges          whether the file gives ages, so that children can be counted by age (10 to 17, 0 to 17)
 * @param fromAge          the first age counted (null: all ages)
 * @param toAge            the last age counted (null: all ages)
 * @param suppressedCells  cells marked {@code c} (suppressed), counted as unknown, not zero
 */
public record Population(String source, boolean hasAges, Integer fromAge, Integer toAge,
                         Map<String, Map<EthnicGroup, Long>> byArea, long suppressedCells) {

    /** Whether only some ages were counted: the file has ages, and ages were asked for. */
    public boolean ofSomeAges() {
        return hasAges && fromAge != null;
    }

    /**
     * The ONS single-year-of-age file merges the City of London with Westminster under E09000001 and has
     * no E09000033: an area list naming Westminster uses the merged area in its place (so the
     * Metropolitan Police area counts the City's few thousand residents too, a known small overstatement).
     */
    public static List<String> mergedCityAndWestminster(List<String> areas) {
        if (!areas.contains("E09000033")) {
            return areas;
        }
        List<String> merged = new ArrayList<>(areas);
        merged.remove("E09000033");
        if (!merged.contains("E09000001")) {
            merged.add("E09000001");
        }
        return merged;
    }

    /** The population of a group in an area, or null when the file has no such area. */
    public Long of(String area, EthnicGroup group) {
        Map<EthnicGroup, Long> groups = byArea.get(area);
        return groups == null ? null : groups.getOrDefault(group, 0L);
    }

    /** Summed over areas; null when any area is missing. */
    public Long of(List<String> areas, EthnicGroup group) {
        long total = 0;
        for (String area : areas) {
            Long count = of(area, group);
            if (count == null) {
                return null;
            }
            total += count;
        }
        return total;
    }

    /** Reads a population file of all ages, telling its layout from its header. */
    public static Population read(Path file) throws IOException {
        return read(file, null, null);
    }

    /**
     * Reads a population file, telling its layout from its header, counting ages {@code fromAge} to {@code toAge}
     * inclusive when the file has ages (all ages when both are null, or when the file has none).
     */
    public static Population read(Path file, Integer fromAge, Integer toAge) throws IOException {
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.getFileName().toString(), fromAge, toAge);
        }
    }

    /** The London population of all ages shipped with the product (TS021, src/main/resources/benchmarks). */
    public static Population london() {
        return london("ts021-london.csv", null, null);
    }

    /**
     * The London population of ages {@code fromAge} to {@code toAge} inclusive shipped with the product: the
     * single-year-of-age file (src/main/resources/benchmarks).
     */
    public static Population london(int fromAge, int toAge) {
        return london("ethnic-group-by-single-year-of-age-london.csv", fromAge, toAge);
    }

    private static Population london(String name, Integer fromAge, Integer toAge) {
        try (var in = Population.class.getResourceAsStream("/benchmarks/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The population file " + name + " is missing from the product");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), name, fromAge, toAge);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Population read(Reader in, String fileName, Integer fromAge, Integer toAge) throws IOException {
        if ((fromAge == null) != (toAge == null) || fromAge != null && fromAge > toAge) {
            throw new IllegalArgumentException("Ages " + fromAge + " to " + toAge + " are not a span of ages");
        }
        Path file = Path.of(fileName);
        try (CsvReader<CsvRecord> reader = CsvReader.builder().detectBomHeader(true).ofCsvRecord(in)) {
            var rows = reader.iterator();
            if (!rows.hasNext()) {
                throw new IllegalArgumentException(file + " is empty: expected a Census 2021 population file");
            }
            List<String> header = new ArrayList<>(rows.next().getFields());
            header.set(0, header.get(0).replace("\uFEFF", "")); // a byte order mark read as text
            Map<String, Map<EthnicGroup, Long>> byArea = new HashMap<>();
            if (header.size() >= 5 && header.get(0).startsWith("Lower Tier Local Authorities Code")
                    && header.get(4).equals("Observation")) {
                while (rows.hasNext()) {
                    CsvRecord row = rows.next();
                    EthnicGroup group = groupOf(row.getField(3));
                    if (group != null) {
                        byArea.computeIfAbsent(row.getField(0), a -> new EnumMap<>(EthnicGroup.class))
                                .merge(group, Long.parseLong(row.getField(4).trim()), Long::sum);
                    }
                }
                return new Population(file.getFileName().toString(), false, null, null, byArea, 0);
            }
            if (header.size() > 3 && header.get(0).equals("Geography Code") && header.get(2).equals("Age")) {
                EthnicGroup[] groups = new EthnicGroup[header.size()];
                for (int i = 3; i < header.size(); i++) {
                    groups[i] = groupOf(header.get(i));
                }
                long suppressed = 0;
                while (rows.hasNext()) {
                    CsvRecord row = rows.next();
                    String age = row.getField(2).trim();
                    int years = age.startsWith("100") ? 100 : Integer.parseInt(age);
                    if (fromAge != null && (years < fromAge || years > toAge)) {
                        continue;
                    }
                    Map<EthnicGroup, Long> area = byArea.computeIfAbsent(row.getField(0), a -> new EnumMap<>(EthnicGroup.class));
                    for (int i = 3; i < row.getFieldCount(); i++) {
                        String value = row.getField(i).trim();
                        if (value.equals("c")) {
                            suppressed++;
                        } else if (groups[i] != null && !value.isEmpty()) {
                            area.merge(groups[i], Long.parseLong(value), Long::sum);
                        }
                    }
                }
                return new Population(file.getFileName().toString(), true, fromAge, toAge, byArea, suppressed);
            }
            throw new IllegalArgumentException(file + ": expected Census 2021 TS021 (header starting \"Lower Tier Local "
                    + "Authorities Code\") or ethnic group by single year of age (header starting \"Geography Code,"
                    + "Geography Name,Age\"), found: " + String.join(",", header));
        }
    }

    /** The broad group of a census label: the text before the colon. */
    static EthnicGroup groupOf(String label) {
        int colon = label.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String broad = label.substring(0, colon).trim();
        return broad.startsWith("Asian") ? EthnicGroup.ASIAN
                : broad.startsWith("Black") ? EthnicGroup.BLACK
                : broad.startsWith("Mixed") ? EthnicGroup.MIXED
                : broad.startsWith("White") ? EthnicGroup.WHITE
                : broad.startsWith("Other") ? EthnicGroup.OTHER : null;
    }
}
