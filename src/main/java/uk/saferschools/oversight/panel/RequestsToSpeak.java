package uk.saferschools.oversight.panel;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The panel asks to speak to a role or a named member of MPS staff involved in Safer Schools policing,
 * saying why; the police liaison schedules it or declines with reasons; the secretariat minutes what
 * came of it.
 */
@Service
class RequestsToSpeak {

    public enum Status {
        REQUESTED("Requested"), SCHEDULED("Scheduled"), DECLINED("Declined by the police"), HELD("Held and minuted");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Request(long id, String staff, String purpose, String requestedBy, Instant requestedAt, Status status,
                          Instant scheduledFor, String policeNote, String outcome, boolean demonstration) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Notifications notifications;

    RequestsToSpeak(JdbcClient jdbc, AuditTrail auditTrail, Notifications notifications) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.notifications = notifications;
    }

    @Transactional
    public long request(String staff, String purpose, Actor by) {
        PanelRoles.require(Roles.panel(by), "ask to speak to police staff");
        if (staff == null || staff.isBlank() || staff.strip().length() > 200) {
            throw new IllegalArgumentException("Enter the role or name of the member of staff, 200 characters or fewer");
        }
        if (purpose == null || purpose.isBlank() || purpose.strip().length() > 5_000) {
            throw new IllegalArgumentException("Say what the panel wants to discuss, 5,000 characters or fewer");
        }
        long id = jdbc.sql("insert into request_to_speak (staff, purpose, requested_by) values (?, ?, ?) returning id")
                .params(staff.strip(), purpose.strip(), by.name()).query(Long.class).single();
        auditTrail.record(by, "SPEAK_REQUESTED", "request-to-speak:" + id, null, staff.strip());
        notifications.tell(Notifications.POLICE, "The panel asks to speak to " + staff.strip(), "/panel/requests-to-speak", by.name());
        return id;
    }

    @Transactional
    public void schedule(long id, LocalDateTime when, String note, Actor by) {
        PanelRoles.require(Roles.police(by), "schedule for the police");
        if (when == null) {
            throw new IllegalArgumentException("Enter the date and time of the meeting with the member of staff");
        }
        move(id, Status.REQUESTED, Status.SCHEDULED, by);
        notifications.tell(Notifications.PANEL, "The police scheduled a request to speak for " + when.toLocalDate(),
                "/panel/requests-to-speak", by.name());
        jdbc.sql("update request_to_speak set scheduled_for = ?, police_note = ?, answered_by = ? where id = ?")
                .params(when.atZone(LondonTime.LONDON).toOffsetDateTime(), note == null || note.isBlank() ? null : note.strip(),
                        by.name(), id).update();
    }

    @Transactional
    public void decline(long id, String reasons, Actor by) {
        PanelRoles.require(Roles.police(by), "decline for the police");
        if (reasons == null || reasons.isBlank()) {
            throw new IllegalArgumentException("Give the reasons for declining");
        }
        move(id, Status.REQUESTED, Status.DECLINED, by);
        notifications.tell(Notifications.PANEL, "The police declined a request to speak", "/panel/requests-to-speak", by.name());
        jdbc.sql("update request_to_speak set police_note = ?, answered_by = ? where id = ?").params(reasons.strip(), by.name(), id)
                .update();
    }

    @Transactional
    public void minute(long id, String outcome, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "minute the outcome");
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("Enter what came of the meeting, for the minutes");
        }
        move(id, Status.SCHEDULED, Status.HELD, by);
        jdbc.sql("update request_to_speak set outcome = ? where id = ?").params(outcome.strip(), id).update();
    }

    @Transactional(readOnly = true)
    public List<Request> all(Actor viewer) {
        if (!Roles.panel(viewer) && !Roles.police(viewer)) {
            return List.of();
        }
        // the police see that the panel asked, not which member
        boolean panel = Roles.panel(viewer);
        return jdbc.sql("select * from request_to_speak order by id desc")
                .query((rs, n) -> new Request(rs.getLong("id"), rs.getString("staff"), rs.getString("purpose"),
                        panel ? rs.getString("requested_by") : "the panel",
                        rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                        Status.valueOf(rs.getString("status")),
                        rs.getObject("scheduled_for", OffsetDateTime.class) == null ? null
                                : rs.getObject("scheduled_for", OffsetDateTime.class).toInstant(),
                        rs.getString("police_note"), rs.getString("outcome"), rs.getBoolean("demonstration"))).list();
    }

    private void move(long id, Status from, Status to, Actor by) {
        Status now = jdbc.sql("select status from request_to_speak where id = ? for update").param(id).query(String.class).optional()
                .map(Status::valueOf).orElseThrow(() -> new NoSuchElementException("No request " + id));
        if (now != from) {
            throw new IllegalArgumentException("The request is " + now.label().toLowerCase(Locale.UK)
                    + ": it cannot be " + to.label().toLowerCase(Locale.UK) + " now");
        }
        jdbc.sql("update request_to_speak set status = ? where id = ?").params(to.name(), id).update();
        auditTrail.record(by, "SPEAK_" + to.name(), "request-to-speak:" + id, from.name(), to.name());
    }
}
