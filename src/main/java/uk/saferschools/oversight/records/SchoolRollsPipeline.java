package uk.saferschools.oversight.records;

import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * School rolls by ethnic group behind the import gate: a count of pupils (or "c" where it was
 * suppressed) for a school already imported, an academic year and a group, updated by a later file.
 */
@Component
class SchoolRollsPipeline extends TabularPipeline {

    /** The school roll's groups: the five broad groups, and Unknown (unclassified or refused). */
    static final Map<String, String> ROLL_GROUPS = Map.of("asian", "ASIAN", "black", "BLACK", "mixed", "MIXED",
            "other", "OTHER", "white", "WHITE", "unknown", "UNKNOWN", "unclassified", "UNKNOWN");

    /** One row: its checked values, then its batch and whether it is synthetic. */
    private static final String INSERT = """
            insert into school_roll (urn, academic_year, ethnic_group, pupils, batch_id, synthetic)
            values (?, ?, ?, ?, ?, ?)
            on conflict (urn, academic_year, ethnic_group) do update set pupils = excluded.pupils,
                batch_id = excluded.batch_id, synthetic = excluded.synthetic""";

    SchoolRollsPipeline(JdbcTemplate jdbcTemplate, RecordsProperties properties) {
        super(RecordFormat.SCHOOL_ROLL, INSERT, jdbcTemplate, properties);
    }

    @Override
    RowCheck rowCheck() {
        Set<Integer> schools = schoolsImported();
        return row -> roll(row, schools);
    }

    private static Object[] roll(TabularRow row, Set<Integer> knownSchools) {
        Integer urn = row.schoolImported("urn", knownSchools);
        String year = row.value("academic_year");
        if (!year.matches("\\d{4}/\\d{2}") || (Integer.parseInt(year.substring(2, 4)) + 1) % 100
                != Integer.parseInt(year.substring(5))) {
            row.problem("academic_year", year, "an academic year such as 2023/24");
        }
        String group = row.code("ethnic_group", ROLL_GROUPS);
        String pupils = row.value("pupils");
        Integer count = null;
        if (!pupils.equalsIgnoreCase("c")) {
            count = row.integer("pupils", 0, 100_000, "a number of pupils (0 to 100,000), or c where it was suppressed");
            if (count == null && row.ok) {
                row.problem("pupils", "", "a number of pupils, or c where it was suppressed");
            }
        }
        return row.ok ? new Object[] {urn, year, group, count} : null;
    }
}
