package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * After an action on a long panel page the confirmation is where the eye is: a GOV.UK success banner at
 * the top of the main content, kept across the redirect and shown once; attendance goes back to the
 * attendance section (#attendance) with its confirmation there, not to the top of the page.
 */
@OversightTest
class ConfirmingEachActionWhereItIsSeenTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    /** Follows a redirect with the flash attributes it carried, as the browser's next request would see them. */
    String follow(MvcResult result, Cookie who) throws Exception {
        String location = result.getResponse().getRedirectedUrl();
        String path = location.contains("#") ? location.substring(0, location.indexOf('#')) : location;
        return mvc.perform(get(path).cookie(who).flashAttrs(result.getFlashMap())).andReturn().getResponse().getContentAsString();
    }

    static String main(String page) {
        return page.substring(page.indexOf("<main"));
    }

    @Test
    void a_recommendation_action_is_confirmed_in_a_banner_at_the_top() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        MvcResult drafted = mvc.perform(post("/panel/recommendations").cookie(member).with(csrf())
                .param("title", "Banner test echidna").param("body", "Text.")).andReturn();
        String page = main(follow(drafted, member));
        assertThat(page).contains("govuk-notification-banner--success", "awaits the panel&#39;s agreement");
        assertThat(page.indexOf("govuk-notification-banner")).as("above the heading").isLessThan(page.indexOf("<h1"));
        // shown once: the next visit has no banner
        String again = mvc.perform(get(drafted.getResponse().getRedirectedUrl()).cookie(member)).andReturn().getResponse()
                .getContentAsString();
        assertThat(again).doesNotContain("govuk-notification-banner");
    }

    @Test
    void a_request_to_speak_and_a_review_item_are_confirmed_at_the_top_too() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        MvcResult asked = mvc.perform(post("/panel/requests-to-speak").cookie(member).with(csrf())
                .param("staff", "Banner test sergeant").param("purpose", "Searches.")).andReturn();
        String page = main(follow(asked, member));
        assertThat(page.indexOf("Request sent to the police liaison.")).isPositive().isLessThan(page.indexOf("<h1"));
        MvcResult added = mvc.perform(post("/panel/review-items").cookie(member).with(csrf()).param("kind", "THINK_TANK_IDEA")
                .param("title", "Banner test idea").param("description", "An idea.")).andReturn();
        String item = main(follow(added, member));
        assertThat(item.indexOf("Review item added.")).isPositive().isLessThan(item.indexOf("<h1"));
    }

    @Test
    void attendance_goes_back_to_the_attendance_with_its_confirmation_there() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Banner test meeting", "date",
                LocalDate.now().plusDays(5).toString(), "time", "18:00", "place", "Online");
        // the browser follows each redirect at once, and so sees its confirmation then
        assertThat(mvc.perform(get(meeting).cookie(secretariat)).andReturn().getResponse().getContentAsString())
                .contains("Meeting arranged.");
        long member = jdbc.sql("select id from panel_member where role = 'MEMBER' order by id limit 1").query(Long.class).single();
        String name = jdbc.sql("select name from panel_member where id = ?").param(member).query(String.class).single();
        MvcResult recorded = mvc.perform(post(meeting + "/attendance").cookie(secretariat).with(csrf())
                .param("member", Long.toString(member)).param("status", "APOLOGIES")).andReturn();
        assertThat(recorded.getResponse().getRedirectedUrl()).isEqualTo(meeting + "#attendance");
        String page = main(follow(recorded, secretariat));
        int section = page.indexOf("id=\"attendance\"");
        int banner = page.indexOf("govuk-notification-banner--success", section);
        assertThat(section).isPositive();
        assertThat(banner).as("in the attendance section, under its heading").isGreaterThan(section)
                .isLessThan(page.indexOf("<table", section));
        assertThat(page).contains(name + ": apologies");

        MvcResult minutes = mvc.perform(post(meeting + "/minutes").cookie(secretariat).with(csrf()).param("body", "Banner minutes."))
                .andReturn();
        String afterMinutes = main(follow(minutes, secretariat));
        assertThat(afterMinutes.indexOf("Draft minutes saved")).isPositive().isLessThan(afterMinutes.indexOf("<h1"));
    }
}
