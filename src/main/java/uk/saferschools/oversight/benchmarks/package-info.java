/**
 * Benchmarks: the populations that rates are measured against. Census 2021 TS021 (ethnic group by
 * local authority, all ages), the ONS ethnic group by single year of age file, and police force areas
 * as sets of boroughs. Depends on the shared classifications only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Benchmarks", allowedDependencies = "classification")
package uk.saferschools.oversight.benchmarks;
