package uk.saferschools.oversight.panel;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.identity.Recipients;
import uk.saferschools.oversight.identity.Role;

/**
 * Each account's inbox of what changed on the panel: new papers, police responses received,
 * recommendations issued, requests to speak, items falling due; for the chair, drafts awaiting the
 * panel's agreement, minutes awaiting approval and comments on the terms of reference; for the police
 * liaison, a consultation on the terms of reference opening. Messages never hold record-level
 * data, only what the recipient's role may already see, and a link to it.
 */
@Service
public class Notifications {

    public record Notification(long id, Instant at, String message, String link, boolean read) {
    }

    static final Set<Role> PANEL = Set.of(Role.PANEL_MEMBER, Role.SECRETARIAT);
    static final Set<Role> POLICE = Set.of(Role.POLICE_LIAISON);
    static final Set<Role> CHAIR = Set.of(Role.CHAIR);

    private final JdbcClient jdbc;
    private final Recipients recipients;

    Notifications(JdbcClient jdbc, Recipients recipients) {
        this.jdbc = jdbc;
        this.recipients = recipients;
    }

    /** Tells everyone with one of the roles, except whoever caused it. */
    @Transactional
    public void tell(Set<Role> roles, String message, String link, String exceptUsername) {
        for (Recipients.Recipient r : recipients.withAnyRole(roles)) {
            if (!r.username().equalsIgnoreCase(exceptUsername)) {
                jdbc.sql("insert into notification (username, message, link) values (?, ?, ?)").params(r.username(), message, link).update();
            }
        }
    }

    @Transactional(readOnly = true)
    public List<Notification> inbox(String username) {
        return jdbc.sql("select id, created_at, message, link, read_at from notification where username = ? order by id desc limit 200")
                .param(username).query((rs, n) -> new Notification(rs.getLong("id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("message"),
                        rs.getString("link"), rs.getObject("read_at") != null)).list();
    }

    @Transactional(readOnly = true)
    public long unread(String username) {
        return jdbc.sql("select count(*) from notification where username = ? and read_at is null").param(username)
                .query(Long.class).single();
    }

    @Transactional
    public void markAllRead(String username) {
        jdbc.sql("update notification set read_at = now() where username = ? and read_at is null").param(username).update();
    }
}
