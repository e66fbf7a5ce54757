/**
 * Records of powers used: police.uk stop-and-search files and our extended records of powers used on
 * children, schools and Safer Schools Officer deployments, each imported whole or not at all, with
 * boroughs found from coordinates. Uploads import in the background on the node that received them, their
 * progress kept in the database for any node to show (ADR 0015). Events: seeds the demonstration records
 * on hearing identity's {@code DemonstrationAccountsReady}, then publishes {@code DemonstrationRecordsSeeded}
 * (ADR 0005). Uses the audit trail, classification and identity.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Records of powers used", allowedDependencies = {"audit", "classification", "identity"})
package uk.saferschools.oversight.records;
