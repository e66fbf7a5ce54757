/**
 * Disproportionality analysis: counts of powers used by ethnic group, against population benchmarks,
 * through the statistics core; the {@code analyse} command and its open-data files.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analysis",
        allowedDependencies = {"records", "benchmarks", "statistics", "classification", "audit", "geography"})
package uk.saferschools.oversight.analysis;
