package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.web.SafeCsv;

/** The validation report of an import, as CSV: file, line, column, field, value, expected. */
@Service
class ImportReports {

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;

    ImportReports(JdbcClient jdbc, AuditTrail auditTrail) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
    }

    /**
     * The report as downloaded from the records page, recorded in the audit trail first: a report
     * holds the values of rejected rows, so who read it is part of the record.
     */
    public void download(long batchId, Actor by, Writer out) {
        String file = jdbc.sql("select file_name from import_batch where id = ?").param(batchId)
                .query(String.class).optional().orElse("");
        auditTrail.record(by, "IMPORT_REPORT_DOWNLOADED", "import:" + file, null, "report of import " + batchId);
        write(batchId, out);
    }

    public void write(long batchId, Writer out) {
        try {
            out.write(SafeCsv.row("file", "line", "column", "field", "value", "expected"));
            String file = jdbc.sql("select file_name from import_batch where id = ?").param(batchId)
                    .query(String.class).optional().orElse("");
            for (ImportProblem p : jdbc.sql("select * from import_problem where batch_id = ? order by seq").param(batchId)
                    .query((rs, n) -> new ImportProblem(file, rs.getLong("line_no"), rs.getInt("column_no"),
                            rs.getString("field"), rs.getString("value"), rs.getString("expected"))).list()) {
                out.write(SafeCsv.row(p.file(), p.line(), p.column(), p.field(), p.value(), p.expected()));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
