package uk.saferschools.oversight.publication;

import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.panel.Notifications;

/**
 * What the panel inbox hears of proposals to publish: the secretariat of each proposal, the analysts of
 * each answer. Each reaction runs once the proposal's own transaction has committed, in a transaction of
 * its own, and its event stays in the event publication registry until it has (ADR 0005). The inbox is
 * the panel's, which publication reads for the public site, so the panel cannot listen to publication's
 * events without a cycle: this listener, in publication, tells it.
 */
@Component
class ProposalNotices {

    private final Notifications notifications;

    ProposalNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(PublicationProposed proposed) {
        notifications.tell(Set.of(Role.SECRETARIAT), proposed.by().name() + " proposes the analysis “" + proposed.analysisTitle()
                + "” for publication as “" + proposed.proposedTitle() + "”", "/analysis/" + proposed.snapshotId() + "#publish",
                proposed.by().name());
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(PublicationProposalDeclined declined) {
        notifications.tell(Set.of(Role.ANALYST), "The secretariat declined to publish “" + declined.proposedTitle() + "”: "
                + declined.reason(), "/analysis/" + declined.snapshotId(), declined.by().name());
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(ProposedAnalysisPublished published) {
        notifications.tell(Set.of(Role.ANALYST), "The analysis you proposed, “" + published.proposedTitle() + "”, is published",
                "/publications/" + published.publicationId(), published.by().name());
    }
}
