package uk.saferschools.oversight.panel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Recommendations of the panel to the police: drafted by members (each edit a new version), agreed by
 * the panel (the chair records the decision), issued with a date for the police response, answered by
 * the police liaison (accepted, partly accepted or not accepted, with reasons and an action plan with
 * dates), and moved on until closed, each change with who and why on a timeline. Drafts and agreed but
 * unissued recommendations are seen by the panel only; issued ones are public.
 */
@Service
public class Recommendations {

    /** The panel's text at one version. */
    public record Text(int version, String title, String body, String writtenBy, Instant writtenAt) {
    }

    /** One action of a police action plan. */
    public record Action(String action, LocalDate dueOn) {
    }

    /** The police's answer at one version. */
    public record Response(int version, PoliceDecision decision, String reasons, List<Action> actions, String writtenBy,
                           Instant writtenAt) {
    }

    /** One change of status: when, in which role (and by whom, for the panel), and why. */
    public record TimelineEntry(Instant at, String actor, String actorRole, RecommendationStatus from, RecommendationStatus to,
                                String note) {
    }

    /** A recommendation as a viewer may see it. */
    public record Recommendation(long id, String reference, RecommendationStatus status, LocalDate responseDue,
                                 Instant issuedAt, boolean overdue, boolean demonstration, Text text, List<Text> versions,
                                 Optional<Response> response, List<TimelineEntry> timeline) {
        public String title() {
            return text.title();
        }
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;

    Recommendations(JdbcClient jdbc, AuditTrail auditTrail, Notifications notifications, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.notifications = notifications;
        this.events = events;
    }

    /** A member drafts a recommendation; returns its reference. */
    @Transactional
    public String draft(String title, String body, Actor by) {
        PanelRoles.require(Roles.member(by), "draft a recommendation");
        requireText(title, body);
        long id = jdbc.sql("select nextval('recommendation_id_seq')").query(Long.class).single();
        String reference = String.format("R-%03d", id);
        jdbc.sql("insert into recommendation (id, reference, status, created_by) values (?, ?, 'DRAFT', ?)")
                .params(id, reference, by.name()).update();
        writeText(id, 1, title, body, by);
        event(id, by, null, RecommendationStatus.DRAFT, "Drafted");
        auditTrail.record(by, "RECOMMENDATION_DRAFTED", "recommendation:" + reference, null, title.strip());
        notifications.tell(Notifications.CHAIR, "Draft recommendation " + reference + " awaits the panel's agreement: "
                + title.strip(), "/panel/recommendations/" + reference, by.name());
        return reference;
    }

    /** A member revises a draft: a new version; the earlier ones stay (no check of what was read). */
    @Transactional
    public void revise(String reference, String title, String body, Actor by) {
        revise(reference, title, body, null, by);
    }

    /**
     * A member revises a draft from version {@code versionRead} (the one their form showed): a new version.
     * If another member saved a version since, nothing is saved ({@link ChangedSinceOpenedException}), so
     * that two members revising at once never silently replace each other's text. {@code null}: the caller
     * read no version.
     */
    @Transactional
    public void revise(String reference, String title, String body, Integer versionRead, Actor by) {
        PanelRoles.require(Roles.member(by), "change the panel's text");
        requireText(title, body);
        Row row = row(reference);
        if (row.status != RecommendationStatus.DRAFT) {
            throw new IllegalArgumentException("Only a draft can be revised: " + reference + " is "
                    + row.status.label().toLowerCase(Locale.UK));
        }
        Text latest = texts(row.id).get(0);
        if (versionRead != null && versionRead != latest.version()) {
            throw ChangedSinceOpenedException.edited("the draft of " + reference, "version", versionRead, latest.version());
        }
        writeText(row.id, latest.version() + 1, title, body, by);
        auditTrail.record(by, "RECOMMENDATION_REVISED", "recommendation:" + reference, "version " + latest.version(),
                "version " + (latest.version() + 1));
    }

    /**
     * The chair records that the panel agreed the draft, at the version the chair read: if a member saved a
     * newer version since, nothing is agreed. Once agreed the text can no longer change, so the version
     * agreed is the one issued.
     */
    @Transactional
    public void agree(String reference, String decision, int versionRead, Actor by) {
        PanelRoles.require(Roles.chair(by), "record the panel's agreement");
        String note = requireNote(decision, "Say when and how the panel agreed it, for example at which meeting");
        Row row = row(reference);
        int latest = texts(row.id).get(0).version();
        if (row.status == RecommendationStatus.DRAFT && latest != versionRead) {
            throw new ChangedSinceOpenedException(reference, "version", versionRead, latest);
        }
        move(reference, RecommendationStatus.DRAFT, RecommendationStatus.AGREED, note, " (text version " + latest + ")", by);
    }

    /** The chair or secretariat issues an agreed recommendation to the police, with the date a response is due. */
    @Transactional
    public void issue(String reference, LocalDate responseDue, Actor by) {
        PanelRoles.require(Roles.chair(by) || Roles.secretariat(by), "issue a recommendation");
        LocalDate today = LocalDate.now(LondonTime.LONDON);
        if (responseDue == null || !responseDue.isAfter(today)) {
            throw new IllegalArgumentException("Enter the date the police response is due, after today");
        }
        Row row = move(reference, RecommendationStatus.AGREED, RecommendationStatus.OPEN,
                "Issued to the police; response due " + responseDue, by);
        jdbc.sql("update recommendation set response_due = ?, issued_at = now() where id = ?").params(responseDue, row.id).update();
        String title = texts(row.id).get(0).title();
        events.publishEvent(new RecommendationIssued(reference, title, responseDue, by));
    }

    /**
     * The police liaison answers: the decision, reasons, and (unless not accepted) an action plan. A
     * later answer is a new version. Not accepted moves the recommendation to not accepted; otherwise it
     * is in progress.
     */
    @Transactional
    public void respond(String reference, PoliceDecision decision, String reasons, List<Action> actions, Actor by) {
        respond(reference, decision, reasons, actions, null, by);
    }

    /**
     * As above, from response version {@code versionRead}, the one the liaison's form started from (0: there
     * was none yet). If another answer was saved since, nothing is saved ({@link ChangedSinceOpenedException}),
     * so that two people answering at once never silently replace each other's response (ADR 0020). The check
     * is made under the recommendation's row lock, so two answers at the same moment are taken one after the
     * other. {@code null}: the caller read no version.
     */
    @Transactional
    public void respond(String reference, PoliceDecision decision, String reasons, List<Action> actions, Integer versionRead,
                        Actor by) {
        PanelRoles.require(Roles.police(by), "answer for the police");
        Row row = row(reference);
        if (!row.status.issued() || row.status == RecommendationStatus.CLOSED) {
            throw new IllegalArgumentException("Only an issued recommendation that is not closed can be answered");
        }
        int latest = jdbc.sql("select coalesce(max(version), 0) from police_response where recommendation_id = ?")
                .param(row.id).query(Integer.class).single();
        if (versionRead != null && versionRead != latest) {
            throw ChangedSinceOpenedException.edited("the police response to " + reference, "response version", versionRead,
                    latest);
        }
        if (decision == null) {
            throw new IllegalArgumentException("Choose whether the police accept the recommendation");
        }
        String why = requireNote(reasons, "Give the reasons for the decision");
        if (decision != PoliceDecision.NOT_ACCEPTED && actions.isEmpty()) {
            throw new IllegalArgumentException("Give at least one action of the plan, with its date");
        }
        int version = latest + 1;
        jdbc.sql("insert into police_response (recommendation_id, version, decision, reasons, written_by) values (?, ?, ?, ?, ?)")
                .params(row.id, version, decision.name(), why, by.name()).update();
        for (int i = 0; i < actions.size(); i++) {
            jdbc.sql("insert into response_action (recommendation_id, response_version, position, action, due_on) "
                    + "values (?, ?, ?, ?, ?)").params(row.id, version, i + 1, actions.get(i).action(), actions.get(i).dueOn()).update();
        }
        RecommendationStatus next = decision == PoliceDecision.NOT_ACCEPTED ? RecommendationStatus.NOT_ACCEPTED
                : RecommendationStatus.IN_PROGRESS;
        setStatus(row, next, "Police response: " + decision.label().toLowerCase(Locale.UK), by);
        events.publishEvent(new ResponseReceived(reference, decision, version, by));
        auditTrail.record(by, "RECOMMENDATION_ANSWERED", "recommendation:" + reference, row.status.name(),
                decision.name() + " (response version " + version + ")");
    }

    /** The police liaison reports the action plan done. */
    @Transactional
    public void reportImplemented(String reference, String note, Actor by) {
        PanelRoles.require(Roles.police(by), "report for the police");
        move(reference, RecommendationStatus.IN_PROGRESS, RecommendationStatus.IMPLEMENTED,
                requireNote(note, "Say what was done"), by);
        events.publishEvent(new ImplementationReported(reference, by));
    }

    /** The chair closes an issued recommendation, saying why. */
    @Transactional
    public void close(String reference, String reason, Actor by) {
        PanelRoles.require(Roles.chair(by), "close a recommendation");
        Row row = row(reference);
        if (!row.status.issued() || row.status == RecommendationStatus.CLOSED) {
            throw new IllegalArgumentException("Only an issued recommendation that is not closed can be closed");
        }
        setStatus(row, RecommendationStatus.CLOSED, requireNote(reason, "Say why the panel closes it"), by);
    }

    /**
     * What the viewer may see, newest first: everything for the panel, issued ones for everyone else. Read
     * in five queries whatever the number of recommendations (texts, latest responses with their actions,
     * and timelines each in one).
     */
    @Transactional(readOnly = true)
    public List<Recommendation> visibleTo(Actor viewer) {
        Map<String, Row> rows = new LinkedHashMap<>();
        jdbc.sql("select reference, id, status, response_due, issued_at, demonstration from recommendation order by id desc")
                .query((rs, n) -> Map.entry(rs.getString("reference"), row(rs))).list().stream()
                .filter(e -> e.getValue().status.issued() || Roles.panel(viewer))
                .forEach(e -> rows.put(e.getKey(), e.getValue()));
        if (rows.isEmpty()) {
            return List.of();
        }
        Long[] ids = rows.values().stream().map(Row::id).toArray(Long[]::new);
        Map<Long, List<Text>> texts = new HashMap<>();
        jdbc.sql("select recommendation_id, version, title, body, written_by, written_at from recommendation_text "
                        + "where recommendation_id = any(?) order by version desc").param(ids)
                .query((rs, n) -> Map.entry(rs.getLong("recommendation_id"), text(rs))).list()
                .forEach(e -> texts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, Response> responses = new HashMap<>();
        jdbc.sql("select distinct on (recommendation_id) recommendation_id, version, decision, reasons, written_by, written_at "
                        + "from police_response where recommendation_id = any(?) order by recommendation_id, version desc").param(ids)
                .query((rs, n) -> Map.entry(rs.getLong("recommendation_id"), response(rs))).list()
                .forEach(e -> responses.put(e.getKey(), e.getValue()));
        Map<String, List<Action>> actions = new HashMap<>();
        jdbc.sql("select recommendation_id, response_version, action, due_on from response_action where recommendation_id = any(?) "
                        + "order by position").param(ids)
                .query((rs, n) -> Map.entry(rs.getLong("recommendation_id") + "/" + rs.getInt("response_version"),
                        new Action(rs.getString("action"), rs.getObject("due_on", LocalDate.class)))).list()
                .forEach(e -> actions.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, List<TimelineEntry>> timelines = new HashMap<>();
        jdbc.sql("select recommendation_id, at, actor, actor_role, from_status, to_status, note from recommendation_event "
                        + "where recommendation_id = any(?) order by id").param(ids)
                .query((rs, n) -> Map.entry(rs.getLong("recommendation_id"), timelineEntry(rs))).list()
                .forEach(e -> timelines.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return rows.entrySet().stream().map(e -> {
            Row row = e.getValue();
            Response response = responses.get(row.id);
            return assemble(e.getKey(), row, texts.getOrDefault(row.id, List.of()), Optional.ofNullable(response)
                            .map(r -> withActions(r, actions.getOrDefault(row.id + "/" + r.version(), List.of()))),
                    timelines.getOrDefault(row.id, List.of()), viewer);
        }).toList();
    }

    /** One recommendation, if the viewer may see it. */
    @Transactional(readOnly = true)
    public Optional<Recommendation> find(String reference, Actor viewer) {
        Optional<Row> found = jdbc.sql("select id, status, response_due, issued_at, demonstration from recommendation "
                + "where reference = ?").param(reference).query((rs, n) -> row(rs)).optional();
        if (found.isEmpty() || !(found.get().status.issued() || Roles.panel(viewer))) {
            return Optional.empty();
        }
        Row row = found.get();
        Optional<Response> response = jdbc.sql("select version, decision, reasons, written_by, written_at from police_response "
                + "where recommendation_id = ? order by version desc limit 1").param(row.id)
                .query((rs, n) -> response(rs)).optional()
                .map(r -> withActions(r, jdbc.sql("select action, due_on from response_action "
                        + "where recommendation_id = ? and response_version = ? order by position").params(row.id, r.version())
                        .query((rs, n) -> new Action(rs.getString("action"), rs.getObject("due_on", LocalDate.class))).list()));
        List<TimelineEntry> timeline = jdbc.sql("select at, actor, actor_role, from_status, to_status, note from recommendation_event "
                + "where recommendation_id = ? order by id").param(row.id).query((rs, n) -> timelineEntry(rs)).list();
        return Optional.of(assemble(reference, row, texts(row.id), response, timeline, viewer));
    }

    /**
     * A recommendation as the viewer sees it. Outside the panel: only its latest text, written by "the
     * panel" (not by which member, nor after how many drafts), and its timeline from the issue on, by role.
     */
    private static Recommendation assemble(String reference, Row row, List<Text> texts, Optional<Response> response,
                                           List<TimelineEntry> timeline, Actor viewer) {
        if (!Roles.panel(viewer)) {
            // outside the panel: only what happened from the issue on, and roles rather than names
            timeline = timeline.stream().filter(e -> e.to().issued())
                    .map(e -> new TimelineEntry(e.at(), e.actorRole(), e.actorRole(), e.from(), e.to(), e.note())).toList();
            Text latest = texts.get(0);
            texts = List.of(new Text(0, latest.title(), latest.body(), "the panel", latest.writtenAt()));
        }
        boolean overdue = row.status == RecommendationStatus.OPEN && row.responseDue != null
                && row.responseDue.isBefore(LocalDate.now(LondonTime.LONDON));
        return new Recommendation(row.id, reference, row.status, row.responseDue,
                row.issuedAt == null ? null : row.issuedAt.toInstant(), overdue, row.demonstration, texts.get(0), texts,
                response, timeline);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), RecommendationStatus.valueOf(rs.getString("status")),
                rs.getObject("response_due", LocalDate.class), rs.getObject("issued_at", OffsetDateTime.class),
                rs.getBoolean("demonstration"));
    }

    private static Text text(ResultSet rs) throws SQLException {
        return new Text(rs.getInt("version"), rs.getString("title"), rs.getString("body"), rs.getString("written_by"),
                rs.getObject("written_at", OffsetDateTime.class).toInstant());
    }

    private static Response response(ResultSet rs) throws SQLException {
        return new Response(rs.getInt("version"), PoliceDecision.valueOf(rs.getString("decision")), rs.getString("reasons"),
                List.of(), rs.getString("written_by"), rs.getObject("written_at", OffsetDateTime.class).toInstant());
    }

    private static Response withActions(Response r, List<Action> actions) {
        return new Response(r.version(), r.decision(), r.reasons(), actions, r.writtenBy(), r.writtenAt());
    }

    private static TimelineEntry timelineEntry(ResultSet rs) throws SQLException {
        return new TimelineEntry(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"), rs.getString("actor_role"),
                rs.getString("from_status") == null ? null : RecommendationStatus.valueOf(rs.getString("from_status")),
                RecommendationStatus.valueOf(rs.getString("to_status")), rs.getString("note"));
    }

    private record Row(long id, RecommendationStatus status, LocalDate responseDue, OffsetDateTime issuedAt,
                       boolean demonstration) {
    }

    private Row row(String reference) {
        return jdbc.sql("select id, status, response_due, issued_at, demonstration from recommendation where reference = ? for update")
                .param(reference).query((rs, n) -> row(rs)).optional()
                .orElseThrow(() -> new NoSuchElementException("No recommendation " + reference));
    }

    private List<Text> texts(long id) {
        return jdbc.sql("select version, title, body, written_by, written_at from recommendation_text "
                + "where recommendation_id = ? order by version desc").param(id).query((rs, n) -> text(rs)).list();
    }

    private Row move(String reference, RecommendationStatus from, RecommendationStatus to, String note, Actor by) {
        return move(reference, from, to, note, "", by);
    }

    /** As the move above, with a detail for the audit trail only (not the timeline). */
    private Row move(String reference, RecommendationStatus from, RecommendationStatus to, String note, String auditDetail,
                     Actor by) {
        Row row = row(reference);
        if (row.status != from) {
            throw new IllegalArgumentException(reference + " is " + row.status.label().toLowerCase(Locale.UK)
                    + ": it cannot become " + to.label().toLowerCase(Locale.UK));
        }
        setStatus(row, to, note, auditDetail, by);
        return row;
    }

    private void setStatus(Row row, RecommendationStatus to, String note, Actor by) {
        setStatus(row, to, note, "", by);
    }

    private void setStatus(Row row, RecommendationStatus to, String note, String auditDetail, Actor by) {
        jdbc.sql("update recommendation set status = ? where id = ?").params(to.name(), row.id).update();
        event(row.id, by, row.status, to, note);
        auditTrail.record(by, "RECOMMENDATION_STATUS", "recommendation:" + String.format("R-%03d", row.id), row.status.name(),
                to.name() + ": " + note + auditDetail);
    }

    private void event(long id, Actor by, RecommendationStatus from, RecommendationStatus to, String note) {
        jdbc.sql("insert into recommendation_event (recommendation_id, actor, actor_role, from_status, to_status, note) "
                + "values (?, ?, ?, ?, ?, ?)").params(id, by.name(), Roles.acting(by), from == null ? null : from.name(),
                to.name(), note).update();
    }

    private void writeText(long id, int version, String title, String body, Actor by) {
        jdbc.sql("insert into recommendation_text (recommendation_id, version, title, body, written_by) values (?, ?, ?, ?, ?)")
                .params(id, version, title.strip(), body.strip(), by.name()).update();
    }

    private static void requireText(String title, String body) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("Enter a title for the recommendation");
        }
        if (title.strip().length() > 200) {
            throw new IllegalArgumentException("The title must be 200 characters or fewer");
        }
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("Enter what the panel recommends");
        }
        if (body.strip().length() > 20_000) {
            throw new IllegalArgumentException("The recommendation must be 20,000 characters or fewer");
        }
    }

    private static String requireNote(String note, String message) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        if (note.strip().length() > 5_000) {
            throw new IllegalArgumentException("Keep it to 5,000 characters or fewer");
        }
        return note.strip();
    }
}
