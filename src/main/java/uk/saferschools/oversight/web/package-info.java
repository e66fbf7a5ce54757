/**
 * The site's shell: the GOV.UK Design System styles and scripts served by the application itself,
 * the page layout every module's templates use, and error pages. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package uk.saferschools.oversight.web;
