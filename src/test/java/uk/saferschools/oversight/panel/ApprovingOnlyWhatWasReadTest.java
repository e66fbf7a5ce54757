package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The chair approves what the chair read: agreeing a recommendation, approving minutes and approving the
 * terms of reference carry the version shown on the page, and a newer version saved in between means a
 * 409 with "this changed since you opened it", the latest text to read again, and no approval.
 */
@OversightTest
class ApprovingOnlyWhatWasReadTest {

    static final String CHANGED = "This changed since you opened it";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void a_revision_saved_after_the_chair_opened_a_draft_recommendation_is_not_agreed_unread() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        String path = postAs(mvc, member, "/panel/recommendations", 302, "title", "Agreed as read", "body", "The text the chair read.");
        String ref = path.substring(path.lastIndexOf('/') + 1);
        String read = hidden(page(mvc, path, chair), "version");
        assertThat(read).isEqualTo("1");

        // seconds before the chair's agreement, a member saves a new version
        postAs(mvc, member, path + "/revise", 302, "title", "Agreed as read", "body", "A text the chair never read.");
        String refused = postAs(mvc, chair, path + "/agree", 409, "decision", "Agreed at the March meeting", "version", read);
        assertThat(refused).contains(CHANGED, "now at version 2, and you read version 1", "A text the chair never read.");
        // a form without the version agrees nothing either
        assertThat(postAs(mvc, chair, path + "/agree", 409, "decision", "Agreed at the March meeting")).contains(CHANGED);
        assertThat(status(ref)).isEqualTo("DRAFT");
        assertThat(jdbc.sql("select count(*) from recommendation_event e join recommendation r on r.id = e.recommendation_id "
                + "where r.reference = ? and e.to_status = 'AGREED'").param(ref).query(Long.class).single()).isZero();

        // once read, it is agreed, and the trail says which version
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed at the March meeting", "version",
                hidden(page(mvc, path, chair), "version"));
        assertThat(status(ref)).isEqualTo("AGREED");
        assertThat(jdbc.sql("select after_summary from audit_entry where subject = ? and after_summary like 'AGREED%'")
                .param("recommendation:" + ref).query(String.class).single()).endsWith("(text version 2)");
    }

    @Test
    void minutes_saved_again_after_the_chair_opened_them_are_not_approved_unread() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Minutes as read", "date", "2027-05-01",
                "time", "18:00", "place", "Online");
        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", "Minutes the chair read.");
        String read = hidden(page(mvc, meeting, chair), "version");
        assertThat(read).isEqualTo("1");

        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", "Minutes the chair never read.");
        String refused = postAs(mvc, chair, meeting + "/minutes/approve", 409, "version", read);
        assertThat(refused).contains(CHANGED, "now at version 2, and you read version 1", "Minutes the chair never read.");
        assertThat(minutesState(meeting)).isEqualTo("DRAFT");

        postAs(mvc, chair, meeting + "/minutes/approve", 302, "version", hidden(page(mvc, meeting, chair), "version"));
        assertThat(minutesState(meeting)).isEqualTo("APPROVED");
    }

    @Test
    void terms_of_reference_edited_after_the_chair_opened_them_are_not_approved_unread() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        int number = inConsultation(mvc, jdbc, secretariat);
        String path = "/panel/terms-of-reference/" + number;
        String read = hidden(page(mvc, path, chair), "revision");

        // taken back to a draft, edited and put out again while the chair reads it
        postAs(mvc, secretariat, path + "/reopen", 302);
        postAs(mvc, member, path + "/sections/QUORUM", 302, "body", "A quorum the chair never read: two members.");
        postAs(mvc, secretariat, path + "/consultation", 302);
        String refused = postAs(mvc, chair, path + "/approve", 409, "revision", read);
        assertThat(refused).contains(CHANGED, "A quorum the chair never read: two members.");
        assertThat(jdbc.sql("select state from tor_version where number = ?").param(number).query(String.class).single())
                .isEqualTo("CONSULTATION");

        postAs(mvc, chair, path + "/approve", 302, "revision", hidden(page(mvc, path, chair), "revision"));
        assertThat(jdbc.sql("select state from tor_version where number = ?").param(number).query(String.class).single())
                .isEqualTo("APPROVED");
    }

    /** The number of a version out for consultation: the one in progress, or a new one. */
    static int inConsultation(MockMvc mvc, JdbcClient jdbc, Cookie secretariat) throws Exception {
        int number = jdbc.sql("select number from tor_version where state in ('DRAFT', 'CONSULTATION')").query(Integer.class)
                .optional().orElse(-1);
        if (number < 0) {
            String started = postAs(mvc, secretariat, "/panel/terms-of-reference", 302);
            number = Integer.parseInt(started.substring(started.lastIndexOf('/') + 1));
        }
        if (jdbc.sql("select state from tor_version where number = ?").param(number).query(String.class).single().equals("DRAFT")) {
            postAs(mvc, secretariat, "/panel/terms-of-reference/" + number + "/consultation", 302);
        }
        return number;
    }

    private String status(String reference) {
        return jdbc.sql("select status from recommendation where reference = ?").param(reference).query(String.class).single();
    }

    private String minutesState(String meeting) {
        return jdbc.sql("select minutes_state from meeting where id = ?")
                .param(Long.parseLong(meeting.substring(meeting.lastIndexOf('/') + 1))).query(String.class).single();
    }
}
