package uk.saferschools.oversight.panel;

import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What the inbox hears of recommendations between the panel and the police: an issue tells the police
 * liaison and the panel, an answer or a report of implementation tells the panel. Each runs once the
 * recommendation's own transaction has committed, in a transaction of its own, and its event stays in
 * the event publication registry until it has (ADR 0005).
 */
@Component
class RecommendationNotices {

    private final Notifications notifications;

    RecommendationNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(RecommendationIssued issued) {
        String link = link(issued.reference());
        notifications.tell(Notifications.POLICE, "Recommendation " + issued.reference() + " was issued to the police: "
                + issued.title() + "; the response is due " + issued.responseDue(), link, issued.by().name());
        notifications.tell(Notifications.PANEL, "Recommendation " + issued.reference() + " was issued: " + issued.title(),
                link, issued.by().name());
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(ResponseReceived received) {
        notifications.tell(Notifications.PANEL, "The police answered recommendation " + received.reference() + ": "
                + received.decision().label().toLowerCase(Locale.UK), link(received.reference()), received.by().name());
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(ImplementationReported reported) {
        notifications.tell(Notifications.PANEL, "The police report recommendation " + reported.reference() + " implemented",
                link(reported.reference()), reported.by().name());
    }

    private static String link(String reference) {
        return "/panel/recommendations/" + reference;
    }
}
