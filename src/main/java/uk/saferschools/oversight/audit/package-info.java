/**
 * The audit trail: an append-only, hash-chained record of who did what, when, in which role, to
 * what, with a short before/after summary. Every module records through {@link
 * uk.saferschools.oversight.audit.AuditTrail}; auditors read it at {@code /audit}; {@code
 * ./oversight audit verify} checks the chain. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit trail")
package uk.saferschools.oversight.audit;
