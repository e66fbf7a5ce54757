package uk.saferschools.oversight.analysis;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import uk.saferschools.oversight.classification.CensusEthnicCategory;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.Children;
import uk.saferschools.oversight.records.PowerUseCounts.SsoCell;

/**
 * Counts uses of powers on children in files of our extended record format (docs/formats/extended-records.md)
 * by whether a Safer Schools Officer was involved and ethnic group, for {@code analyse --sso-records}.
 * Records with the SSO flag blank are left out; who is a child of the ages asked is {@link Children.Ages#isChild}.
 */
final class SsoRecordCounting {

    private static final List<String> NEEDED = List.of("sso_involved", "age_years", "age_band", "self_defined_ethnicity",
            "officer_defined_ethnicity");

    private SsoRecordCounting() {
    }

    static List<SsoCell> count(List<Path> files, Children.Ages ages, boolean officerDefined) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (Path file : files) {
            try (CsvReader<CsvRecord> reader = CsvReader.builder().detectBomHeader(true).allowMissingFields(true)
                    .ofCsvRecord(file, StandardCharsets.UTF_8)) {
                Map<String, Integer> columns = null;
                for (CsvRecord row : reader) {
                    if (columns == null) {
                        columns = new HashMap<>();
                        for (int i = 0; i < row.getFieldCount(); i++) {
                            columns.put(row.getField(i).trim().toLowerCase(Locale.ROOT), i);
                        }
                        for (String column : NEEDED) {
                            if (!columns.containsKey(column)) {
                                throw new IllegalArgumentException(file + " line 1: expected the extended records header with the "
                                        + "column " + column + " (docs/formats/extended-records.md)");
                            }
                        }
                        continue;
                    }
                    String sso = field(row, columns, "sso_involved");
                    if (sso.isEmpty()) {
                        continue;
                    }
                    if (!sso.equalsIgnoreCase("true") && !sso.equalsIgnoreCase("false")) {
                        throw problem(file, row, columns, "sso_involved", sso, "true, false, or blank");
                    }
                    if (!child(file, row, columns, ages)) {
                        continue;
                    }
                    Optional<EthnicGroup> group = officerDefined ? officerDefined(file, row, columns) : selfDefined(file, row, columns);
                    counts.merge(sso.toLowerCase(Locale.ROOT) + ":" + group.map(Enum::name).orElse(""), 1L, Long::sum);
                }
                if (columns == null) {
                    throw new IllegalArgumentException(file + ": expected the extended records header, found an empty file");
                }
            }
        }
        List<SsoCell> cells = new ArrayList<>();
        counts.forEach((key, events) -> {
            String[] parts = key.split(":", -1);
            cells.add(new SsoCell(Boolean.parseBoolean(parts[0]), parts[1].isEmpty() ? null : EthnicGroup.valueOf(parts[1]), events));
        });
        return cells;
    }

    private static boolean child(Path file, CsvRecord row, Map<String, Integer> columns, Children.Ages ages) {
        String age = field(row, columns, "age_years");
        Integer years = null;
        if (!age.isEmpty()) {
            try {
                years = Integer.parseInt(age);
            } catch (NumberFormatException e) {
                throw problem(file, row, columns, "age_years", age, "a whole number of years, or blank");
            }
        }
        return ages.isChild(years, field(row, columns, "age_band"));
    }

    private static Optional<EthnicGroup> selfDefined(Path file, CsvRecord row, Map<String, Integer> columns) {
        String label = field(row, columns, "self_defined_ethnicity");
        if (label.isEmpty() || label.equalsIgnoreCase("Not stated")) {
            return Optional.empty();
        }
        return Optional.of(CensusEthnicCategory.byLabel(label).orElseThrow(() -> problem(file, row, columns,
                "self_defined_ethnicity", label, "one of the 19 Census 2021 categories as published, Not stated, or blank"))
                .group());
    }

    private static Optional<EthnicGroup> officerDefined(Path file, CsvRecord row, Map<String, Integer> columns) {
        String label = field(row, columns, "officer_defined_ethnicity");
        if (label.isEmpty()) {
            return Optional.empty();
        }
        for (EthnicGroup group : EthnicGroup.values()) {
            if (group.label().equalsIgnoreCase(label)) {
                return Optional.of(group);
            }
        }
        throw problem(file, row, columns, "officer_defined_ethnicity", label, "Asian, Black, Mixed, White, Other, or blank");
    }

    private static String field(CsvRecord row, Map<String, Integer> columns, String column) {
        int index = columns.get(column);
        return index < row.getFieldCount() ? row.getField(index).trim() : "";
    }

    private static IllegalArgumentException problem(Path file, CsvRecord row, Map<String, Integer> columns, String column,
                                                    String found, String expected) {
        return new IllegalArgumentException(file + " line " + row.getStartingLineNumber() + ", column "
                + (columns.get(column) + 1) + " (" + column + "): found \"" + found + "\"; expected " + expected);
    }
}
