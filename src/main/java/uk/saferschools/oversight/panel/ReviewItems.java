package uk.saferschools.oversight.panel;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;

/**
 * What the panel reviews, of the four kinds in its remit, each with a description (its author's edits
 * are new versions), evidence (papers and analysis snapshots), comments (the police comment too, in
 * their own words) and an outcome the chair records. Seen by the panel and the police liaison.
 */
@Service
class ReviewItems {

    public enum Kind {
        EXISTING_APPROACH("Existing approach"), PROPOSED_INITIATIVE("Proposed initiative"),
        ORGANISATIONAL_LEARNING("Organisational learning"), THINK_TANK_IDEA("Think-tank idea");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Outcome {
        OPEN("Under review"), NOTED("Noted"), RECOMMENDATION_MADE("Recommendation made"), CLOSED("Closed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Text(int version, String title, String description, String writtenBy, Instant writtenAt) {
    }

    public record Comment(String body, String writtenBy, String role, Instant writtenAt) {
    }

    public record Evidence(String kind, String title, String path) {
    }

    public record Item(long id, Kind kind, Outcome outcome, String outcomeNote, String recommendation, String createdBy,
                       boolean demonstration, Text text, int versions, List<Comment> comments, List<Evidence> evidence) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;

    ReviewItems(JdbcClient jdbc, AuditTrail auditTrail) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
    }

    @Transactional
    public long create(Kind kind, String title, String description, Actor by) {
        PanelRoles.require(Roles.member(by) || Roles.secretariat(by), "add review items");
        if (kind == null) {
            throw new IllegalArgumentException("Choose the kind of item");
        }
        requireText(title, description);
        long id = jdbc.sql("insert into review_item (kind, created_by) values (?, ?) returning id").params(kind.name(), by.name())
                .query(Long.class).single();
        jdbc.sql("insert into review_item_text (review_item_id, version, title, description, written_by) values (?, 1, ?, ?, ?)")
                .params(id, title.strip(), description.strip(), by.name()).update();
        auditTrail.record(by, "REVIEW_ITEM_ADDED", "review-item:" + id, null, kind.label() + ": " + title.strip());
        return id;
    }

    /** The author rewrites the item: a new version. */
    @Transactional
    public void revise(long id, String title, String description, Actor by) {
        Item item = find(id, by).orElseThrow(() -> new NoSuchElementException("No review item " + id));
        PanelRoles.require(item.createdBy().equals(by.name()) && (Roles.member(by) || Roles.secretariat(by)),
                "change another person's review item");
        requireText(title, description);
        int version = item.versions() + 1;
        jdbc.sql("insert into review_item_text (review_item_id, version, title, description, written_by) values (?, ?, ?, ?, ?)")
                .params(id, version, title.strip(), description.strip(), by.name()).update();
        auditTrail.record(by, "REVIEW_ITEM_REVISED", "review-item:" + id, "version " + item.versions(), "version " + version);
    }

    @Transactional
    public void comment(long id, String body, Actor by) {
        PanelRoles.require(Roles.panel(by) || Roles.police(by), "comment on review items");
        if (body == null || body.isBlank() || body.strip().length() > 5_000) {
            throw new IllegalArgumentException("Enter the comment, 5,000 characters or fewer");
        }
        jdbc.sql("insert into review_comment (review_item_id, body, written_by, written_role) values (?, ?, ?, ?)")
                .params(id, body.strip(), by.name(), Roles.acting(by)).update();
        auditTrail.record(by, "REVIEW_ITEM_COMMENTED", "review-item:" + id, null, "comment");
    }

    @Transactional
    public void addPaper(long id, long paperId, Actor by) {
        PanelRoles.require(Roles.member(by) || Roles.secretariat(by), "add evidence");
        jdbc.sql("insert into review_evidence (review_item_id, paper_id, added_by) values (?, ?, ?)").params(id, paperId, by.name()).update();
        auditTrail.record(by, "REVIEW_EVIDENCE_ADDED", "review-item:" + id, null, "paper:" + paperId);
    }

    @Transactional
    public void addSnapshot(long id, long snapshotId, Actor by) {
        PanelRoles.require(Roles.member(by) || Roles.secretariat(by), "add evidence");
        if (!jdbc.sql("select exists (select 1 from analysis_snapshot where id = ?)").param(snapshotId).query(Boolean.class).single()) {
            throw new IllegalArgumentException("Choose an analysis snapshot");
        }
        jdbc.sql("insert into review_evidence (review_item_id, analysis_snapshot_id, added_by) values (?, ?, ?)")
                .params(id, snapshotId, by.name()).update();
        auditTrail.record(by, "REVIEW_EVIDENCE_ADDED", "review-item:" + id, null, "analysis:" + snapshotId);
    }

    /** The chair records the outcome: noted, recommendation made (naming it), or closed. */
    @Transactional
    public void decide(long id, Outcome outcome, String note, String recommendation, Actor by) {
        PanelRoles.require(Roles.chair(by), "record the outcome of a review item");
        if (outcome == null || outcome == Outcome.OPEN) {
            throw new IllegalArgumentException("Choose the outcome: noted, recommendation made, or closed");
        }
        Long recommendationId = null;
        if (outcome == Outcome.RECOMMENDATION_MADE) {
            recommendationId = jdbc.sql("select id from recommendation where reference = ?")
                    .param(recommendation == null ? "" : recommendation.strip()).query(Long.class).optional()
                    .orElseThrow(() -> new IllegalArgumentException("Enter the reference of the recommendation made, such as R-004"));
        }
        String before = jdbc.sql("select outcome from review_item where id = ?").param(id).query(String.class).single();
        jdbc.sql("update review_item set outcome = ?, outcome_note = ?, recommendation_id = ? where id = ?")
                .params(outcome.name(), note == null || note.isBlank() ? null : note.strip(), recommendationId, id).update();
        auditTrail.record(by, "REVIEW_ITEM_DECIDED", "review-item:" + id, before, outcome.name());
    }

    @Transactional(readOnly = true)
    public List<Item> all(Actor viewer) {
        return jdbc.sql("select id from review_item order by id desc").query(Long.class).list().stream()
                .map(id -> find(id, viewer)).flatMap(Optional::stream).toList();
    }

    /**
     * One item as the viewer sees it. The police liaison sees what the panel chose to show them: the text
     * written by "the panel" (not which member, nor after how many versions), comments by role, only
     * evidence that is public (papers marked public, snapshots published, under their public titles), and
     * the recommendation made only once it is issued.
     */
    @Transactional(readOnly = true)
    public Optional<Item> find(long id, Actor viewer) {
        boolean panel = Roles.panel(viewer);
        if (!panel && !Roles.police(viewer)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select i.*, r.reference, r.status as recommendation_status, t.version, t.title, t.description, t.written_by,
                       t.written_at
                from review_item i left join recommendation r on r.id = i.recommendation_id
                join lateral (select * from review_item_text where review_item_id = i.id order by version desc limit 1) t on true
                where i.id = ?""").param(id)
                .query((rs, n) -> new Item(rs.getLong("id"), Kind.valueOf(rs.getString("kind")),
                        Outcome.valueOf(rs.getString("outcome")), rs.getString("outcome_note"),
                        recommendationShown(rs.getString("reference"), rs.getString("recommendation_status"), panel),
                        panel ? rs.getString("created_by") : "", rs.getBoolean("demonstration"),
                        new Text(panel ? rs.getInt("version") : 0, rs.getString("title"), rs.getString("description"),
                                panel ? rs.getString("written_by") : "the panel",
                                rs.getObject("written_at", OffsetDateTime.class).toInstant()),
                        panel ? rs.getInt("version") : 0, List.of(), List.of())).optional()
                .map(item -> new Item(item.id(), item.kind(), item.outcome(), item.outcomeNote(), item.recommendation(),
                        item.createdBy(), item.demonstration(), item.text(), item.versions(), comments(id, panel),
                        panel ? evidenceForPanel(id) : publicEvidence(id)));
    }

    /** The recommendation an item led to: for the police, only once it is issued. */
    private static String recommendationShown(String reference, String status, boolean panel) {
        return reference == null || panel || RecommendationStatus.valueOf(status).issued() ? reference : null;
    }

    /** Comments with their writer's role; outside the panel without the writer's name. */
    private List<Comment> comments(long id, boolean panel) {
        return jdbc.sql("select body, written_by, written_role, written_at from review_comment where review_item_id = ? "
                + "order by id").param(id).query((rs, n) -> new Comment(rs.getString("body"),
                panel ? rs.getString("written_by") : null, rs.getString("written_role"),
                rs.getObject("written_at", OffsetDateTime.class).toInstant())).list();
    }

    private List<Evidence> evidenceForPanel(long id) {
        return jdbc.sql("""
                select case when e.paper_id is not null then 'Paper' else 'Analysis snapshot' end as kind,
                       coalesce(p.title, s.title) as title,
                       case when e.paper_id is not null then '/panel/papers/' || e.paper_id
                            else '/analysis/' || e.analysis_snapshot_id end as path
                from review_evidence e left join paper p on p.id = e.paper_id
                left join analysis_snapshot s on s.id = e.analysis_snapshot_id
                where e.review_item_id = ? order by e.id""").param(id)
                .query((rs, n) -> new Evidence(rs.getString("kind"), rs.getString("title"), rs.getString("path"))).list();
    }

    /** Only the evidence everyone may see: papers marked public, and snapshots as published (their public title). */
    private List<Evidence> publicEvidence(long id) {
        return jdbc.sql("""
                select case when e.paper_id is not null then 'Paper' else 'Published analysis' end as kind,
                       case when e.paper_id is not null then p.title else pub.title end as title,
                       case when e.paper_id is not null then '/papers/' || e.paper_id else '/publications/' || pub.id end as path
                from review_evidence e left join paper p on p.id = e.paper_id
                left join publication pub on pub.analysis_snapshot_id = e.analysis_snapshot_id
                where e.review_item_id = ? and (p.public or pub.id is not null) order by e.id""").param(id)
                .query((rs, n) -> new Evidence(rs.getString("kind"), rs.getString("title"), rs.getString("path"))).list();
    }

    private static void requireText(String title, String description) {
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new IllegalArgumentException("Enter a title, 200 characters or fewer");
        }
        if (description == null || description.isBlank() || description.strip().length() > 20_000) {
            throw new IllegalArgumentException("Enter a description, 20,000 characters or fewer");
        }
    }
}
