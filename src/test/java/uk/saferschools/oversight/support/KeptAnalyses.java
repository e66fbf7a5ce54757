package uk.saferschools.oversight.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Kept analyses (snapshots) made straight in the database, for tests of what is done with them afterwards. */
public final class KeptAnalyses {

    private KeptAnalyses() {
    }

    /**
     * A children's analysis of {@code from} to {@code to} (dates, "2041-01-01"), with one group's figures
     * for the force area: Black, 150 of 100,000.
     */
    public static long ofChildren(JdbcClient jdbc, String title, String from, String to) {
        return ofChildren(jdbc, title, from, to, "{\"force\": \"metropolitan\"}");
    }

    /** The same analysis with its results.json given, e.g. one kept without naming its force ({@code "{}"}). */
    public static long ofChildren(JdbcClient jdbc, String title, String from, String to, String resultsJson) {
        return jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values (?, 'demo-analyst', 'children, self-defined ethnicity, reference White', ?::date, ?::date, 150,
                    'area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability' || chr(10)
                    || 'E23000001,Black,150,100000,1.5,,,,reliable', ?, '<p>x</p>') returning id""")
                .params(title, from, to, resultsJson).query(Long.class).single();
    }
}
