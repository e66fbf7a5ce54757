package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A draft of the terms of reference reads as its text: each section once, with its edit form behind
 * "Edit this section"; each section credited to whoever last wrote that section (in an earlier version
 * if it was carried over unchanged), by role and username for the panel and by role only for the police;
 * and no "Start a new version" while one is in progress.
 */
@OversightTest
class ReadingTheTermsOfReferenceDraftTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    static String credit(String page, String section) {
        Matcher m = Pattern.compile("id=\"credit-" + section + "\">([^<]*)<").matcher(page);
        assertThat(m.find()).as("the credit of " + section).isTrue();
        return m.group(1);
    }

    @Test
    void each_section_shows_once_credited_to_its_own_last_editor_and_no_second_version_is_offered() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        // a version in consultation, with Frequency written by the member, approved
        int first = ApprovingOnlyWhatWasReadTest.inConsultation(mvc, jdbc, secretariat);
        String firstPath = "/panel/terms-of-reference/" + first;
        postAs(mvc, secretariat, firstPath + "/reopen", 302);
        postAs(mvc, member, firstPath + "/sections/FREQUENCY", 302, "body", "Five times a year, by the member.");
        postAs(mvc, secretariat, firstPath + "/consultation", 302);
        postAs(mvc, chair, firstPath + "/approve", 302, "revision", hidden(page(mvc, firstPath, chair), "revision"));

        // the next version, started by the secretariat, with one section changed by the secretariat
        String next = postAs(mvc, secretariat, "/panel/terms-of-reference", 302);
        int second = Integer.parseInt(next.substring(next.lastIndexOf('/') + 1));
        postAs(mvc, secretariat, next + "/sections/REVIEW_DATE", 302, "body", "Each September, by the secretariat.");
        String draft = page(mvc, next, member);
        assertThat(credit(draft, "FREQUENCY")).startsWith("Unchanged from version " + first + ", where it was last edited by "
                + "Panel member (" + TestAccounts.MEMBER + ")");
        assertThat(credit(draft, "REVIEW_DATE")).startsWith("Revision 2 by Secretariat (" + TestAccounts.SECRETARIAT + ")");

        // each section's text once; its form only behind "Edit this section"
        assertThat(draft.split("Five times a year, by the member\\.", -1)).as("the text, and the text in its closed form")
                .hasSize(3);
        int details = draft.indexOf("<details class=\"govuk-details\"", draft.indexOf("id=\"heading-FREQUENCY\""));
        assertThat(draft.indexOf("id=\"section-FREQUENCY\"")).isGreaterThan(details);
        assertThat(draft.substring(details, draft.indexOf(">", details))).doesNotContain("open");
        assertThat(draft).contains("Edit this section");

        // no second draft offered while this one is in progress
        String list = page(mvc, "/panel/terms-of-reference", secretariat);
        assertThat(list).doesNotContain("Start a new version").contains("Version " + second + " is draft: a new version can be "
                + "started once it is approved.");

        // the police see roles, never usernames, once it is out for consultation
        postAs(mvc, secretariat, next + "/consultation", 302);
        postAs(mvc, member, next + "/comments", 302, "section", "SCOPE", "body", "A member comment for the roles test.");
        String police = page(mvc, next, liaison);
        assertThat(police).contains("Five times a year, by the member.", "A member comment for the roles test.", "(Panel, ")
                .doesNotContain(TestAccounts.MEMBER, TestAccounts.SECRETARIAT, TestAccounts.CHAIR, "Edit this section");
        assertThat(page(mvc, next, chair)).contains("(Panel member (" + TestAccounts.MEMBER + "), ");
        postAs(mvc, secretariat, next + "/reopen", 302);
    }
}
