/**
 * The public site: what the service and the panel are, what the data shows (published analyses only,
 * disclosure-controlled), the publication schedule, documents, answers to the five Freedom of
 * Information questions from live data, and the open data API. It reads a kept analysis only as
 * {@code analysis.SnapshotFindings} and does disclosure control on it ({@code PublishedTables}): [c]
 * for the police.uk figures, and the cell key perturbation of {@code statistics.PerturbationTable} for every
 * count from our extended records (ADR 0017), with the notice that totals may not add up on each page and
 * CSV; an analysis kept without cell keys has those figures withheld; publishes
 * police.uk figures only for fixed reporting periods ({@code ReportingPeriods}), each protected together with
 * the earlier publications over the same records ({@code JointProtection}, ADR 0010).
 * Nothing depends on this module.
 * Events: publishes {@code AnalysisPublished}, {@code PublicationProposed}, {@code PublicationProposalDeclined}
 * and {@code ProposedAnalysisPublished}, and hears them to answer proposals and tell the panel inbox; seeds its
 * demonstration publication on hearing records' {@code DemonstrationRecordsSeeded} (ADR 0005).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Publication",
        allowedDependencies = {"analysis", "panel", "statistics", "classification", "identity", "audit", "web", "records :: events", "scrutiny"})
package uk.saferschools.oversight.publication;
