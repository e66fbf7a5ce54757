package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds police.uk stop-and-search files for tests: every row valid unless a test says otherwise, so
 * each test states only what matters to it.
 */
public final class PoliceUkFileBuilder {

    static final String HEADER = String.join(",", PoliceUkFormat.HEADER);

    private final String month;
    private final String force;
    private String header = HEADER;
    private final List<String> lines = new ArrayList<>();
    private boolean finalNewline = true;

    private PoliceUkFileBuilder(String month, String force) {
        this.month = month;
        this.force = force;
    }

    /** A file for the Metropolitan Police in January 2022. */
    static PoliceUkFileBuilder metropolitan2022January() {
        return new PoliceUkFileBuilder("2022-01", "metropolitan");
    }

    public static PoliceUkFileBuilder forMonth(String month) {
        return new PoliceUkFileBuilder(month, "metropolitan");
    }

    /** A file of another force ({@code city-of-london}, as police.uk names it in its downloads). */
    static PoliceUkFileBuilder forForceAndMonth(String force, String month) {
        return new PoliceUkFileBuilder(month, force);
    }

    /** A valid row: a 10-17-year-old Black boy searched for drugs in Lambeth, nothing found. */
    static Map<String, String> validRow(String month) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Type", "Person search");
        row.put("Date", month + "-15T16:30:00+00:00");
        row.put("Part of a policing operation", "False");
        row.put("Policing operation", "");
        row.put("Latitude", "51.462");
        row.put("Longitude", "-0.115");
        row.put("Gender", "Male");
        row.put("Age range", "10-17");
        row.put("Self-defined ethnicity", "Black/African/Caribbean/Black British - Caribbean");
        row.put("Officer-defined ethnicity", "Black");
        row.put("Legislation", "Misuse of Drugs Act 1971 (section 23)");
        row.put("Object of search", "Controlled drugs");
        row.put("Outcome", "A no further action disposal");
        row.put("Outcome linked to object of search", "");
        row.put("Removal of more than just outer clothing", "False");
        return row;
    }

    public PoliceUkFileBuilder rows(int count) {
        for (int i = 0; i < count; i++) {
            row(Map.of());
        }
        return this;
    }

    /** A valid row with some fields changed. */
    public PoliceUkFileBuilder row(Map<String, String> changes) {
        Map<String, String> row = validRow(month);
        row.putAll(changes);
        lines.add(String.join(",", row.values().stream().map(PoliceUkFileBuilder::quote).toList()));
        return this;
    }

    PoliceUkFileBuilder rawLine(String line) {
        lines.add(line);
        return this;
    }

    PoliceUkFileBuilder header(String header) {
        this.header = header;
        return this;
    }

    PoliceUkFileBuilder withoutHeader() {
        this.header = null;
        return this;
    }

    PoliceUkFileBuilder withoutFinalNewline() {
        this.finalNewline = false;
        return this;
    }

    String fileName() {
        return month + "-" + force + "-stop-and-search.csv";
    }

    String text() {
        List<String> all = new ArrayList<>();
        if (header != null) {
            all.add(header);
        }
        all.addAll(lines);
        return String.join("\n", all) + (finalNewline && !all.isEmpty() ? "\n" : "");
    }

    public Path writeTo(Path directory) {
        return writeBytes(directory, text().getBytes(StandardCharsets.UTF_8));
    }

    Path writeBytes(Path directory, byte[] bytes) {
        try {
            Path file = directory.resolve(fileName());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") || field.contains("\n")
                ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
