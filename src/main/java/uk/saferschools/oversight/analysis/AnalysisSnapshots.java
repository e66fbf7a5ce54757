package uk.saferschools.oversight.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.benchmarks.ForceAreas;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.records.ImportHistory;
import uk.saferschools.oversight.records.MonthsSubmitted;
import uk.saferschools.oversight.records.PowerUseCounts;
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

        /**
         * What it found, read from its results.json (and, for one kept before results.json had a format
         * version, its rates.csv): the one way other modules read a kept analysis.
         */
        public SnapshotFindings findings() {
            return SnapshotFindings.read(ratesCsv, resultsJson);
        }

        /** Its period with the months held and missing, as results.json records them; empty for older snapshots. */
        public Optional<AnalysisPeriod> months() {
            return AnalysisPeriod.fromResults(resultsJson);
        }

        /**
         * "2022-03-01 to 2022-09-30 (months held: March to May, July and September 2022; no records for June
         * and August 2022)"; for older snapshots, the dates alone.
         */
        public String period() {
            return months().map(AnalysisPeriod::describe)
                    .orElse(periodFrom == null ? "unknown" : periodFrom + " to " + periodTo);
        }
    }

    /** A choice of the analysis form that cannot be analysed: which field, and what to do. */
    public static final class ChoiceProblem extends IllegalArgumentException {
        private final String field;

        ChoiceProblem(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The form field to correct: {@code force}, {@code from} or {@code to}. */
        public String field() {
            return field;
        }
    }

    private final StopSearchCounts counts;
    private final PowerUseCounts powerUses;
    private final ImportHistory history;
    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;

    AnalysisSnapshots(StopSearchCounts counts, PowerUseCounts powerUses, ImportHistory history,
                      JdbcClient jdbc, AuditTrail auditTrail) {
        this.counts = counts;
        this.powerUses = powerUses;
        this.history = history;
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
    }

    /**
     * The forces with police.uk records held (and a known force area), the force with the most records
     * first, each with its months held from the coverage of the imported records: a month with a file,
     * even an empty one, is held.
     */
    @Transactional(readOnly = true)
    public Map<String, List<YearMonth>> monthsHeld() {
        Map<String, List<YearMonth>> held = new TreeMap<>();
        Map<String, Long> records = new TreeMap<>();
        for (MonthsSubmitted.Month month : history.coverage()) {
            if (month.state() != MonthsSubmitted.State.NOT_SUBMITTED && ForceAreas.of(month.force()).isPresent()) {
                held.computeIfAbsent(month.force(), f -> new ArrayList<>()).add(month.month());
                records.merge(month.force(), month.records() == null ? 0 : month.records(), Long::sum);
            }
        }
        Map<String, List<YearMonth>> largestFirst = new LinkedHashMap<>();
        held.keySet().stream().sorted(Comparator.comparing((String f) -> -records.get(f)))
                .forEach(f -> largestFirst.put(f, held.get(f)));
        return largestFirst;
    }

    /**
     * The force and whole months the settings ask for (the force with the most records held, and all its
     * months held, where they do not say), with the months held and missing.
     *
     * @throws ChoiceProblem when nothing is held, the force is not held, the period ends before it starts,
     *                       or no month of it is held
     */
    @Transactional(readOnly = true)
    public AnalysisPeriod period(Settings settings) {
        Map<String, List<YearMonth>> held = monthsHeld();
        if (held.isEmpty()) {
            throw new ChoiceProblem("force", "There are no records to analyse: import police.uk files first");
        }
        String force = settings.force() == null || settings.force().isBlank() ? held.keySet().iterator().next() : settings.force();
        List<YearMonth> months = held.get(force);
        if (months == null) {
            throw new ChoiceProblem("force", "No police.uk records are held for the force \"" + force
                    + "\": choose one of " + String.join(", ", held.keySet()));
        }
        YearMonth from = settings.from() == null ? months.get(0) : settings.from();
        YearMonth to = settings.to() == null ? months.get(months.size() - 1) : settings.to();
        if (to.isBefore(from)) {
            throw new ChoiceProblem("to", "The last month, " + AnalysisPeriod.months(List.of(to)) + ", is before the first, "
                    + AnalysisPeriod.months(List.of(from)) + ": choose a last month the same as the first or after it");
        }
        AnalysisPeriod period = AnalysisPeriod.of(force, from, to, months);
        if (period.held().isEmpty()) {
            throw new ChoiceProblem("from", "No police.uk records of " + force + " are held "
                    + (from.equals(to) ? "for " + AnalysisPeriod.months(List.of(from))
                    : "for any month from " + AnalysisPeriod.months(List.of(from)) + " to " + AnalysisPeriod.months(List.of(to)))
                    + ": choose a period with a month held (" + AnalysisPeriod.months(months) + ")");
        }
        return period;
    }

    @Transactional
    public long run(String title, Settings settings, Actor by) {
        return run(title, settings, by, stage -> { });
    }

    /** Runs the analysis, telling {@code stages} as each stage begins, and keeps it; returns the snapshot's id. */
    @Transactional
    public long run(String title, Settings settings, Actor by, Consumer<AnalysisRuns.Step> stages) {
        stages.accept(AnalysisRuns.Step.COUNTING);
        AnalysisPeriod period = period(settings);
        RecordCounting.Result counted = RecordCounting.fromCells(counts.count(settings.children(), settings.officerDefined(),
                period.force(), period.from(), period.to()), counts.vehicleSearches(period.force(), period.from(), period.to()));
        if (counted.records() == 0) {
            throw new IllegalArgumentException("There are no records " + (settings.childrenOnly() ? "of children aged " + settings.ages().words() + " " : "")
                    + "to analyse for " + period.force() + ", " + period.describe());
        }
        stages.accept(AnalysisRuns.Step.COMPUTING);
        Population population = settings.childrenOnly() ? Population.london(settings.ages().from(), settings.ages().to())
                : Population.london();
        Analysis analysis = Analyses.of(counted, population, settings, List.of(), period);
        if (settings.childrenOnly()) {
            // only the extended records of the same force and period
            PowerUseCounts.Scope scope = new PowerUseCounts.Scope(period.force(), period.firstDay(), period.lastDay(),
                    settings.ages());
            analysis = analysis.withSso(powerUses.childrenBySso(settings.officerDefined(), scope))
                    .withStripSearches(powerUses.childrenStripSearches(settings.officerDefined(), scope))
                    .withExtendedPeriod(Optional.ofNullable(powerUses.childrenPeriod(scope))
                            .map(p -> p[0] + " to " + p[1]).orElse(""))
                    .withBwv(powerUses.childrenBwvCoverage(scope))
                    .withSources(powerUses.childrenSources(scope))
                    .withSchools(Findings.schoolFunnels(powerUses.childrenBySchool(settings.officerDefined(), scope),
                            powerUses.latestRolls()));
        }
        stages.accept(AnalysisRuns.Step.WRITING);
        StringBuilder rates = new StringBuilder(RateRow.HEADER).append('\n');
        analysis.rows().forEach(row -> rates.append(row.csv()).append('\n'));
        boolean demonstration = jdbc.sql("select exists (select 1 from import_batch where demonstration and status = 'ACTIVE')")
                .query(Boolean.class).single();
        String description = (settings.childrenOnly() ? "children aged " + settings.ages().words() : "all ages") + ", "
                + (settings.officerDefined() ? "officer-defined" : "self-defined") + " ethnicity, reference "
                + settings.reference().label() + (settings.byBorough() ? ", by borough" : "") + "; force " + period.force();
        long id = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html, demonstration)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(title, by.name(), description, period.firstDay(), period.lastDay(),
                        counted.records(), rates.toString(), analysis.json(), new Report(analysis).html(), demonstration)
                .query(Long.class).single();
        auditTrail.record(by, "ANALYSIS_SNAPSHOT_SAVED", "analysis:" + id, null, title + " (" + description + "; "
                + period.describe() + "; " + counted.records() + " records)");
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

    private static Snapshot map(ResultSet rs, int row) throws SQLException {
        return new Snapshot(rs.getLong("id"), rs.getString("title"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"), rs.getString("settings"), rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class), rs.getLong("records"), rs.getString("rates_csv"),
                rs.getString("results_json"), rs.getString("report_html"), rs.getBoolean("demonstration"));
    }
}
