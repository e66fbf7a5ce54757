/**
 * The Safer Schools Partnership Board: its members, recommendations to the police with their
 * responses, and meetings with minutes. Panel text is versioned and never overwritten; the police
 * answer in their own fields and can never change what the panel wrote. Events: publishes
 * {@code RecommendationIssued}, {@code ResponseReceived} and {@code ImplementationReported}, which its inbox
 * hears; seeds its demonstration panel on hearing identity's {@code DemonstrationAccountsReady} (ADR 0005).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Panel",
        allowedDependencies = {"audit", "web", "analysis", "identity"})
package uk.saferschools.oversight.panel;
