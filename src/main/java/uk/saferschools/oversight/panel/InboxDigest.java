package uk.saferschools.oversight.panel;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Every morning (07:00 London time by default): notes in the inboxes of recommendations whose police
 * response falls due within a week or is overdue, then, when mail settings are given (spring.mail.*),
 * one email to each account with an address and inbox items not yet emailed, listing them with links.
 */
@Component
class InboxDigest {

    private static final Logger log = LoggerFactory.getLogger(InboxDigest.class);

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final ObjectProvider<JavaMailSender> mail;
    private final String from;
    private final String siteUrl;

    InboxDigest(JdbcClient jdbc, Notifications notifications, ObjectProvider<JavaMailSender> mail,
                @Value("${oversight.mail.from:no-reply@saferschools.invalid}") String from,
                @Value("${oversight.site-url:http://localhost:8080}") String siteUrl) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.mail = mail;
        this.from = from;
        this.siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
    }

    @Scheduled(cron = "${oversight.panel.digest-cron:0 0 7 * * *}", zone = "Europe/London")
    void daily() {
        noteItemsFallingDue(LocalDate.now(LondonTime.LONDON));
        JavaMailSender sender = mail.getIfAvailable();
        if (sender != null) {
            int sent = send(sender);
            log.info("Daily digest: {} emails sent", sent);
        }
    }

    /** Recommendations awaiting the police response that fall due within a week, or are overdue: once a day. */
    @Transactional
    void noteItemsFallingDue(LocalDate today) {
        record Due(String reference, LocalDate due) {
        }
        List<Due> due = jdbc.sql("select reference, response_due from recommendation where status = 'OPEN' and response_due <= ?")
                .param(today.plusDays(7)).query((rs, n) -> new Due(rs.getString("reference"),
                        rs.getObject("response_due", LocalDate.class))).list();
        for (Due d : due) {
            String message = d.due().isBefore(today)
                    ? "The police response to " + d.reference() + " is overdue: it was due " + d.due()
                    : "The police response to " + d.reference() + " is due " + d.due();
            String link = "/panel/recommendations/" + d.reference();
            boolean toldToday = jdbc.sql("select exists (select 1 from notification where link = ? and message = ? "
                    + "and created_at >= ?::date)").params(link, message, today).query(Boolean.class).single();
            if (!toldToday) {
                notifications.tell(Set.of(Role.PANEL_MEMBER, Role.SECRETARIAT, Role.POLICE_LIAISON), message, link, "");
            }
        }
    }

    /** One email per account with an address and inbox items not yet emailed; returns how many were sent. */
    @Transactional
    int send(JavaMailSender sender) {
        record Pending(String username, String email) {
        }
        List<Pending> pending = jdbc.sql("""
                select distinct n.username, a.email from notification n join account a on lower(a.username) = lower(n.username)
                where n.emailed_at is null and n.read_at is null and a.email is not null and a.enabled order by n.username""")
                .query((rs, n) -> new Pending(rs.getString("username"), rs.getString("email"))).list();
        int sent = 0;
        for (Pending p : pending) {
            List<String> lines = jdbc.sql("select message || E'\\n  ' || ? || link from notification "
                    + "where username = ? and emailed_at is null and read_at is null order by id").params(siteUrl, p.username())
                    .query(String.class).list();
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(p.email());
            message.setSubject("Safer Schools Oversight: " + lines.size() + (lines.size() == 1 ? " new item" : " new items"));
            message.setText("New in your inbox since the last digest:\n\n" + String.join("\n\n", lines)
                    + "\n\nYour inbox: " + siteUrl + "/inbox\n");
            sender.send(message);
            jdbc.sql("update notification set emailed_at = now() where username = ? and emailed_at is null and read_at is null")
                    .param(p.username()).update();
            sent++;
        }
        return sent;
    }
}
