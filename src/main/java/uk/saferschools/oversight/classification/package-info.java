/**
 * Shared vocabulary of the data: ethnic groups (the five broad groups and the nineteen Census 2021
 * categories). Plain Java, used by records, benchmarks, analysis and publication alike; depends on nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Classifications")
package uk.saferschools.oversight.classification;
