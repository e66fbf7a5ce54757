package uk.saferschools.oversight.panel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Meetings of the panel: date, place, agenda, attendance with the quorum check, and minutes that go
 * draft → approved (by the chair) → published (by the secretariat). Draft and approved minutes are
 * never public. A new meeting's agenda starts with a follow-up of every issued recommendation that is
 * not closed, and flags those whose police response is overdue.
 *
 * <p>Quorum, until the terms of reference set another: more than half of the chair and members serving
 * on the day of the meeting.
 */
@Service
public class Meetings {

    /** Where minutes are. */
    public enum MinutesState {
        NONE("No minutes yet"), DRAFT("Draft minutes"), APPROVED("Approved, not yet published"), PUBLISHED("Published");

        private final String label;

        MinutesState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record AgendaItem(long id, int position, String title, String theme, String recommendation, boolean addedAutomatically) {
    }

    /** One person's attendance; {@code counted}: a chair or member serving on the day, so counted for the quorum. */
    public record Attendance(long memberId, String name, String organisation, Members.MemberRole role, String status,
                             boolean counted) {
        public boolean present() {
            return "PRESENT".equals(status);
        }
    }

    public record Minutes(int version, String body, String writtenBy, Instant writtenAt) {
    }

    /** Who approved the minutes and when: the role always, the username for the panel only. */
    public record Approval(String role, String username, Instant at) {
    }

    /**
     * The quorum, counting only the chair and members (see {@link Members.MemberRole#countsForQuorum()}):
     * {@code present} of the {@code serving} on the day, {@code needed} for a quorum. The secretariat, the
     * police liaison and observers are never counted.
     */
    public record Quorum(int present, int serving, int needed) {
        public boolean met() {
            return present >= needed;
        }

        /** The one sentence every page uses, e.g. "3 of the 4 chair and members present; quorate (quorum 3)". */
        public String summary() {
            return String.format(Locale.UK, "%,d of the %,d chair and members present; %s (quorum %,d)", present, serving,
                    met() ? "quorate" : "not quorate", needed);
        }
    }

    public record Meeting(long id, String title, Instant startsAt, String place, boolean online, MinutesState minutesState,
                          boolean demonstration, List<AgendaItem> agenda, List<Attendance> attendance, Quorum quorum,
                          Optional<Minutes> minutes, Optional<Approval> approval) {
        /** Present, but not counted for the quorum: the secretariat, the police liaison, observers. */
        public List<Attendance> alsoPresent() {
            return attendance.stream().filter(a -> a.present() && !a.counted()).toList();
        }
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Members members;
    private final Recommendations recommendations;
    private final Notifications notifications;

    Meetings(JdbcClient jdbc, AuditTrail auditTrail, Members members, Recommendations recommendations,
             Notifications notifications) {
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.members = members;
        this.recommendations = recommendations;
    }

    /** The secretariat arranges a meeting; its agenda starts with the open recommendations' follow-ups. */
    @Transactional
    public long arrange(String title, LocalDateTime startsAt, String place, boolean online, Actor by) {
        PanelRoles.require(Roles.secretariat(by) || Roles.chair(by), "arrange meetings");
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new IllegalArgumentException("Enter a title for the meeting, 200 characters or fewer");
        }
        if (startsAt == null) {
            throw new IllegalArgumentException("Enter the date and time of the meeting");
        }
        if (place == null || place.isBlank() || place.strip().length() > 300) {
            throw new IllegalArgumentException("Enter where the meeting is, or how to join it online");
        }
        long id = jdbc.sql("insert into meeting (title, starts_at, place, online, created_by) values (?, ?, ?, ?, ?) returning id")
                .params(title.strip(), startsAt.atZone(LondonTime.LONDON).toOffsetDateTime(), place.strip(), online, by.name())
                .query(Long.class).single();
        int position = 1;
        for (Recommendations.Recommendation r : recommendations.visibleTo(by)) {
            if (!r.status().issued() || r.status() == RecommendationStatus.CLOSED) {
                continue;
            }
            String itemTitle = (r.overdue() ? "Overdue police response: " : "Follow-up: ") + r.reference() + " " + r.title()
                    + " (" + r.status().label().toLowerCase(Locale.UK) + ")";
            jdbc.sql("insert into agenda_item (meeting_id, position, title, theme, recommendation_id, added_automatically) "
                    + "values (?, ?, ?, 'Recommendation follow-up', ?, true)").params(id, position++, itemTitle, r.id()).update();
        }
        auditTrail.record(by, "MEETING_ARRANGED", "meeting:" + id, null, title.strip() + " on " + startsAt);
        return id;
    }

    @Transactional
    public void addAgendaItem(long meetingId, String title, String theme, Actor by) {
        PanelRoles.require(Roles.secretariat(by) || Roles.chair(by), "set the agenda");
        if (title == null || title.isBlank() || title.strip().length() > 300) {
            throw new IllegalArgumentException("Enter the agenda item, 300 characters or fewer");
        }
        int position = jdbc.sql("select coalesce(max(position), 0) + 1 from agenda_item where meeting_id = ?").param(meetingId)
                .query(Integer.class).single();
        jdbc.sql("insert into agenda_item (meeting_id, position, title, theme) values (?, ?, ?, ?)")
                .params(meetingId, position, title.strip(), theme == null || theme.isBlank() ? null : theme.strip()).update();
        auditTrail.record(by, "AGENDA_ITEM_ADDED", "meeting:" + meetingId, null, title.strip());
    }

    /** Present or apologies, for one member. */
    @Transactional
    public void recordAttendance(long meetingId, long memberId, String status, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "record attendance");
        if (!"PRESENT".equals(status) && !"APOLOGIES".equals(status)) {
            throw new IllegalArgumentException("Choose present or apologies");
        }
        jdbc.sql("insert into attendance (meeting_id, member_id, status) values (?, ?, ?) "
                + "on conflict (meeting_id, member_id) do update set status = excluded.status").params(meetingId, memberId, status)
                .update();
        auditTrail.record(by, "ATTENDANCE_RECORDED", "meeting:" + meetingId, null, "member " + memberId + ": " + status);
    }

    /** The secretariat writes the minutes: each save a new version; only while they are a draft. */
    @Transactional
    public void writeMinutes(long meetingId, String body, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "write minutes");
        if (body == null || body.isBlank() || body.strip().length() > 100_000) {
            throw new IllegalArgumentException("Enter the minutes, 100,000 characters or fewer");
        }
        MinutesState state = state(meetingId);
        if (state != MinutesState.NONE && state != MinutesState.DRAFT) {
            throw new IllegalArgumentException("The minutes are " + state.label().toLowerCase(Locale.UK)
                    + " and can no longer be changed");
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from minutes_text where meeting_id = ?").param(meetingId)
                .query(Integer.class).single();
        jdbc.sql("insert into minutes_text (meeting_id, version, body, written_by) values (?, ?, ?, ?)")
                .params(meetingId, version, body.strip(), by.name()).update();
        jdbc.sql("update meeting set minutes_state = 'DRAFT' where id = ?").param(meetingId).update();
        auditTrail.record(by, "MINUTES_WRITTEN", "meeting:" + meetingId, null, "version " + version);
        String title = jdbc.sql("select title from meeting where id = ?").param(meetingId).query(String.class).single();
        notifications.tell(Notifications.CHAIR, "Draft minutes of " + title + " await your approval (version " + version + ")",
                "/panel/meetings/" + meetingId, by.name());
    }

    /**
     * The chair approves the minutes at the version the chair read: if the secretariat saved a newer version
     * since, nothing is approved. Approved minutes can no longer change, so the version approved is the one
     * published.
     */
    @Transactional
    public void approveMinutes(long meetingId, int versionRead, Actor by) {
        PanelRoles.require(Roles.chair(by), "approve minutes");
        MinutesState state = state(meetingId);
        int latest = jdbc.sql("select coalesce(max(version), 0) from minutes_text where meeting_id = ?").param(meetingId)
                .query(Integer.class).single();
        if (state == MinutesState.DRAFT && latest != versionRead) {
            throw new ChangedSinceOpenedException("the minutes", "version", versionRead, latest);
        }
        move(meetingId, MinutesState.DRAFT, MinutesState.APPROVED, " (version " + latest + ")", by);
        String title = jdbc.sql("select title from meeting where id = ?").param(meetingId).query(String.class).single();
        notifications.tell(Set.of(Role.SECRETARIAT),
                "The chair approved the minutes of " + title + " (version " + latest + "): they are ready to publish",
                "/panel/meetings/" + meetingId, by.name());
    }

    @Transactional
    public void publishMinutes(long meetingId, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "publish minutes");
        move(meetingId, MinutesState.APPROVED, MinutesState.PUBLISHED, "", by);
    }

    private void move(long meetingId, MinutesState from, MinutesState to, String auditDetail, Actor by) {
        MinutesState state = state(meetingId);
        if (state != from) {
            throw new IllegalArgumentException("The minutes are " + state.label().toLowerCase(Locale.UK)
                    + ": they cannot be " + (to == MinutesState.APPROVED ? "approved" : "published") + " now");
        }
        jdbc.sql("update meeting set minutes_state = ? where id = ?").params(to.name(), meetingId).update();
        auditTrail.record(by, "MINUTES_" + to.name(), "meeting:" + meetingId, from.name(), to.name() + auditDetail);
    }

    private MinutesState state(long meetingId) {
        return jdbc.sql("select minutes_state from meeting where id = ? for update").param(meetingId).query(String.class)
                .optional().map(MinutesState::valueOf)
                .orElseThrow(() -> new NoSuchElementException("No meeting " + meetingId));
    }

    /** All meetings, newest first. */
    @Transactional(readOnly = true)
    public List<Meeting> all(Actor viewer) {
        return jdbc.sql("select id from meeting order by starts_at desc").query(Long.class).list().stream()
                .map(id -> find(id, viewer)).flatMap(Optional::stream).toList();
    }

    /**
     * One meeting. Everyone sees a meeting's date, place and agenda; minutes are shown to the panel at
     * every stage, to everyone else only once published.
     */
    @Transactional(readOnly = true)
    public Optional<Meeting> find(long id, Actor viewer) {
        record Row(long id, String title, OffsetDateTime startsAt, String place, boolean online, MinutesState state,
                   boolean demonstration) {
        }
        Optional<Row> found = jdbc.sql("select * from meeting where id = ?").param(id)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("title"), rs.getObject("starts_at", OffsetDateTime.class),
                        rs.getString("place"), rs.getBoolean("online"), MinutesState.valueOf(rs.getString("minutes_state")),
                        rs.getBoolean("demonstration"))).optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        boolean panel = Roles.panel(viewer);
        List<AgendaItem> agenda = jdbc.sql("""
                select a.id, a.position, a.title, a.theme, r.reference, r.status, a.added_automatically from agenda_item a
                left join recommendation r on r.id = a.recommendation_id where a.meeting_id = ? order by a.position""").param(id)
                .query((rs, n) -> new AgendaItem(rs.getLong("id"), rs.getInt("position"), rs.getString("title"), rs.getString("theme"),
                        rs.getString("reference"), rs.getBoolean("added_automatically"))).list();
        LocalDate day = row.startsAt().atZoneSameInstant(LondonTime.LONDON).toLocalDate();
        List<Members.Member> serving = members.servingOn(day, true).stream().filter(m -> m.role().countsForQuorum()).toList();
        Set<Long> counted = serving.stream().map(Members.Member::id).collect(Collectors.toSet());
        List<Attendance> attendance = jdbc.sql("""
                select m.id, m.name, o.name as organisation, m.role, a.status from attendance a join panel_member m on m.id = a.member_id
                join organisation o on o.id = m.organisation_id where a.meeting_id = ? order by a.status desc, m.name""").param(id)
                .query((rs, n) -> new Attendance(rs.getLong("id"), rs.getString("name"), rs.getString("organisation"),
                        Members.MemberRole.valueOf(rs.getString("role")), rs.getString("status"),
                        counted.contains(rs.getLong("id")))).list();
        int present = (int) attendance.stream().filter(a -> a.present() && a.counted()).count();
        Quorum quorum = new Quorum(present, serving.size(), serving.size() / 2 + 1);
        Optional<Minutes> minutes = panel || row.state() == MinutesState.PUBLISHED
                ? jdbc.sql("select version, body, written_by, written_at from minutes_text where meeting_id = ? "
                        + "order by version desc limit 1").param(id)
                        .query((rs, n) -> new Minutes(rs.getInt("version"), rs.getString("body"), rs.getString("written_by"),
                                rs.getObject("written_at", OffsetDateTime.class).toInstant())).optional()
                : Optional.empty();
        Optional<Approval> approval = row.state() == MinutesState.APPROVED || row.state() == MinutesState.PUBLISHED
                ? approval(id, panel) : Optional.empty();
        return Optional.of(new Meeting(row.id(), row.title(), row.startsAt().toInstant(), row.place(), row.online(),
                row.state(), row.demonstration(), agenda, attendance, quorum, minutes, approval));
    }

    /**
     * Who approved the minutes, and when, from the audit trail (the approval's own record): in the role they
     * acted in, with the username for the panel only, as on recommendation timelines.
     */
    private Optional<Approval> approval(long meetingId, boolean panel) {
        // the exact subject (a filter by words would take meeting:1 for meeting:10), by the action's index
        return jdbc.sql("""
                select actor, actor_roles, occurred_at from audit_entry
                where action = 'MINUTES_APPROVED' and subject = ? order by sequence_no desc limit 1""")
                .param("meeting:" + meetingId)
                .query((rs, n) -> new Approval(Roles.acting(new Actor(rs.getString("actor"), rs.getString("actor_roles"))),
                        panel ? rs.getString("actor") : null, rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}
