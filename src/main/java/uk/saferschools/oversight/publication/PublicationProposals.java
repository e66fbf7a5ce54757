package uk.saferschools.oversight.publication;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import uk.saferschools.oversight.analysis.AnalysisSnapshots;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;

/**
 * Analysts' proposals to publish a kept analysis. The analyst who ran it knows what it can and cannot
 * say, so they propose it, with a title for the public and their reasons; the secretariat decides:
 * it publishes the analysis (which answers the proposal) or declines it with reasons, and the analyst
 * may then propose it again. At most one proposal per analysis is open at a time; what was proposed is
 * never changed, and every step is in the audit trail.
 */
@Service
public class PublicationProposals {

    /** A proposal and, once decided, the decision: published (with the publication) or declined (with reasons). */
    public record Proposal(long id, long snapshotId, String title, String reasons, String proposedBy, Instant proposedAt,
                           Long publicationId, String declinedReason, String decidedBy, Instant decidedAt) {

        public boolean undecided() {
            return publicationId == null && declinedReason == null;
        }

        public boolean declined() {
            return declinedReason != null;
        }
    }

    /**
     * Where an analysis stands: its publication if it is published, the open proposal if there is one,
     * and the latest declined proposal (so the analyst sees why before proposing again).
     */
    public record Standing(Long publicationId, Proposal open, Proposal lastDeclined) {

        public boolean published() {
            return publicationId != null;
        }

        /** The analyst may propose it: neither published nor already proposed. */
        public boolean proposable() {
            return publicationId == null && open == null;
        }
    }

    private static final int MOST_TITLE = 200;
    private static final int MOST_TEXT = 5_000;

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final AnalysisSnapshots snapshots;
    private final ApplicationEventPublisher events;

    PublicationProposals(JdbcClient jdbc, AuditTrail auditTrail, AnalysisSnapshots snapshots, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.snapshots = snapshots;
        this.events = events;
    }

    /** An analyst proposes a kept analysis for publication, with a title for the public and their reasons. */
    @Transactional
    public long propose(long snapshotId, String title, String reasons, Actor by) {
        if (!by.holds(Role.ANALYST.name())) {
            throw new SecurityException("Only an analyst proposes an analysis for publication");
        }
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(snapshotId)
                .orElseThrow(() -> new IllegalArgumentException("There is no analysis " + snapshotId));
        Standing standing = forSnapshot(snapshotId);
        if (standing.published()) {
            throw new IllegalArgumentException("This analysis is already published");
        }
        if (standing.open() != null) {
            throw alreadyProposed(standing.open());
        }
        if (title == null || title.isBlank() || title.strip().length() > MOST_TITLE) {
            throw new IllegalArgumentException("Enter a title for the public, 200 characters or fewer");
        }
        if (reasons == null || reasons.isBlank() || reasons.strip().length() > MOST_TEXT) {
            throw new IllegalArgumentException("Enter why it should be published, 5,000 characters or fewer");
        }
        long id;
        try {
            id = jdbc.sql("""
                    insert into publication_proposal (analysis_snapshot_id, proposed_title, reasons, proposed_by)
                    values (?, ?, ?, ?) returning id""")
                    .params(snapshotId, title.strip(), reasons.strip(), by.name()).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            // someone else proposed it at the same moment (the transaction cannot be read from after the refusal)
            throw alreadyProposed(null);
        }
        auditTrail.record(by, "PUBLICATION_PROPOSED", "analysis:" + snapshotId, null,
                "proposal:" + id + " " + title.strip() + " – " + reasons.strip());
        events.publishEvent(new PublicationProposed(id, snapshotId, snapshot.title(), title.strip(), by));
        return id;
    }

    private static IllegalArgumentException alreadyProposed(Proposal open) {
        return new IllegalArgumentException(open == null ? "This analysis is already proposed for publication"
                : "This analysis is already proposed for publication, by " + open.proposedBy()
                        + ": the secretariat has not decided yet");
    }

    /** The secretariat declines a proposal, saying why; the analyst may propose the analysis again. */
    @Transactional
    public Proposal decline(long id, String reason, Actor by) {
        if (!by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the secretariat declines a proposal to publish");
        }
        Proposal proposal = byId(id).orElseThrow(() -> new IllegalArgumentException("There is no proposal " + id));
        if (reason == null || reason.isBlank() || reason.strip().length() > MOST_TEXT) {
            throw new IllegalArgumentException("Enter why it will not be published, 5,000 characters or fewer, so that the analyst knows");
        }
        int declined = jdbc.sql("""
                update publication_proposal set declined_reason = ?, decided_by = ?, decided_at = now()
                where id = ? and publication_id is null and declined_reason is null""")
                .params(reason.strip(), by.name(), id).update();
        if (declined == 0) {
            throw new IllegalArgumentException("This proposal has already been decided");
        }
        auditTrail.record(by, "PUBLICATION_PROPOSAL_DECLINED", "analysis:" + proposal.snapshotId(),
                "proposal:" + id + " by " + proposal.proposedBy(), reason.strip());
        events.publishEvent(new PublicationProposalDeclined(id, proposal.snapshotId(), proposal.title(), reason.strip(), by));
        return byId(id).orElseThrow();
    }

    /**
     * Once the secretariat has published an analysis, its open proposal (if any) is answered by that
     * publication, in a transaction of its own after the publication's (kept in the event publication
     * registry until it is done).
     */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void answer(AnalysisPublished published) {
        markPublished(published.snapshotId(), published.publicationId(), published.by());
    }

    /** Answers the open proposal of the analysis, if any, by its publication. Returns whether there was one. */
    @Transactional
    public boolean markPublished(long snapshotId, long publicationId, Actor by) {
        Optional<Proposal> open = jdbc.sql("""
                select * from publication_proposal
                where analysis_snapshot_id = ? and publication_id is null and declined_reason is null""")
                .param(snapshotId).query(PublicationProposals::map).optional();
        if (open.isEmpty()) {
            return false;
        }
        int marked = jdbc.sql("""
                update publication_proposal set publication_id = ?, decided_by = ?, decided_at = now()
                where id = ? and publication_id is null and declined_reason is null""")
                .params(publicationId, by.name(), open.get().id()).update();
        if (marked == 0) {
            return false;
        }
        auditTrail.record(by, "PUBLICATION_PROPOSAL_PUBLISHED", "analysis:" + snapshotId, "proposal:" + open.get().id(),
                "publication:" + publicationId);
        events.publishEvent(new ProposedAnalysisPublished(open.get().id(), snapshotId, publicationId, open.get().title(), by));
        return true;
    }

    /** Proposals waiting for the secretariat, oldest first. */
    @Transactional(readOnly = true)
    public List<Proposal> open() {
        return jdbc.sql("""
                select * from publication_proposal r
                where r.publication_id is null and r.declined_reason is null
                  and not exists (select 1 from publication p where p.analysis_snapshot_id = r.analysis_snapshot_id)
                order by r.proposed_at, r.id""").query(PublicationProposals::map).list();
    }

    @Transactional(readOnly = true)
    public Optional<Proposal> byId(long id) {
        return jdbc.sql("select * from publication_proposal where id = ?").param(id).query(PublicationProposals::map).optional();
    }

    /** Where an analysis stands, for its page. */
    @Transactional(readOnly = true)
    public Standing forSnapshot(long snapshotId) {
        Long publication = jdbc.sql("select id from publication where analysis_snapshot_id = ?").param(snapshotId)
                .query(Long.class).optional().orElse(null);
        List<Proposal> proposals = jdbc.sql("select * from publication_proposal where analysis_snapshot_id = ? order by id desc")
                .param(snapshotId).query(PublicationProposals::map).list();
        Proposal open = publication != null ? null : proposals.stream().filter(Proposal::undecided).findFirst().orElse(null);
        Proposal declined = proposals.stream().filter(Proposal::declined).findFirst().orElse(null);
        return new Standing(publication, open, declined);
    }

    private static Proposal map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime decidedAt = rs.getObject("decided_at", OffsetDateTime.class);
        return new Proposal(rs.getLong("id"), rs.getLong("analysis_snapshot_id"), rs.getString("proposed_title"),
                rs.getString("reasons"), rs.getString("proposed_by"), rs.getObject("proposed_at", OffsetDateTime.class).toInstant(),
                rs.getObject("publication_id", Long.class), rs.getString("declined_reason"), rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant());
    }
}
