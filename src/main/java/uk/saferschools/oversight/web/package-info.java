/**
 * The site's shell: the GOV.UK Design System styles and scripts served by the application itself,
 * the page layout every module's templates use, error pages, and cells of CSV that a spreadsheet never runs
 * ({@link uk.saferschools.oversight.web.SafeCsv}). Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package uk.saferschools.oversight.web;
