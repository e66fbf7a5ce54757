/**
 * Records of powers used: police.uk stop-and-search files and our extended records of powers used on
 * children, schools and Safer Schools Officer deployments, each imported whole or not at all, with
 * boroughs found from coordinates (geography).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Records of powers used", allowedDependencies = {"audit", "classification", "identity", "geography", "web"})
package uk.saferschools.oversight.records;
