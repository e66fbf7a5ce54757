package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Members and the police liaison learn what changed from their inbox, and from a daily digest email
 * sent through a real SMTP server (GreenMail, in the test) when they have an address.
 */
@OversightTest
class KeepingThePanelInformedTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    InboxDigest digest;

    String inbox(Cookie who) throws Exception {
        return mvc.perform(get("/inbox").cookie(who)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void responses_and_issues_reach_the_inbox_and_the_daily_digest() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        Cookie admin = SignIn.as(mvc, TestAccounts.ADMIN);
        mvc.perform(post("/inbox/read").cookie(member).with(csrf()));
        jdbc.sql("update notification set emailed_at = now() where emailed_at is null").update();

        String path = postAs(mvc, member, "/panel/recommendations", 302, "title", "Inbox test recommendation", "body", "Text.");
        String reference = path.substring(path.lastIndexOf('/') + 1);
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, path, chair), "version"));
        postAs(mvc, chair, path + "/issue", 302, "responseDue", LocalDate.now().plusDays(3).toString());
        assertThat(inbox(liaison)).contains("Recommendation " + reference + " was issued to the police: Inbox test recommendation");
        assertThat(inbox(member)).contains("Recommendation " + reference + " was issued: Inbox test recommendation");
        postAs(mvc, liaison, path + "/respond", 302, "decision", "NOT_ACCEPTED", "reasons", "Not possible.");
        assertThat(inbox(member)).contains("The police answered recommendation " + reference + ": not accepted");

        // the daily digest, by email, to those with an address
        long memberId = jdbc.sql("select id from account where username = ?").param(TestAccounts.MEMBER).query(Long.class).single();
        mvc.perform(post("/admin/accounts/" + memberId + "/email").cookie(admin).with(csrf()).param("email", "not an address"));
        assertThat(jdbc.sql("select email from account where id = ?").param(memberId).query(String.class).optional()
                .filter(Objects::nonNull)).isEmpty();
        mvc.perform(post("/admin/accounts/" + memberId + "/email").cookie(admin).with(csrf()).param("email", "member@example.org"))
                .andExpect(status().isFound());
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(smtp.getSmtp().getPort());
        assertThat(digest.send(sender)).isGreaterThanOrEqualTo(1);
        MimeMessage[] received = smtp.getReceivedMessagesForDomain("example.org");
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).startsWith("Safer Schools Oversight: ").contains("new item");
        assertThat(GreenMailUtil.getBody(received[0])).contains("The police answered recommendation " + reference,
                "http://localhost:8080/panel/recommendations/" + reference);
        assertThat(digest.send(sender)).as("nothing new to send").isZero();

        // items falling due are noted once a day; reading empties the unread list
        jdbc.sql("update recommendation set status = 'OPEN' where reference = ?").param(reference).update();
        digest.noteItemsFallingDue(LocalDate.now());
        digest.noteItemsFallingDue(LocalDate.now());
        assertThat(jdbc.sql("select count(*) from notification where username = ? and message like ?")
                .params(TestAccounts.MEMBER, "The police response to " + reference + " is due%").query(Long.class).single()).isEqualTo(1);
        postAs(mvc, member, "/inbox/read", 302);
        assertThat(inbox(member)).doesNotContain(">New<");
        mvc.perform(get("/inbox")).andExpect(status().isFound());
    }
}
