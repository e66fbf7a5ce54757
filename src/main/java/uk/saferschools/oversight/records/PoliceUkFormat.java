package uk.saferschools.oversight.records;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.geography.BoroughBoundaries;

/**
 * The police.uk stop-and-search CSV (DESIGN.md section 4): its 15 columns, and how one row becomes
 * one row of PostgreSQL binary {@code COPY} input for the {@code stop_search} table, or a list of problems.
 */
final class PoliceUkFormat {

    static final List<String> HEADER = List.of("Type", "Date", "Part of a policing operation", "Policing operation",
            "Latitude", "Longitude", "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
            "Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
            "Removal of more than just outer clothing");

    /**
     * The stop_search columns, in the order {@link #toCopyRow} writes them: what the file said, and the borough its
     * point is in. The force and month are the import's; how the labels were classified is kept once a label
     * ({@link ClassifiedLabels}; V31).
     */
    static final String COPY_COLUMNS = "batch_id, line_no, type, occurred_at, part_of_operation, "
            + "policing_operation, latitude, longitude, borough_code, gender, age_range, self_defined_ethnicity, "
            + "officer_defined_ethnicity, legislation, object_of_search, outcome, outcome_linked, "
            + "more_than_outer_clothing";

    static final int MAX_TEXT = 500;

    private final String file;
    private final YearMonth month;
    private final BoroughBoundaries boroughs;
    private final LocalDate earliest;
    private final LocalDate latest;

    PoliceUkFormat(String file, YearMonth month, BoroughBoundaries boroughs) {
        this.file = file;
        this.month = month;
        this.boroughs = boroughs;
        // police.uk's month is in London time; its timestamps are UTC, so allow a day either side
        this.earliest = month.atDay(1).minusDays(1);
        this.latest = month.atEndOfMonth().plusDays(1);
    }

    /** A column name as police.uk and our own formats write them: letters, spaces and a little punctuation. */
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z][A-Za-z ._()/-]{0,59}");

    /**
     * Problems with the header line, if any: names, order and count must be exactly police.uk's. A first
     * line that does not look like a header at all is data (a file without its header, perhaps one of our
     * extended records files, whose first columns are identifiers): none of its values is kept, not even
     * in the report, only that the header is missing.
     */
    List<ImportProblem> checkHeader(List<String> fields) {
        var problems = new ArrayList<ImportProblem>();
        if (!fields.stream().map(String::trim).allMatch(f -> f.isEmpty() || COLUMN_NAME.matcher(f).matches())) {
            problems.add(new ImportProblem(file, 1, 0, "", "a first line of data, not a header (its values are "
                    + "withheld: they may be identifiers)", "the police.uk header: " + String.join(",", HEADER)
                    + "; or the header of one of our formats (see docs/formats/)"));
            return problems;
        }
        for (int i = 0; i < Math.max(fields.size(), HEADER.size()); i++) {
            String found = i < fields.size() ? fields.get(i).trim() : "";
            if (i >= HEADER.size()) {
                problems.add(new ImportProblem(file, 1, i + 1, "", found,
                        "no column here: the police.uk header has " + HEADER.size() + " columns"));
            } else if (!HEADER.get(i).equalsIgnoreCase(found)) {
                problems.add(new ImportProblem(file, 1, i + 1, HEADER.get(i), found,
                        "the column \"" + HEADER.get(i) + "\" (police.uk header: " + String.join(",", HEADER) + ")"));
            }
        }
        return problems;
    }

    /**
     * Validates one data row and, when it is valid, appends it to the binary COPY data. Returns
     * whether it was valid; problems go to {@code report}.
     */
    boolean toCopyRow(long batchId, long line, List<String> fields, BinaryCopy out, Consumer<ImportProblem> report) {
        var row = new Row(line, fields, report);
        if (fields.size() != HEADER.size()) {
            report.accept(new ImportProblem(file, line, 0, "", fields.size() + " fields",
                    HEADER.size() + " fields, as in the header"));
            return false;
        }
        String type = row.oneOf(0, PoliceUkLabels.TYPES, false);
        PoliceUkDates.Parsed date = row.date(1);
        Boolean partOfOperation = row.bool(2);
        String operation = row.text(3);
        String pointText = fields.get(4) + "," + fields.get(5);
        Located point = located.get(pointText);
        Double latitude;
        Double longitude;
        if (point != null) {
            latitude = point.latitude();
            longitude = point.longitude();
        } else {
            latitude = row.number(4, 49.0, 61.0, "a latitude in the United Kingdom (49 to 61), or blank");
            longitude = row.number(5, -9.0, 2.5, "a longitude in the United Kingdom (-9 to 2.5), or blank");
            if ((latitude == null) != (longitude == null) && row.ok) {
                report.accept(new ImportProblem(file, line, latitude == null ? 5 : 6, HEADER.get(latitude == null ? 4 : 5), "",
                        "both latitude and longitude, or neither"));
                row.ok = false;
            }
        }
        String gender = row.oneOf(6, PoliceUkLabels.GENDERS, true);
        String ageRange = row.oneOf(7, PoliceUkLabels.AGE_RANGES, true);
        String selfDefined = fields.get(8).trim();
        PoliceUkLabels.SelfDefined self = null;
        if (!selfDefined.isEmpty()) {
            self = PoliceUkLabels.selfDefined(selfDefined);
            if (self == null) {
                row.problem(8, selfDefined, "a police.uk self-defined ethnicity label, e.g. \"White - Irish\" or "
                        + "\"Black or Black British - African (B2)\"; this label is not known (see docs/formats/police-uk-stop-and-search.md)");
            }
        }
        String officerDefined = fields.get(9).trim();
        EthnicGroup officerGroup = null;
        if (!officerDefined.isEmpty()) {
            officerGroup = PoliceUkLabels.officerDefined(officerDefined);
            if (officerGroup == null) {
                row.problem(9, officerDefined, "one of Asian, Black, Mixed, Other, White, or blank");
            }
        }
        String legislation = row.text(10);
        String object = row.text(11);
        String outcome = fields.get(12).trim();
        PoliceUkLabels.Outcome normalised = null;
        if (!outcome.isEmpty()) {
            normalised = PoliceUkLabels.outcome(outcome);
            if (normalised == null) {
                row.problem(12, outcome, "a police.uk outcome, e.g. \"A no further action disposal\", \"Arrest\", "
                        + "\"Community resolution\"; this label is not known");
            }
        }
        Boolean linked = row.bool(13);
        Boolean moreThanOuter = row.bool(14);
        if (!row.ok) {
            return false;
        }
        String borough;
        if (point != null) {
            borough = point.borough();
        } else if (latitude == null) {
            borough = null;
        } else {
            borough = boroughs.locate(latitude, longitude).map(BoroughBoundaries.Borough::code).orElse(null);
            located.put(pointText, new Located(latitude, longitude, borough));
        }
        out.row(18)
                .bigint(batchId)
                .integer((int) line)
                .text(type)
                .timestamp(date.epochSecond())
                .bool(partOfOperation)
                .text(operation)
                .float8(latitude)
                .float8(longitude)
                .text(borough)
                .text(gender)
                .text(ageRange)
                .text(self == null ? null : selfDefined)
                .text(officerGroup == null ? null : officerDefined)
                .text(legislation)
                .text(object)
                .text(normalised == null ? null : outcome)
                .bool(linked)
                .bool(moreThanOuter);
        if (self != null) {
            labels.selfDefined(selfDefined, self);
        }
        if (officerGroup != null) {
            labels.officerDefined(officerDefined, officerGroup);
        }
        if (normalised != null) {
            labels.outcome(outcome, normalised);
        }
        cells.count(self == null || self.group() == null ? null : self.group().name(),
                officerGroup == null ? null : officerGroup.name(), borough, ageRange, type,
                normalised == PoliceUkLabels.Outcome.ARREST, moreThanOuter, linked);
        return true;
    }

    private final StopSearchCellCounts cells = new StopSearchCellCounts();
    private final ClassifiedLabels labels = new ClassifiedLabels();

    /** The labels of the rows {@link #toCopyRow} has taken so far, each with how it was classified. */
    ClassifiedLabels labels() {
        return labels;
    }

    /** The cells of the rows {@link #toCopyRow} has taken so far. */
    StopSearchCellCounts cells() {
        return cells;
    }

    /** A point of this file, as read from its latitude and longitude, and the borough it is in (null: none). */
    private record Located(Double latitude, Double longitude, String borough) {
    }

    /**
     * police.uk publishes anonymised snap points, so the same few thousand points recur all month: each is read
     * and located once per file, by the text of its latitude and longitude (which is also what spares reading
     * the two numbers again).
     */
    private final Map<String, Located> located = new HashMap<>();

    /** One row being checked: each accessor reports its own problem and marks the row invalid. */
    private final class Row {
        final long line;
        final List<String> fields;
        final Consumer<ImportProblem> report;
        boolean ok = true;

        Row(long line, List<String> fields, Consumer<ImportProblem> report) {
            this.line = line;
            this.fields = fields;
            this.report = report;
        }

        void problem(int index, String value, String expected) {
            report.accept(new ImportProblem(file, line, index + 1, HEADER.get(index), value, expected));
            ok = false;
        }

        String text(int index) {
            String value = fields.get(index).trim();
            if (value.length() > MAX_TEXT) {
                problem(index, value, "at most " + MAX_TEXT + " characters");
                return null;
            }
            return value.isEmpty() ? null : value;
        }

        String oneOf(int index, List<String> allowed, boolean blankAllowed) {
            String value = fields.get(index).trim();
            if (value.isEmpty() && blankAllowed) {
                return null;
            }
            Optional<String> canonical = PoliceUkLabels.canonical(allowed, value);
            // (a short list, tried first as police.uk spells it, then ignoring case)
            if (canonical.isEmpty()) {
                problem(index, value, "one of " + String.join(", ", allowed.stream().map(a -> "\"" + a + "\"").toList())
                        + (blankAllowed ? ", or blank" : ""));
                return null;
            }
            return canonical.get();
        }

        Boolean bool(int index) {
            String value = fields.get(index).trim();
            if (value.isEmpty()) {
                return null;
            }
            if (value.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (value.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            problem(index, value, "True, False, or blank (unknown)");
            return null;
        }

        Double number(int index, double min, double max, String expected) {
            String value = fields.get(index).trim();
            if (value.isEmpty()) {
                return null;
            }
            try {
                double number = Double.parseDouble(value);
                if (!Double.isFinite(number) || number < min || number > max) {
                    problem(index, value, expected);
                    return null;
                }
                return number;
            } catch (NumberFormatException e) {
                problem(index, value, expected);
                return null;
            }
        }

        /** The date, once it is known to be a real date and time in this file's month. */
        PoliceUkDates.Parsed date(int index) {
            String value = fields.get(index).trim();
            try {
                PoliceUkDates.Parsed date = PoliceUkDates.parse(value);
                if (date.day().isBefore(earliest) || date.day().isAfter(latest)) {
                    problem(index, value, "a date in " + month + ", the month of this file");
                    return null;
                }
                return date;
            } catch (DateTimeParseException e) {
                problem(index, value, "a date and time with its offset, as police.uk publishes it, e.g. 2022-01-31T18:45:00+00:00");
                return null;
            }
        }
    }
}
