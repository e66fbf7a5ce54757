package uk.saferschools.oversight.panel;

import uk.saferschools.oversight.audit.Actor;

/** The police reported a recommendation's action plan done; {@link RecommendationNotices} tells the panel. */
public record ImplementationReported(String reference, Actor by) {
}
