package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
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
 * The secretariat keeps the member list and runs meetings: an agenda that starts with the open
 * recommendations, attendance against the quorum, minutes that are public only once approved by the
 * chair and published. Declarations of interest are public once confirmed.
 */
@OversightTest
class RunningPanelMeetingsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    long member(Cookie secretariat, String name, String organisation, String role) throws Exception {
        long org = jdbc.sql("select id from organisation where name = ?").param(organisation).query(Long.class).optional()
                .orElse(-1L);
        if (org < 0) {
            postAs(mvc, secretariat, "/panel/members/organisations", 302, "name", organisation, "type", "CHARITY");
            org = jdbc.sql("select id from organisation where name = ?").param(organisation).query(Long.class).single();
        }
        postAs(mvc, secretariat, "/panel/members", 302, "name", name, "organisation", Long.toString(org), "role", role,
                "termFrom", LocalDate.now().minusYears(1).toString());
        return jdbc.sql("select id from panel_member where name = ?").param(name).query(Long.class).single();
    }

    @Test
    void members_and_their_confirmed_declarations_are_public() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        long id = member(secretariat, "Test Member Amara", "Test Youth Charity", "MEMBER");
        postAs(mvc, secretariat, "/panel/members/" + id + "/declarations", 302, "text", "Trustee of Test Youth Charity",
                "declaredOn", LocalDate.now().minusDays(2).toString());
        assertThat(page(mvc, "/members", null)).contains("Test Member Amara", "Test Youth Charity")
                .doesNotContain("Trustee of Test Youth Charity");
        postAs(mvc, SignIn.as(mvc, TestAccounts.CHAIR), "/panel/members/" + id + "/declarations/confirm", 302);
        assertThat(page(mvc, "/members", null)).contains("Trustee of Test Youth Charity");
        // a new version is unconfirmed: the public still sees the confirmed one
        postAs(mvc, secretariat, "/panel/members/" + id + "/declarations", 302, "text", "Trustee, and a parent governor",
                "declaredOn", LocalDate.now().toString());
        assertThat(page(mvc, "/members", null)).contains("Trustee of Test Youth Charity").doesNotContain("parent governor");
        // bad input is named; other roles may not keep the list
        assertThat(postAs(mvc, secretariat, "/panel/members", 200, "name", "", "organisation", "1", "role", "MEMBER", "termFrom",
                "2026-01-01")).contains("Enter the member&#39;s name");
        assertThat(postAs(mvc, secretariat, "/panel/members", 200, "name", "X", "organisation", "1", "role", "MEMBER", "termFrom",
                "soon")).contains("Enter the date the term starts as a date such as 2027-01-31");
        postAs(mvc, SignIn.as(mvc, TestAccounts.MEMBER), "/panel/members", 403, "name", "X");
        mvc.perform(get("/panel/members").cookie(SignIn.as(mvc, TestAccounts.LIAISON))).andExpect(status().isForbidden());
    }

    @Test
    void a_meeting_starts_with_the_open_recommendations_and_its_minutes_are_public_only_once_published() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        // an issued recommendation whose response is overdue
        String location = postAs(mvc, member, "/panel/recommendations", 302, "title", "Minutes test recommendation", "body", "Text.");
        String ref = location.substring(location.lastIndexOf('/') + 1);
        postAs(mvc, chair, location + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, location, chair), "version"));
        postAs(mvc, chair, location + "/issue", 302, "responseDue", LocalDate.now().plusDays(3).toString());
        jdbc.sql("update recommendation set response_due = current_date - 1 where reference = ?").param(ref).update();

        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Panel meeting, test", "date",
                LocalDate.now().plusDays(7).toString(), "time", "18:00", "place", "City Hall");
        String panelPage = page(mvc, meeting, member);
        assertThat(panelPage).contains("Overdue police response: " + ref + " Minutes test recommendation", "Added automatically");
        postAs(mvc, chair, meeting + "/agenda", 302, "title", "Strip searches of children in the spring", "theme",
                "strip-search safeguards");

        long amara = member(secretariat, "Test Member Bola", "Test University", "MEMBER");
        postAs(mvc, secretariat, meeting + "/attendance", 302, "member", Long.toString(amara), "status", "PRESENT");
        long serving = jdbc.sql("select count(*) from panel_member where role in ('CHAIR', 'MEMBER') and term_from <= current_date "
                + "+ 7 and (term_to is null or term_to >= current_date + 7)").query(Long.class).single();
        assertThat(page(mvc, meeting, member)).contains("1 of the " + serving + " chair and members present; ",
                "(quorum " + (serving / 2 + 1) + ")");

        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", "The panel discussed draft minute text XYZZY.");
        String id = meeting.substring(meeting.lastIndexOf('/') + 1);
        assertThat(page(mvc, "/meetings/" + id, null)).contains("Strip searches of children in the spring")
                .doesNotContain("XYZZY");
        postAs(mvc, chair, meeting + "/minutes/approve", 302, "version", hidden(page(mvc, meeting, chair), "version"));
        assertThat(page(mvc, "/meetings/" + id, null)).doesNotContain("XYZZY");
        assertThat(postAs(mvc, secretariat, meeting + "/minutes", 200, "body", "changed after approval"))
                .contains("can no longer be changed");
        postAs(mvc, secretariat, meeting + "/minutes/publish", 302);
        assertThat(page(mvc, "/meetings/" + id, null)).contains("The panel discussed draft minute text XYZZY.");
    }

    @Test
    void only_the_right_roles_run_meetings() throws Exception {
        mvc.perform(get("/panel/meetings")).andExpect(status().isFound());
        mvc.perform(get("/panel/meetings").cookie(SignIn.as(mvc, TestAccounts.LIAISON))).andExpect(status().isForbidden());
        mvc.perform(get("/panel/meetings").cookie(SignIn.as(mvc, TestAccounts.ANALYST))).andExpect(status().isForbidden());
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        postAs(mvc, member, "/panel/meetings", 403, "title", "x");
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Roles test meeting", "date", "2027-02-01",
                "time", "10:00", "place", "Online", "online", "true");
        postAs(mvc, member, meeting + "/minutes", 403, "body", "x");
        postAs(mvc, member, meeting + "/minutes/approve", 403);
        postAs(mvc, secretariat, meeting + "/minutes/approve", 403);
        assertThat(postAs(mvc, secretariat, "/panel/meetings", 200, "title", "Bad date", "date", "next week", "time", "10:00",
                "place", "x")).contains("Enter the date and time of the meeting");
        mvc.perform(get("/meetings/999999")).andExpect(status().isNotFound());
    }
}
