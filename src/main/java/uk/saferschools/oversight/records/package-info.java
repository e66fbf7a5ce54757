/**
 * Records of powers used: police.uk stop-and-search files and our extended records of powers used on
 * children, schools, Safer Schools Officer deployments and school rolls, with boroughs found from
 * coordinates. Every file goes in through one gate ({@link ImportBatches}:
 * size, bytes, same content, rejection, problems, quarantine and audit), with one small
 * {@link ImportPipeline} a format behind it, and is imported whole or not
 * at all; each import committed is announced as {@link ImportCompleted}.
 * Who is a child is {@link Children}. Depends on the audit trail only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Records of powers used", allowedDependencies = {"audit", "classification", "identity"})
package uk.saferschools.oversight.records;
