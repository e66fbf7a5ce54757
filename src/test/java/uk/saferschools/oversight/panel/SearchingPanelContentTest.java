package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** Search finds what the searcher may see: never a draft or unissued recommendation, nor unpublished minutes, for the public or the police. */
@OversightTest
class SearchingPanelContentTest {

    @Autowired
    MockMvc mvc;

    String search(String words, Cookie who) throws Exception {
        MockHttpServletRequestBuilder request = get("/search").param("q", words);
        if (who != null) {
            request = request.cookie(who);
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    String postAs(Cookie who, String path, String... params) throws Exception {
        MockHttpServletRequestBuilder request = post(path).cookie(who).with(csrf());
        for (int i = 0; i < params.length; i += 2) {
            request = request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request).andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
    }

    @Test
    void drafts_unissued_recommendations_and_unpublished_minutes_are_found_by_the_panel_only() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        String draft = postAs(member, "/panel/recommendations", "title", "Zanzibarish draft", "body", "Children searched twice.");
        String agreed = postAs(member, "/panel/recommendations", "title", "Agreed quokkaish", "body", "Not yet issued.");
        postAs(chair, agreed + "/agree", "decision", "Agreed");
        String issued = postAs(member, "/panel/recommendations", "title", "Quixotical issued", "body", "Children were searched.");
        postAs(chair, issued + "/agree", "decision", "Agreed");
        postAs(chair, issued + "/issue", "responseDue", LocalDate.now().plusDays(9).toString());
        String meeting = postAs(secretariat, "/panel/meetings", "title", "Search test meeting", "date", "2027-03-01",
                "time", "18:00", "place", "Online");
        postAs(secretariat, meeting + "/minutes", "body", "Florentinesque minute text.");

        for (Cookie outsider : new Cookie[] {null, liaison, SignIn.as(mvc, TestAccounts.ANALYST)}) {
            assertThat(search("zanzibarish", outsider)).contains("0 results");
            assertThat(search("quokkaish", outsider)).contains("0 results");
            assertThat(search("florentinesque", outsider)).contains("0 results");
        }
        assertThat(search("zanzibarish", member)).contains("1 result", draft);
        assertThat(search("quokkaish", chair)).contains("1 result");
        assertThat(search("florentinesque", secretariat)).contains("1 result", "«Florentinesque»");
        // issued: found by all, at the public address for the public; English stemming (searches → searched)
        String anonymous = search("quixotical searches", null);
        // the recommendation, and the meeting whose agenda follows it up
        assertThat(anonymous).contains("2 results", "/recommendations/" + issued.substring(issued.lastIndexOf('/') + 1),
                "«searched»", "Follow-up: ").doesNotContain("/panel/");

        postAs(chair, meeting + "/minutes/approve");
        assertThat(search("florentinesque", null)).contains("0 results");
        postAs(secretariat, meeting + "/minutes/publish");
        assertThat(search("florentinesque", null)).contains("1 result");
    }

    @Test
    void an_empty_or_odd_query_is_answered_plainly() throws Exception {
        assertThat(search("", null)).contains("Search recommendations").doesNotContain("results for");
        assertThat(search("\" & | ! ( :*", null)).contains("0 results");
    }
}
