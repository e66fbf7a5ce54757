package uk.saferschools.oversight.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.records.StopSearchCounts;

/**
 * Runs an analysis over the imported records and keeps it as an immutable, dated snapshot: its
 * rates.csv, results.json and report, exactly as they were.
 */
@Service
public class AnalysisSnapshots {

    /** A kept analysis. */
    public record Snapshot(long id, String title, Instant createdAt, String createdBy, String settings,
                           LocalDate periodFrom, LocalDate periodTo, long records, String ratesCsv, String resultsJson,
                           String reportHtml, boolean demonstration) {
    }

    private final StopSearchCounts counts;
    private final uk.saferschools.oversight.records.PowerUseCounts powerUses;
    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;

    AnalysisSnapshots(StopSearchCounts counts, uk.saferschools.oversight.records.PowerUseCounts powerUses, JdbcClient jdbc,
                      AuditTrail auditTrail) {
        this.counts = counts;
        this.powerUses = powerUses;
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
    }

    @Transactional
    public long run(String title, Settings settings, Actor by) {
        return run(title, settings, by, stage -> { });
    }

    /** Runs the analysis, telling {@code stages} as each stage begins, and keeps it; returns the snapshot's id. */
    @Transactional
    public long run(String title, Settings settings, Actor by, java.util.function.Consumer<AnalysisRuns.Stage> stages) {
        stages.accept(AnalysisRuns.Stage.COUNTING);
        RecordCounting.Result counted = RecordCounting.fromCells(counts.count(settings.childrenOnly(), settings.officerDefined()),
                counts.vehicleSearches());
        if (counted.records() == 0) {
            throw new IllegalArgumentException("There are no records to analyse: import police.uk files first");
        }
        stages.accept(AnalysisRuns.Stage.COMPUTING);
        Population population = Population.london(settings.childrenOnly());
        Analysis analysis = Analyses.of(counted, population, settings, List.of());
        if (settings.childrenOnly()) {
            analysis = analysis.withSso(powerUses.childrenBySso(settings.officerDefined()))
                    .withStripSearches(powerUses.childrenStripSearches(settings.officerDefined()))
                    .withExtendedPeriod(java.util.Optional.ofNullable(powerUses.childrenPeriod())
                            .map(p -> p[0] + " to " + p[1]).orElse(""))
                    .withBwv(powerUses.childrenBwvCoverage())
                    .withSchools(Findings.schoolFunnels(powerUses.childrenBySchool(settings.officerDefined()),
                            powerUses.latestRolls()));
        }
        stages.accept(AnalysisRuns.Stage.WRITING);
        StringBuilder rates = new StringBuilder(RateRow.HEADER).append('\n');
        analysis.rows().forEach(row -> rates.append(row.csv()).append('\n'));
        boolean demonstration = jdbc.sql("select exists (select 1 from import_batch where demonstration and status = 'ACTIVE')")
                .query(Boolean.class).single();
        String description = (settings.childrenOnly() ? "children" : "all ages") + ", "
                + (settings.officerDefined() ? "officer-defined" : "self-defined") + " ethnicity, reference "
                + settings.reference().label() + (settings.byBorough() ? ", by borough" : "");
        long id = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html, demonstration)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(title, by.name(), description,
                        counted.months().isEmpty() ? null : counted.months().first().atDay(1),
                        counted.months().isEmpty() ? null : counted.months().last().atEndOfMonth(),
                        counted.records(), rates.toString(), analysis.json(), new Report(analysis).html(), demonstration)
                .query(Long.class).single();
        auditTrail.record(by, "ANALYSIS_SNAPSHOT_SAVED", "analysis:" + id, null, title + " (" + description + "; "
                + counted.records() + " records)");
        return id;
    }

    @Transactional(readOnly = true)
    public List<Snapshot> all() {
        return jdbc.sql("select * from analysis_snapshot order by id desc").query(AnalysisSnapshots::map).list();
    }

    @Transactional(readOnly = true)
    public Optional<Snapshot> byId(long id) {
        return jdbc.sql("select * from analysis_snapshot where id = ?").param(id).query(AnalysisSnapshots::map).optional();
    }

    private static Snapshot map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Snapshot(rs.getLong("id"), rs.getString("title"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"), rs.getString("settings"), rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class), rs.getLong("records"), rs.getString("rates_csv"),
                rs.getString("results_json"), rs.getString("report_html"), rs.getBoolean("demonstration"));
    }
}
