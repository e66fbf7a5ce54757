/**
 * Places: the London boroughs with their ONS codes, names and boundaries as shipped with the product,
 * and the borough a point lies in. Used by records (to find a record's borough), analysis and
 * publication (to name boroughs). Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Geography")
package uk.saferschools.oversight.geography;
