/**
 * The statistics of DESIGN.md section 5, as plain Java: count tables in, results out, no framework and
 * no I/O. Each method names the formula it implements. The server and the command line use the same
 * core. Distributions come from Hipparchus. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Statistics")
package uk.saferschools.oversight.statistics;
