package uk.saferschools.oversight.records;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Safer Schools Officer deployments (docs/formats/sso-deployments.md) behind the import gate: an officer
 * team at a school already imported, from a date; officer teams are stored only as keyed hashes.
 */
@Component
class SsoDeploymentsPipeline extends TabularPipeline {

    private final JdbcClient jdbc;
    private final Pseudonyms pseudonyms;

    SsoDeploymentsPipeline(JdbcTemplate jdbcTemplate, RecordsProperties properties, JdbcClient jdbc, Pseudonyms pseudonyms) {
        super(jdbcTemplate, properties);
        this.jdbc = jdbc;
        this.pseudonyms = pseudonyms;
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.DEPLOYMENTS;
    }

    @Override
    RowCheck rowCheck() {
        Set<Integer> schools = knownSchools(jdbc);
        return row -> deployment(row, schools);
    }

    /** The URNs of the schools imported, which deployments and rolls must name. */
    static Set<Integer> knownSchools(JdbcClient jdbc) {
        return new HashSet<>(jdbc.sql("select urn from school").query(Integer.class).list());
    }

    @Override
    String insertSql() {
        return """
                insert into sso_deployment (officer_team_key, school_urn, from_date, to_date, batch_id, synthetic)
                values (?, ?, ?, ?, ?, ?)
                on conflict (officer_team_key, school_urn, from_date) do update set to_date = excluded.to_date,
                    batch_id = excluded.batch_id, synthetic = excluded.synthetic""";
    }

    private Object[] deployment(TabularRow row, Set<Integer> knownSchools) {
        String team = row.required("officer_team", 100);
        Integer urn = row.integer("school_urn", 100_000, 999_999, "a school's URN (six digits)");
        if (urn == null && row.ok) {
            row.problem("school_urn", "", "a school's URN (six digits)");
        } else if (urn != null && !knownSchools.contains(urn)) {
            row.problem("school_urn", urn.toString(), "the URN of a school already imported (import the schools file first)");
        }
        LocalDate from = row.date("from_date", true);
        LocalDate to = row.date("to_date", false);
        if (from != null && to != null && to.isBefore(from)) {
            row.problem("to_date", to.toString(), "a date on or after the from_date " + from + ", or blank if ongoing");
        }
        return row.ok ? new Object[] {pseudonyms.of("officer-team", team), urn, from, to} : null;
    }
}
