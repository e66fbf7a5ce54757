package uk.saferschools.oversight.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The import history and the coverage it gives, for the analyst's pages. */
@Service
public class ImportHistory {

    private final JdbcClient jdbc;

    ImportHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One import attempt. */
    public record Entry(long id, String kind, String fileName, String force, YearMonth month, String status,
                        Integer revision, long rowsRead, long rowsImported, long rowsInvalid, long problems,
                        boolean demonstration, boolean synthetic, Instant finishedAt, String importedBy) {
    }

    public List<Entry> recent(int limit) {
        return jdbc.sql("select * from import_batch order by id desc limit ?").param(limit).query(ImportHistory::entry).list();
    }

    public Optional<Entry> byId(long id) {
        return jdbc.sql("select * from import_batch where id = ?").param(id).query(ImportHistory::entry).optional();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        LocalDate month = rs.getObject("month", LocalDate.class);
        return new Entry(rs.getLong("id"), rs.getString("kind"), rs.getString("file_name"), rs.getString("force"),
                month == null ? null : YearMonth.from(month), rs.getString("status"), (Integer) rs.getObject("revision"),
                rs.getLong("rows_read"), rs.getLong("rows_imported"), rs.getLong("rows_invalid"),
                rs.getLong("problems_total"), rs.getBoolean("demonstration"), rs.getBoolean("synthetic"),
                rs.getObject("finished_at", OffsetDateTime.class).toInstant(), rs.getString("imported_by"));
    }

    public List<MonthsSubmitted.Month> coverage() {
        return MonthsSubmitted.of(jdbc.sql("""
                select force, month, rows_imported, coalesce(revision, 1) as revision from import_batch
                where kind = 'POLICE_UK' and status = 'ACTIVE' order by force, month""")
                .query((rs, n) -> new MonthsSubmitted.Submitted(rs.getString("force"),
                        YearMonth.from(rs.getObject("month", LocalDate.class)), rs.getLong("rows_imported"),
                        rs.getInt("revision"))).list());
    }

    /** How many of an import's problems were kept for its validation report (the first 10,000 at most). */
    public long problemsKept(long batchId) {
        return jdbc.sql("select count(*) from import_problem where batch_id = ?").param(batchId).query(Long.class).single();
    }

    public List<ImportProblem> problems(long batchId, int limit) {
        String file = jdbc.sql("select file_name from import_batch where id = ?").param(batchId).query(String.class)
                .optional().orElse("");
        return jdbc.sql("select * from import_problem where batch_id = ? order by seq limit ?").params(batchId, limit)
                .query((rs, n) -> new ImportProblem(file, rs.getLong("line_no"), rs.getInt("column_no"),
                        rs.getString("field"), rs.getString("value"), rs.getString("expected"))).list();
    }
}
