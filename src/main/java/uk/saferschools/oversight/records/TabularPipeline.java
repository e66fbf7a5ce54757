package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Our smaller CSV formats behind the import gate (extended records, schools, SSO deployments, school
 * rolls): each names its columns, how a checked row becomes the values of its INSERT, and that INSERT.
 * Every row is checked before any is stored; rows are stored with their batch and whether they are synthetic.
 */
abstract class TabularPipeline implements ImportPipeline {

    /** Checks one row: the values of its INSERT, or null when the row is invalid (its problems reported). */
    @FunctionalInterface
    interface RowCheck {
        Object[] values(TabularRow row);
    }

    private final RecordFormat format;
    /** The INSERT of one row: its checked values, then its batch and whether it is synthetic. */
    private final String insert;
    private final JdbcTemplate jdbcTemplate;
    private final RecordsProperties properties;

    TabularPipeline(RecordFormat format, String insert, JdbcTemplate jdbcTemplate, RecordsProperties properties) {
        this.format = format;
        this.insert = insert;
        this.jdbcTemplate = jdbcTemplate;
        this.properties = properties;
    }

    @Override
    public final RecordFormat format() {
        return format;
    }

    /** The URNs of the schools imported, which deployments and rolls must name. */
    final Set<Integer> schoolsImported() {
        return new HashSet<>(jdbcTemplate.queryForList("select urn from school", Integer.class));
    }

    /** How this file's rows are checked (what it needs to know first, such as the schools imported, read once a file). */
    abstract RowCheck rowCheck();

    /** Whether every column of the header must be one of ours (GIAS files have many columns besides those read). */
    boolean onlyDocumentedColumns() {
        return true;
    }

    /** The months whose records the checked rows are, for {@link ImportCompleted}; none for formats not kept by month. */
    Set<YearMonth> months(List<Object[]> rows) {
        return Set.of();
    }

    @Override
    public Loaded load(ImportBatch batch, ImportProgress progress) throws IOException {
        String name = batch.name();
        Problems problems = batch.problems();
        List<Object[]> rows = new ArrayList<>();
        long read = 0;
        RowCheck check = rowCheck();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
                .allowUnclosedQuote(false).skipEmptyLines(true).detectBomHeader(true)
                .maxBufferSize(properties.maxFieldSize()).ofCsvRecord(batch.file(), StandardCharsets.UTF_8)) {
            Map<String, Integer> columns = null;
            CsvRecords records = new CsvRecords(reader);
            CsvRecords.Unreadable unreadable = (line, e) -> problems.accept(new ImportProblem(name, line, 0, "",
                    "unreadable CSV (" + e.getMessage() + ")",
                    "well-formed CSV: a quote may not be closed, or the file may be truncated"));
            for (CsvRecord record = records.next(unreadable); record != null; record = records.next(unreadable)) {
                long line = records.line();
                if (columns == null) {
                    columns = header(name, record.getFields(), problems);
                    if (columns == null) {
                        break;
                    }
                    continue;
                }
                read++;
                TabularRow row = new TabularRow(name, line, record.getFields(), columns, problems);
                Object[] values = check.values(row);
                if (values != null && row.ok) {
                    rows.add(values);
                } else if (batch.options().quarantineInvalid()) {
                    batch.quarantine(line, String.join(",", TabularRow.withheld(record.getFields(), columns)));
                }
            }
        }
        if (!problems.any() || batch.options().quarantineInvalid()) {
            boolean synthetic = batch.options().synthetic();
            jdbcTemplate.batchUpdate(insert, rows.stream().map(r -> {
                Object[] all = Arrays.copyOf(r, r.length + 2);
                all[r.length] = batch.id();
                all[r.length + 1] = synthetic;
                return all;
            }).toList());
        }
        return new Loaded(read, rows.size(), months(rows));
    }

    private Map<String, Integer> header(String name, List<String> fields, Consumer<ImportProblem> report) {
        List<String> wanted = format().columns();
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i).trim();
            if (onlyDocumentedColumns() && !field.isEmpty() && !wanted.contains(field)) {
                report.accept(new ImportProblem(name, 1, i + 1, field, field, "one of the documented columns: "
                        + String.join(",", wanted)));
            }
            columns.putIfAbsent(field, i);
        }
        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(columns.keySet());
        if (!missing.isEmpty()) {
            report.accept(new ImportProblem(name, 1, 0, "", String.join(",", fields),
                    "a header with the column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                            + " (see docs/formats/)"));
        }
        return missing.isEmpty() && (!onlyDocumentedColumns() || columns.size() == fields.size()) ? columns : null;
    }
}
