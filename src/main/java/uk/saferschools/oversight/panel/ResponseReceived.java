package uk.saferschools.oversight.panel;

import uk.saferschools.oversight.audit.Actor;

/** The police answered a recommendation (a first answer or a later version); {@link RecommendationNotices} tells the panel. */
public record ResponseReceived(String reference, PoliceDecision decision, int responseVersion, Actor by) {
}
