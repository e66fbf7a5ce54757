/**
 * Records of powers used: police.uk stop-and-search files and our extended records of powers used on
 * children, schools and Safer Schools Officer deployments, each imported whole or not at all, with
 * boroughs found from coordinates. Depends on the audit trail only. Events: seeds the demonstration records
 * on hearing identity's {@code DemonstrationAccountsReady}, then publishes {@code DemonstrationRecordsSeeded}
 * (ADR 0005).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Records of powers used", allowedDependencies = {"audit", "classification", "identity"})
package uk.saferschools.oversight.records;
