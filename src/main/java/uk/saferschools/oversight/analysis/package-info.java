/**
 * Disproportionality analysis: counts of powers used by ethnic group, against population benchmarks,
 * through the statistics core; the {@code analyse} command and its open-data files. A kept analysis is
 * read by other modules only through {@link uk.saferschools.oversight.analysis.SnapshotFindings} (from
 * {@code AnalysisSnapshots.Snapshot.findings()}), its results.json with a format version (ADR 0016), and
 * drawn with {@link uk.saferschools.oversight.analysis.Charts}. Analyses run in the
 * background on any node, kept in the database by db-scheduler (ADR 0015).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analysis",
        allowedDependencies = {"records", "benchmarks", "statistics", "classification", "audit", "geography"})
package uk.saferschools.oversight.analysis;
