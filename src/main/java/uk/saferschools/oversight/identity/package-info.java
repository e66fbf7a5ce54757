/**
 * Identity: accounts, the roles of DESIGN.md section 2, sign-in and the security of every page.
 * Other modules use {@link uk.saferschools.oversight.identity.Role} names in their
 * {@code @PreAuthorize} rules and with {@code Actor.holds}, and {@link uk.saferschools.oversight.identity.Recipients}
 * (whom the panel's inbox tells); nothing else of this package. Depends on the audit trail only. Events:
 * publishes {@code DemonstrationAccountsReady} at each start that wants demonstration data, which starts its
 * seeding in the other modules (ADR 0005).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity", allowedDependencies = "audit")
package uk.saferschools.oversight.identity;
