package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The inbox tells the chair of what waits for the chair (a draft recommendation to agree, draft minutes
 * to approve, a comment on the terms of reference), the secretariat which meeting's minutes are ready to
 * publish, and the police liaison that a consultation on the terms of reference has opened; each with a
 * link, and never the person who caused it.
 */
@OversightTest
class TellingTheChairAndTheLiaisonWhatAwaitsThemTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    long notes(String username, String like) {
        return jdbc.sql("select count(*) from notification where username = ? and message like ?").params(username, like)
                .query(Long.class).single();
    }

    @Test
    void the_chair_hears_of_a_draft_awaiting_agreement_and_of_minutes_awaiting_approval() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        String draft = postAs(mvc, member, "/panel/recommendations", 302, "title", "Inbox gap pangolin", "body", "Text.");
        String reference = draft.substring(draft.lastIndexOf('/') + 1);
        assertThat(notes(TestAccounts.CHAIR, "Draft recommendation " + reference + " awaits the panel's agreement: Inbox gap pangolin"))
                .isEqualTo(1);
        assertThat(notes(TestAccounts.MEMBER, "%" + reference + " awaits%")).as("not the member who drafted it").isZero();
        assertThat(notes(TestAccounts.SECRETARIAT, "%" + reference + " awaits%")).as("the chair's to agree").isZero();
        assertThat(page(mvc, "/inbox", chair)).contains("Inbox gap pangolin", "/panel/recommendations/" + reference);

        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Inbox gap meeting numbat", "date",
                LocalDate.now().plusDays(2).toString(), "time", "18:00", "place", "Online");
        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", "Numbat minutes.");
        assertThat(notes(TestAccounts.CHAIR, "Draft minutes of Inbox gap meeting numbat await your approval (version 1)")).isEqualTo(1);
        assertThat(notes(TestAccounts.SECRETARIAT, "%numbat await%")).isZero();
        assertThat(page(mvc, "/inbox", chair)).contains("Draft minutes of Inbox gap meeting numbat", meeting);
        // and the secretariat hears which meeting's minutes are ready to publish, not only that some are
        postAs(mvc, chair, meeting + "/minutes/approve", 302, "version", hidden(page(mvc, meeting, chair), "version"));
        assertThat(notes(TestAccounts.SECRETARIAT,
                "The chair approved the minutes of Inbox gap meeting numbat (version 1): they are ready to publish")).isEqualTo(1);
    }

    @Test
    void the_liaison_hears_a_consultation_open_and_the_chair_hears_each_comment() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        int number = ApprovingOnlyWhatWasReadTest.inConsultation(mvc, jdbc, secretariat);
        String path = "/panel/terms-of-reference/" + number;
        postAs(mvc, secretariat, path + "/reopen", 302);
        long before = notes(TestAccounts.LIAISON, "Version " + number + " of the terms of reference is out for consultation%");
        postAs(mvc, secretariat, path + "/consultation", 302);
        assertThat(notes(TestAccounts.LIAISON, "Version " + number + " of the terms of reference is out for consultation%"))
                .isEqualTo(before + 1);
        assertThat(page(mvc, "/inbox", liaison)).contains("is out for consultation", path);

        long comments = notes(TestAccounts.CHAIR, "Police liaison commented on Scope in version " + number + "%");
        postAs(mvc, liaison, path + "/comments", 302, "section", "SCOPE", "body", "A liaison comment for the chair's inbox.");
        assertThat(notes(TestAccounts.CHAIR, "Police liaison commented on Scope in version " + number + "%")).isEqualTo(comments + 1);
        // the message names the role, not the account, and holds no more than the section
        assertThat(jdbc.sql("select message from notification where username = ? order by id desc limit 1")
                .param(TestAccounts.CHAIR).query(String.class).single()).doesNotContain(TestAccounts.LIAISON, "A liaison comment");
    }
}
