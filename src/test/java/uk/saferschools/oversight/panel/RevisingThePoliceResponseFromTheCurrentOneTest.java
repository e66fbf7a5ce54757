package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The liaison revises the police response from the current one: the form starts with its decision,
 * reasons and action plan, so that changing one action does not mean typing the rest again. Dates are
 * typed as the hint shows them (year-month-day), in a text box rather than a browser date box that
 * shows another format.
 */
@OversightTest
class RevisingThePoliceResponseFromTheCurrentOneTest {

    @Autowired
    MockMvc mvc;

    @Test
    void the_revise_form_starts_with_the_current_response_and_its_actions() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        String path = postAs(mvc, member, "/panel/recommendations", 302, "title", "Revise form wombat", "body", "Text.");
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, path, chair), "version"));
        String issuePage = page(mvc, path, chair);
        // the hint and the box agree: a text box, and the hint's example is in the format the box takes
        assertThat(issuePage).contains("id=\"responseDue\" name=\"responseDue\" type=\"text\"", "as year-month-day, for example "
                + LocalDate.now(LondonTime.LONDON).plusDays(28));
        postAs(mvc, chair, path + "/issue", 302, "responseDue", LocalDate.now().plusDays(20).toString());

        String first = page(mvc, path, liaison);
        assertThat(first).contains("Respond for the police").doesNotContain("checked=\"checked\"");
        postAs(mvc, liaison, path + "/respond", 302, "decision", "PARTLY_ACCEPTED", "reasons", "Wombat reasons & more.",
                "action1", "First wombat action", "due1", "2027-05-31", "action2", "Second wombat action", "due2", "2027-07-31");

        String revise = page(mvc, path, liaison);
        assertThat(revise).contains("Revise the police response", "Send the revised response",
                "id=\"decision-PARTLY_ACCEPTED\" name=\"decision\" type=\"radio\" value=\"PARTLY_ACCEPTED\"",
                ">Wombat reasons &amp; more.</textarea>", "value=\"First wombat action\"", "value=\"2027-05-31\"",
                "value=\"Second wombat action\"", "value=\"2027-07-31\"");
        assertThat(revise.indexOf("checked=\"checked\"")).as("the current decision chosen")
                .isBetween(revise.indexOf("id=\"decision-PARTLY_ACCEPTED\""), revise.indexOf("id=\"decision-NOT_ACCEPTED\""));
        assertThat(revise).contains("type=\"text\"").doesNotContain("type=\"date\"");

        // sent back with one action changed, the rest as they were
        postAs(mvc, liaison, path + "/respond", 302, "decision", "PARTLY_ACCEPTED", "reasons", "Wombat reasons & more.",
                "action1", "First wombat action", "due1", "2027-05-31", "action2", "Second wombat action, sooner", "due2", "2027-06-30");
        String reference = path.substring(path.lastIndexOf('/') + 1);
        assertThat(page(mvc, "/recommendations/" + reference, null)).contains("First wombat action", "2027-05-31",
                "Second wombat action, sooner", "2027-06-30");
    }
}
