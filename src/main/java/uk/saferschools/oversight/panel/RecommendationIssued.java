package uk.saferschools.oversight.panel;

import java.time.LocalDate;
import uk.saferschools.oversight.audit.Actor;

/** The chair or secretariat issued a recommendation to the police; {@link RecommendationNotices} tells them and the panel. */
public record RecommendationIssued(String reference, String title, LocalDate responseDue, Actor by) {
}
