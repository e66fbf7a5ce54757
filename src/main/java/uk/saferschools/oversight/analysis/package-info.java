/**
 * Disproportionality analysis: counts of powers used by ethnic group, against population benchmarks,
 * through the statistics core; the {@code analyse} command and its open-data files. Analyses run in the
 * background on any node, kept in the database by db-scheduler (ADR 0015).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analysis",
        allowedDependencies = {"records", "benchmarks", "statistics", "classification", "audit"})
package uk.saferschools.oversight.analysis;
