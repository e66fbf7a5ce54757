package uk.saferschools.oversight.records;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Schools in the DfE GIAS layout behind the import gate: a school is added, or updated by its URN. */
@Component
class SchoolsPipeline extends TabularPipeline {

    /** One row: its checked values, then its batch and whether it is synthetic. */
    private static final String INSERT = """
            insert into school (urn, name, la_code, phase, type, status, postcode, easting, northing, batch_id, synthetic)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (urn) do update set name = excluded.name, la_code = excluded.la_code,
                phase = excluded.phase, type = excluded.type, status = excluded.status,
                postcode = excluded.postcode, easting = excluded.easting, northing = excluded.northing,
                batch_id = excluded.batch_id, synthetic = excluded.synthetic""";

    SchoolsPipeline(JdbcTemplate jdbcTemplate, RecordsProperties properties) {
        super(RecordFormat.SCHOOLS, INSERT, jdbcTemplate, properties);
    }

    @Override
    RowCheck rowCheck() {
        return SchoolsPipeline::school;
    }

    @Override
    boolean onlyDocumentedColumns() {
        return false;
    }

    private static Object[] school(TabularRow row) {
        Integer urn = row.integer("URN", 100_000, 999_999, "a URN of six digits");
        if (urn == null && row.ok) {
            row.problem("URN", "", "a URN of six digits");
        }
        String name = row.required("EstablishmentName", 300);
        String la = row.optional("LA (code)", 10);
        String phase = row.optional("PhaseOfEducation (name)", 100);
        String type = row.optional("TypeOfEstablishment (name)", 200);
        String status = row.optional("EstablishmentStatus (name)", 100);
        String postcode = row.optional("Postcode", 10);
        Integer easting = row.coordinate("Easting");
        Integer northing = row.coordinate("Northing");
        return row.ok ? new Object[] {urn, name, la, phase, type, status, postcode, easting, northing} : null;
    }
}
