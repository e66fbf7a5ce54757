/**
 * The statistics of DESIGN.md section 5, as plain Java: count tables in, results out, no framework and
 * no I/O. Each method names the formula it implements. The server and the command line use the same
 * core. Distributions come from Hipparchus; the intruder's linear programs ({@code Intruder}), which audit
 * suppression within one table and across publications, are solved by {@code Simplex}. The cell key method's
 * perturbation table ({@link PerturbationTable}: maximum entropy, maximum change 3, variance 1, no published 1
 * or 2, zero stays zero) turns a count and its cell key into the count published. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Statistics")
package uk.saferschools.oversight.statistics;
