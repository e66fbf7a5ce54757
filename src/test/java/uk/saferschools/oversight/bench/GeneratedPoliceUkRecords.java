package uk.saferschools.oversight.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * police.uk stop-and-search files of any size, made by scaling up the real records shipped with the
 * product (three months of the Metropolitan Police, about 45,000 rows): their rows are repeated, in
 * order, with each date moved into the month of the file (its day, 1 to 28, and time kept), until there
 * are as many as asked for. The benchmarks in {@code bench/} share it, so that they measure the same rows.
 */
public final class GeneratedPoliceUkRecords {

    private static final List<String> MONTHS_SHIPPED = List.of("2022-03", "2022-04", "2022-05");

    private final String header;
    /** Each row cut around its date: the text before the month, and after the day. */
    private final List<String[]> rows;

    private GeneratedPoliceUkRecords(String header, List<String[]> rows) {
        this.header = header;
        this.rows = rows;
    }

    /** Writes a file of generated records: {@code FILE RECORDS YYYY-MM} (for the bench scripts). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long records = Long.parseLong(args[1]);
        fromShippedRecords().write(file, records, YearMonth.parse(args[2]));
        System.out.printf("Generated %s: %,d records, %.1f MB%n", file, records, Files.size(file) / 1e6);
    }

    /** The real rows shipped with the product, read once. */
    public static GeneratedPoliceUkRecords fromShippedRecords() {
        List<String[]> rows = new ArrayList<>();
        String header = null;
        for (String month : MONTHS_SHIPPED) {
            try (InputStream in = GeneratedPoliceUkRecords.class.getResourceAsStream(
                    "/demonstration/police-uk/" + month + "-metropolitan-stop-and-search.csv")) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                header = lines.get(0);
                for (String line : lines.subList(1, lines.size())) {
                    // Date is the second field, e.g. 2022-03-14T10:00:00+00:00; keep the day (1-28) and time
                    int comma = line.indexOf(',');
                    int day = Math.min(28, Math.max(1, Integer.parseInt(line.substring(comma + 9, comma + 11))));
                    rows.add(new String[] {line.substring(0, comma + 1), String.format("-%02d", day) + line.substring(comma + 11)});
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new GeneratedPoliceUkRecords(header, rows);
    }

    /** Writes {@code records} rows, all dated in {@code month}. */
    public void write(Path file, long records, YearMonth month) throws IOException {
        String yearMonth = month.toString();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(header);
            out.write('\n');
            for (long i = 0; i < records; i++) {
                String[] row = rows.get((int) (i % rows.size()));
                out.write(row[0]);
                out.write(yearMonth);
                out.write(row[1]);
                out.write('\n');
            }
        }
    }

    /**
     * {@code total} records in {@code months} monthly files from {@code first} on, named as police.uk names
     * its downloads ({@code 2012-03-metropolitan-stop-and-search.csv}); the files share the records out
     * evenly, the first ones taking one more each when they do not divide.
     */
    public List<Path> writeMonthly(Path directory, long total, String force, YearMonth first, int months) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (int m = 0; m < months; m++) {
            YearMonth month = first.plusMonths(m);
            Path file = directory.resolve(month + "-" + force + "-stop-and-search.csv");
            write(file, total / months + (m < total % months ? 1 : 0), month);
            files.add(file);
        }
        return files;
    }
}
