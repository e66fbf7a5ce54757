package uk.saferschools.oversight.scrutiny;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ResponseStatus;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.panel.Notifications;
import uk.saferschools.oversight.records.Encounters;

/**
 * Action points of body-worn video scrutiny (issue 15, item 3): what a review session asks of the police, raised
 * by the chair or the secretariat, about the session as a whole or one encounter of its sample. The police liaison
 * answers each in their own field (a later answer is a new version), and may suggest closing it; only the chair
 * closes it, with a note. An action point is {@link Status#NO_RESPONSE no response yet}, {@link Status#RESPONDED
 * responded}, {@link Status#SUGGEST_CLOSE suggest close} or {@link Status#CLOSED closed}: its latest status event.
 * Until closed it comes forward onto the agenda of every later session ({@link #carriedForward}), as open
 * recommendations come forward onto the panel's meetings.
 *
 * <p>Nothing is ever changed: the panel's text, each answer and each status event is a row of its own, and the
 * database refuses to update or delete them (V24), so the police cannot edit what the panel asked, nor anyone what
 * the police answered. Two people changing one action point at once cannot both succeed: the second is told it
 * changed ({@link ChangedSinceReadException}) and reads it again.
 *
 * <p>The panel (chair, members, secretariat) and the police liaison read action points: text, answers, status
 * and history. The police see the roles of the panel's people, not their names, and never a score (those stay
 * with {@link ReviewSessions}, which refuses the police). Every change goes into the audit trail.
 */
@Service
public class ActionPoints {

    /** Where an action point stands; the latest of its events. */
    public enum Status {
        NO_RESPONSE("No response yet"),
        RESPONDED("Responded"),
        SUGGEST_CLOSE("Police suggest closing"),
        CLOSED("Closed by the chair");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Not closed: it comes forward onto later sessions' agendas and may still be answered. */
        public boolean open() {
            return this != CLOSED;
        }
    }

    /** One answer of the police liaison, at a version (1 upwards). */
    public record Answer(int version, String text, boolean suggestClose, String writtenBy, OffsetDateTime writtenAt) {
    }

    /** One change of status: what it became, which answer made it (if one did), the note, by whom and in which role. */
    public record Event(int seq, Status status, Integer answerVersion, String note, String actor, String actorRole, OffsetDateTime at) {
    }

    /**
     * An action point as the viewer may see it.
     *
     * @param reference  "AP-" and its number, for agendas and papers
     * @param position   the encounter of the session's sample it is about (1 upwards), or null for the session
     * @param encounter  that encounter's pseudonymised reference ("E-…"), or null
     * @param version    how many status events it has had: give it back when answering or closing, so that a change
     *                   made since the viewer read it is not overlooked
     * @param answer     the latest answer, if the police have answered
     * @param answers    every answer, latest first
     * @param history    every status event, oldest first
     */
    public record ActionPoint(long id, String reference, long sessionId, String sessionTitle, LocalDate sessionHeldOn, Integer position,
                              String encounter, String text, String raisedBy, OffsetDateTime raisedAt, boolean demonstration,
                              Status status, int version, Optional<Answer> answer, List<Answer> answers, List<Event> history) {
    }

    /**
     * An answer or close refused because the action point changed after the viewer read it (a new answer or status
     * in between): a 409 on the pages, which show it again to read.
     */
    @ResponseStatus(HttpStatus.CONFLICT)
    public static final class ChangedSinceReadException extends IllegalStateException {
        ChangedSinceReadException(String reference) {
            super(reference + " changed since you opened it. Nothing was saved: read it again below, then decide");
        }
    }

    private static final int LONGEST = 5_000;

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Notifications notifications;

    ActionPoints(JdbcClient jdbc, AuditTrail auditTrail, Notifications notifications) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.notifications = notifications;
    }

    /**
     * The chair or the secretariat raises an action point from a review session, about one encounter of its sample
     * ({@code position}, 1 upwards) or, with null, the session as a whole. It starts with no response.
     *
     * @return its id
     */
    @Transactional
    public long raise(long sessionId, Integer position, String text, Actor by) {
        return raise(sessionId, position, text, by, false);
    }

    /** The same, marked as demonstration data when {@code demonstration}. */
    @Transactional
    long raise(long sessionId, Integer position, String text, Actor by, boolean demonstration) {
        if (!Roles.chair(by) && !Roles.secretariat(by)) {
            throw new SecurityException("Only the chair or the secretariat raises an action point");
        }
        long sampleId = jdbc.sql("select sample_id from bwv_review_session where id = ?").param(sessionId).query(Long.class).optional()
                .orElseThrow(() -> new NoSuchElementException("No review session " + sessionId));
        if (position != null && !jdbc.sql("select exists (select 1 from bwv_sample_encounter where sample_id = ? and position = ?)")
                .params(sampleId, position).query(Boolean.class).single()) {
            throw new IllegalArgumentException("The session's sample has no encounter " + position
                    + ": choose one of its encounters, or none for the session as a whole");
        }
        String kept = required(text, "Enter the action point: what the panel asks of the police");
        long id = jdbc.sql("insert into bwv_action_point (session_id, position, text, raised_by, demonstration) values (?, ?, ?, ?, ?) "
                        + "returning id")
                .params(sessionId, position, kept, by.name(), demonstration).query(Long.class).single();
        appendEvent(id, 1, Status.NO_RESPONSE, null, "", by);
        auditTrail.record(by, "BWV_ACTION_POINT_RAISED", subject(id), null,
                "session " + sessionId + (position == null ? "" : ", encounter " + position) + ": " + kept);
        String session = jdbc.sql("select title from bwv_review_session where id = ?").param(sessionId).query(String.class).single();
        notifications.tell(Set.of(Role.POLICE_LIAISON), "Action point " + reference(id) + " was raised at the video review “" + session
                + "”" + (position == null ? "" : ", about encounter " + position) + ", for the police to answer: " + kept, link(id), by.name());
        return id;
    }

    /**
     * The police liaison answers an action point that is not closed, and may suggest closing it: it becomes
     * {@link Status#SUGGEST_CLOSE suggest close} or otherwise {@link Status#RESPONDED responded}. A later answer is
     * a new version; earlier ones stay. Refused if the action point changed since it was read ({@code versionRead}).
     *
     * @return the status it now has
     */
    @Transactional
    public Status answer(long id, String text, boolean suggestClose, int versionRead, Actor by) {
        if (!Roles.police(by)) {
            throw new SecurityException("Only the police liaison answers an action point");
        }
        Current current = current(id);
        if (current.version() != versionRead) {
            throw new ChangedSinceReadException(reference(id));
        }
        return answer(id, current, text, suggestClose, by);
    }

    /** As {@link #answer(long, String, boolean, int, Actor)}, answering whatever it is now. */
    @Transactional
    public Status answer(long id, String text, boolean suggestClose, Actor by) {
        if (!Roles.police(by)) {
            throw new SecurityException("Only the police liaison answers an action point");
        }
        return answer(id, current(id), text, suggestClose, by);
    }

    private Status answer(long id, Current current, String text, boolean suggestClose, Actor by) {
        if (!current.status().open()) {
            throw new IllegalArgumentException(reference(id) + " is closed: it can no longer be answered");
        }
        String kept = required(text, "Enter the police's answer");
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from bwv_action_point_answer where action_point_id = ?").param(id)
                .query(Integer.class).single();
        try {
            jdbc.sql("insert into bwv_action_point_answer (action_point_id, version, text, suggest_close, written_by) values (?, ?, ?, ?, ?)")
                    .params(id, version, kept, suggestClose, by.name()).update();
        } catch (DuplicateKeyException e) {
            throw new ChangedSinceReadException(reference(id));
        }
        Status next = suggestClose ? Status.SUGGEST_CLOSE : Status.RESPONDED;
        appendEvent(id, current.version() + 1, next, version, "", by);
        auditTrail.record(by, "BWV_ACTION_POINT_ANSWERED", subject(id), current.status().name(), next.name() + " (answer version " + version + ")");
        notifications.tell(Set.of(Role.PANEL_MEMBER, Role.SECRETARIAT), "The police answered action point " + reference(id)
                + (suggestClose ? " and suggest that the chair closes it" : ""), link(id), by.name());
        return next;
    }

    /**
     * The chair closes an action point, with a note saying why. The chair may close it from any status: most often
     * when the police suggest closing, but also with no response or after a response, when the panel decides
     * nothing more is needed (the note says so, and the history keeps what it was). Closed is final: no reopening;
     * the panel raises a new one instead. Refused if it changed since the chair read it ({@code versionRead}).
     */
    @Transactional
    public void close(long id, String note, int versionRead, Actor by) {
        requireChair(by);
        Current current = current(id);
        if (current.version() != versionRead) {
            throw new ChangedSinceReadException(reference(id));
        }
        close(id, current, note, by);
    }

    /** As {@link #close(long, String, int, Actor)}, closing whatever it is now. */
    @Transactional
    public void close(long id, String note, Actor by) {
        requireChair(by);
        close(id, current(id), note, by);
    }

    private void close(long id, Current current, String note, Actor by) {
        if (!current.status().open()) {
            throw new IllegalArgumentException(reference(id) + " is already closed");
        }
        String kept = required(note, "Say why the panel closes the action point");
        appendEvent(id, current.version() + 1, Status.CLOSED, null, kept, by);
        auditTrail.record(by, "BWV_ACTION_POINT_CLOSED", subject(id), current.status().name(), Status.CLOSED.name() + ": " + kept);
        notifications.tell(Set.of(Role.POLICE_LIAISON, Role.PANEL_MEMBER, Role.SECRETARIAT), "The chair closed action point "
                + reference(id) + ": " + kept, link(id), by.name());
    }

    /** Where an action point is read: its card on the action points page. */
    static String link(long id) {
        return "/panel/scrutiny/action-points#" + reference(id);
    }

    /** One action point, for the panel or the police liaison. */
    @Transactional(readOnly = true)
    public ActionPoint find(long id, Actor who) {
        requireReader(who);
        return load("ap.id = ?", new Object[]{id}, who).stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("No action point " + reference(id)));
    }

    /** Every action point raised at a session, whatever its status, in the order raised. */
    @Transactional(readOnly = true)
    public List<ActionPoint> raisedAt(long sessionId, Actor who) {
        requireReader(who);
        return load("ap.session_id = ?", new Object[]{sessionId}, who);
    }

    /** Every action point, whatever its status, from the earliest session on. */
    @Transactional(readOnly = true)
    public List<ActionPoint> all(Actor who) {
        requireReader(who);
        return load("true", new Object[0], who);
    }

    /** Every action point not closed, from the earliest session on: what the police still have to answer or the chair to close. */
    @Transactional(readOnly = true)
    public List<ActionPoint> open(Actor who) {
        requireReader(who);
        return load(OPEN, new Object[0], who);
    }

    /**
     * What comes forward onto a session's agenda: the action points not closed now, raised at sessions held before
     * its date (the session's own, and those of sessions on the same day, are not carried forward to it).
     */
    @Transactional(readOnly = true)
    public List<ActionPoint> carriedForward(long sessionId, Actor who) {
        requireReader(who);
        return load(OPEN + " and s.held_on < ?", new Object[]{heldOn(sessionId)}, who);
    }

    /**
     * What goes forward from a session to the next: the action points not closed now, raised at it or at sessions held
     * before or on its date. What {@link #carriedForward} gives a session held after it, once nothing else comes between.
     */
    @Transactional(readOnly = true)
    public List<ActionPoint> forNextSession(long sessionId, Actor who) {
        requireReader(who);
        return load(OPEN + " and s.held_on <= ?", new Object[]{heldOn(sessionId)}, who);
    }

    /** Not closed: the latest event is not CLOSED. */
    private static final String OPEN = """
            (select e.status from bwv_action_point_event e where e.action_point_id = ap.id order by e.seq desc limit 1) <> 'CLOSED'""";

    private LocalDate heldOn(long sessionId) {
        return jdbc.sql("select held_on from bwv_review_session where id = ?").param(sessionId).query(LocalDate.class).optional()
                .orElseThrow(() -> new NoSuchElementException("No review session " + sessionId));
    }

    /** The action points matching {@code where}, oldest session first, with their answers and histories, as {@code who} may see them. */
    private List<ActionPoint> load(String where, Object[] params, Actor who) {
        record Row(long id, long sessionId, String sessionTitle, LocalDate heldOn, Integer position, String recordKey, String text,
                   String raisedBy, OffsetDateTime raisedAt, boolean demonstration) {
        }
        List<Row> rows = jdbc.sql("""
                        select ap.id, ap.session_id, s.title, s.held_on, ap.position, se.record_key, ap.text, ap.raised_by, ap.raised_at,
                               ap.demonstration
                        from bwv_action_point ap
                        join bwv_review_session s on s.id = ap.session_id
                        left join bwv_sample_encounter se on se.sample_id = s.sample_id and se.position = ap.position
                        where\s""" + where + " order by s.held_on, ap.session_id, ap.id").params(params)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getLong("session_id"), rs.getString("title"),
                        rs.getObject("held_on", LocalDate.class), (Integer) rs.getObject("position"), rs.getString("record_key"),
                        rs.getString("text"), rs.getString("raised_by"), rs.getObject("raised_at", OffsetDateTime.class),
                        rs.getBoolean("demonstration"))).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        Map<Long, List<Answer>> answers = new HashMap<>();
        jdbc.sql("select * from bwv_action_point_answer where action_point_id = any(?) order by version desc").param(ids)
                .query((rs, n) -> Map.entry(rs.getLong("action_point_id"), new Answer(rs.getInt("version"), rs.getString("text"),
                        rs.getBoolean("suggest_close"), rs.getString("written_by"), rs.getObject("written_at", OffsetDateTime.class))))
                .list().forEach(e -> answers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, List<Event>> events = new HashMap<>();
        jdbc.sql("select * from bwv_action_point_event where action_point_id = any(?) order by seq").param(ids)
                .query((rs, n) -> Map.entry(rs.getLong("action_point_id"), event(rs, who))).list()
                .forEach(e -> events.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return rows.stream().map(r -> {
            List<Event> history = events.getOrDefault(r.id(), List.of());
            List<Answer> given = answers.getOrDefault(r.id(), List.of());
            Event latest = history.get(history.size() - 1);
            String raisedBy = Roles.panel(who) ? r.raisedBy() : history.get(0).actorRole();
            return new ActionPoint(r.id(), reference(r.id()), r.sessionId(), r.sessionTitle(), r.heldOn(), r.position(),
                    r.recordKey() == null ? null : Encounters.reference(r.recordKey().strip()), r.text(), raisedBy, r.raisedAt(),
                    r.demonstration(), latest.status(), history.size(), given.stream().findFirst(), List.copyOf(given), List.copyOf(history));
        }).toList();
    }

    /** An event as {@code who} sees it: outside the panel, a panel member's name is replaced by their role. */
    private static Event event(ResultSet rs, Actor who) throws SQLException {
        String role = rs.getString("actor_role");
        String actor = Roles.panel(who) || "Police liaison".equals(role) ? rs.getString("actor") : role;
        return new Event(rs.getInt("seq"), Status.valueOf(rs.getString("status")), (Integer) rs.getObject("answer_version"),
                rs.getString("note"), actor, role, rs.getObject("at", OffsetDateTime.class));
    }

    /** The status and version (number of events) of an action point now. */
    private record Current(Status status, int version) {
    }

    private Current current(long id) {
        return jdbc.sql("select status, seq from bwv_action_point_event where action_point_id = ? order by seq desc limit 1").param(id)
                .query((rs, n) -> new Current(Status.valueOf(rs.getString("status")), rs.getInt("seq"))).optional()
                .orElseThrow(() -> new NoSuchElementException("No action point " + reference(id)));
    }

    /** Appends a status event; if someone appended one first (the same number), the change is refused, not lost. */
    private void appendEvent(long id, int seq, Status status, Integer answerVersion, String note, Actor by) {
        try {
            jdbc.sql("insert into bwv_action_point_event (action_point_id, seq, status, answer_version, note, actor, actor_role) "
                    + "values (?, ?, ?, ?, ?, ?, ?)").params(id, seq, status.name(), answerVersion, note, by.name(), Roles.acting(by))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ChangedSinceReadException(reference(id));
        }
    }

    static String reference(long id) {
        return String.format(Locale.ROOT, "AP-%03d", id);
    }

    private static String subject(long id) {
        return "bwv-action-point:" + id;
    }

    private static String required(String text, String message) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        if (text.strip().length() > LONGEST) {
            throw new IllegalArgumentException("Keep it to 5,000 characters or fewer");
        }
        return text.strip();
    }

    private static void requireChair(Actor by) {
        if (!Roles.chair(by)) {
            throw new SecurityException("Only the chair closes an action point");
        }
    }

    private static void requireReader(Actor who) {
        if (!Roles.panel(who) && !Roles.police(who)) {
            throw new SecurityException("Action points are for the panel and the police liaison");
        }
    }
}
