package uk.saferschools.oversight.records;

import java.time.LocalDate;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Safer Schools Officer deployments (docs/formats/sso-deployments.md) behind the import gate: an officer
 * team at a school already imported, from a date; officer teams are stored only as keyed hashes.
 */
@Component
class SsoDeploymentsPipeline extends TabularPipeline {

    /** One row: its checked values, then its batch and whether it is synthetic. */
    private static final String INSERT = """
            insert into sso_deployment (officer_team_key, school_urn, from_date, to_date, batch_id, synthetic)
            values (?, ?, ?, ?, ?, ?)
            on conflict (officer_team_key, school_urn, from_date) do update set to_date = excluded.to_date,
                batch_id = excluded.batch_id, synthetic = excluded.synthetic""";

    private final Pseudonyms pseudonyms;

    SsoDeploymentsPipeline(JdbcTemplate jdbcTemplate, RecordsProperties properties, Pseudonyms pseudonyms) {
        super(RecordFormat.DEPLOYMENTS, INSERT, jdbcTemplate, properties);
        this.pseudonyms = pseudonyms;
    }

    @Override
    RowCheck rowCheck() {
        Set<Integer> schools = schoolsImported();
        return row -> deployment(row, schools);
    }

    private Object[] deployment(TabularRow row, Set<Integer> knownSchools) {
        String team = row.required("officer_team", 100);
        Integer urn = row.schoolImported("school_urn", knownSchools);
        LocalDate from = row.date("from_date", true);
        LocalDate to = row.date("to_date", false);
        if (from != null && to != null && to.isBefore(from)) {
            row.problem("to_date", to.toString(), "a date on or after the from_date " + from + ", or blank if ongoing");
        }
        return row.ok ? new Object[] {pseudonyms.of("officer-team", team), urn, from, to} : null;
    }
}
