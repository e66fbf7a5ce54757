package uk.saferschools.oversight.records;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** One row of one of our tabular formats being checked, by column name; each accessor reports its own problem. */
final class TabularRow {

    /** Columns holding identifiers that are stored only as keyed hashes. */
    static final Set<String> IDENTIFIERS = Set.of("record_reference", "officer_team", "bwv_reference");
    static final String WITHHELD = "(an identifier, withheld)";

    /** A quarantined row as kept for review: its identifiers withheld, so that none is stored in clear. */
    static List<String> withheld(List<String> fields, Map<String, Integer> columns) {
        List<String> kept = new ArrayList<>(fields);
        for (String identifier : IDENTIFIERS) {
            Integer index = columns.get(identifier);
            if (index != null && index < kept.size() && !kept.get(index).isBlank()) {
                kept.set(index, WITHHELD);
            }
        }
        return kept;
    }

    final String file;
    final long line;
    final List<String> fields;
    final Map<String, Integer> columns;
    final Consumer<ImportProblem> report;
    boolean ok = true;

    TabularRow(String file, long line, List<String> fields, Map<String, Integer> columns, Consumer<ImportProblem> report) {
        this.file = file;
        this.line = line;
        this.fields = fields;
        this.columns = columns;
        this.report = report;
    }

    String value(String column) {
        int index = columns.get(column);
        return index < fields.size() ? fields.get(index).trim() : "";
    }

    void problem(String column, String value, String expected) {
        // identifiers are never stored, not even in a validation report
        String shown = IDENTIFIERS.contains(column) && !value.isEmpty() ? WITHHELD : value;
        report.accept(new ImportProblem(file, line, columns.get(column) + 1, column, shown, expected));
        ok = false;
    }

    String optional(String column, int max) {
        String value = value(column);
        if (value.length() > max) {
            problem(column, value, "at most " + max + " characters");
            return null;
        }
        return value.isEmpty() ? null : value;
    }

    String required(String column, int max) {
        String value = optional(column, max);
        if (value == null && ok) {
            problem(column, "", "a value: this column may not be blank");
        }
        return value;
    }

    String oneOf(String column, List<String> allowed) {
        String value = value(column);
        if (value.isEmpty()) {
            return null;
        }
        Optional<String> found = PoliceUkLabels.canonical(allowed, value);
        if (found.isEmpty()) {
            problem(column, value, "one of " + String.join(", ", allowed) + ", or blank");
        }
        return found.orElse(null);
    }

    String code(String column, Map<String, String> codes) {
        String value = value(column);
        String code = codes.get(value.toLowerCase(Locale.ROOT).replace('_', ' '));
        if (code == null) {
            problem(column, value, "one of " + String.join(", ", codes.keySet().stream().sorted().toList()));
        }
        return code;
    }

    Boolean bool(String column) {
        String value = value(column);
        if (value.isEmpty()) {
            return null;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes")) {
            return true;
        }
        if (value.equalsIgnoreCase("false") || value.equalsIgnoreCase("no")) {
            return false;
        }
        problem(column, value, "true, false, or blank (unknown)");
        return null;
    }

    Integer integer(String column, int min, int max, String expected) {
        String value = value(column);
        if (value.isEmpty()) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                problem(column, value, expected);
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            problem(column, value, expected);
            return null;
        }
    }

    /** The URN of a school already imported: required (unless the row is already invalid). */
    Integer schoolImported(String column, Set<Integer> schools) {
        Integer urn = integer(column, 100_000, 999_999, "a school's URN (six digits)");
        if (urn == null && ok) {
            problem(column, "", "a school's URN (six digits)");
        } else if (urn != null && !schools.contains(urn)) {
            problem(column, urn.toString(), "the URN of a school already imported (import the schools file first)");
        }
        return urn;
    }

    /** British National Grid metres; GIAS writes some as decimals. */
    Integer coordinate(String column) {
        String value = value(column);
        if (value.isEmpty()) {
            return null;
        }
        try {
            double metres = Double.parseDouble(value);
            if (metres < 0 || metres > 1_300_000) {
                problem(column, value, "British National Grid metres (0 to 1,300,000), or blank");
                return null;
            }
            return (int) Math.round(metres);
        } catch (NumberFormatException e) {
            problem(column, value, "British National Grid metres, or blank");
            return null;
        }
    }

    LocalDate date(String column, boolean required) {
        String value = value(column);
        if (value.isEmpty()) {
            if (required) {
                problem(column, "", "a date (YYYY-MM-DD)");
            }
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.getYear() < 2000 || date.isAfter(LocalDate.now().plusYears(5))) {
                problem(column, value, "a date between 2000 and five years from now");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            problem(column, value, "a date (YYYY-MM-DD)");
            return null;
        }
    }

    /** A date and time with its offset; kept as written, for PostgreSQL to store. */
    String dateTime(String column) {
        String value = value(column);
        try {
            OffsetDateTime at = OffsetDateTime.parse(value);
            if (at.getYear() < 2000 || at.toInstant().isAfter(Instant.now().plusSeconds(86_400))) {
                problem(column, value, "a date and time between 2000 and now");
                return null;
            }
            return value;
        } catch (DateTimeParseException e) {
            problem(column, value, "a date and time with its offset, e.g. 2026-03-14T10:15:00+00:00");
            return null;
        }
    }
}
