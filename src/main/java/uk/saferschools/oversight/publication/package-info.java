/**
 * The public site: what the service is for, and (in later issues) what the panel does and what the
 * data shows. Nothing depends on this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Publication")
package uk.saferschools.oversight.publication;
