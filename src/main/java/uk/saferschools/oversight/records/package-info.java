/**
 * Records of powers used: police.uk stop-and-search files and our extended records of powers used on
 * children, schools, Safer Schools Officer deployments and school rolls, with boroughs found from
 * coordinates (geography). Every file goes in through one gate ({@link ImportBatches}:
 * size, bytes, same content, rejection, problems, quarantine and audit), with one small
 * {@link ImportPipeline} a format behind it, and is imported whole or not
 * at all; each import committed is announced as {@link ImportCompleted}.
 * Who is a child is {@link Children}. Each extended record has a secret record key for cell key
 * perturbation (ADR 0017), the same across re-imports ({@link PerturbationKeys}, filled in at start-up for
 * records kept before V20), and {@link PowerUseCounts} gives each count the sum of its records' keys as
 * its cell key; keys never leave the service. Uploads import in the background on the node that received them,
 * their progress kept in the database for any node to show (ADR 0015). Seeds the demonstration records
 * on hearing identity's {@code DemonstrationAccountsReady}, then publishes {@code DemonstrationRecordsSeeded}
 * (ADR 0005). Uses the audit trail, classification, identity, geography and web.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Records of powers used", allowedDependencies = {"audit", "classification", "identity", "geography", "web"})
package uk.saferschools.oversight.records;
