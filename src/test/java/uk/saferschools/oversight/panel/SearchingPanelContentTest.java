package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import uk.saferschools.oversight.audit.Actor;
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

    @Test
    void drafts_unissued_recommendations_and_unpublished_minutes_are_found_by_the_panel_only() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        String draft = postAs(mvc, member, "/panel/recommendations", 302, "title", "Zanzibarish draft", "body", "Children searched twice.");
        String agreed = postAs(mvc, member, "/panel/recommendations", 302, "title", "Agreed quokkaish", "body", "Not yet issued.");
        postAs(mvc, chair, agreed + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, agreed, chair), "version"));
        String issued = postAs(mvc, member, "/panel/recommendations", 302, "title", "Quixotical issued", "body", "Children were searched.");
        postAs(mvc, chair, issued + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, issued, chair), "version"));
        postAs(mvc, chair, issued + "/issue", 302, "responseDue", LocalDate.now().plusDays(9).toString());
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Search test meeting", "date", "2027-03-01",
                "time", "18:00", "place", "Online");
        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", "Florentinesque minute text.");

        for (Cookie outsider : new Cookie[] {null, liaison, SignIn.as(mvc, TestAccounts.ANALYST)}) {
            assertThat(search("zanzibarish", outsider)).contains("0 results");
            assertThat(search("quokkaish", outsider)).contains("0 results");
            assertThat(search("florentinesque", outsider)).contains("0 results");
        }
        assertThat(search("zanzibarish", member)).contains("1 result", draft);
        assertThat(search("quokkaish", chair)).contains("1 result");
        assertThat(search("florentinesque", secretariat)).contains("1 result", "<mark>Florentinesque</mark>");
        // issued: found by all, at the public address for the public; English stemming (searches → searched)
        String anonymous = search("quixotical searches", null);
        // the recommendation, and the meeting whose agenda follows it up
        assertThat(anonymous).contains("2 results", "/recommendations/" + issued.substring(issued.lastIndexOf('/') + 1),
                "<mark>searched</mark>", "Follow-up: ").doesNotContain("/panel/");

        postAs(mvc, chair, meeting + "/minutes/approve", 302, "version", hidden(page(mvc, meeting, chair), "version"));
        assertThat(search("florentinesque", null)).contains("0 results");
        postAs(mvc, secretariat, meeting + "/minutes/publish", 302);
        assertThat(search("florentinesque", null)).contains("1 result");
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Papers papers;

    @Test
    void publications_and_public_papers_are_found_and_panel_papers_by_the_panel_only() throws Exception {
        long snapshot = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values ('Wombatish analysis', 'demo-analyst', 'children', 1, 'area_code', '{}', '<p>x</p>') returning id""")
                .query(Long.class).single();
        assertThat(search("wombatish", null)).as("an analysis not published is not found").contains("0 results");
        long publication = jdbc.sql("""
                insert into publication (analysis_snapshot_id, title, summary, published_by)
                values (?, 'Children searched: the wombatish figures', 'Marsupialesque summary.', 'demo-secretariat') returning id""")
                .param(snapshot).query(Long.class).single();
        assertThat(search("marsupialesque", null)).contains("1 result", "/publications/" + publication, "<mark>Marsupialesque</mark>");

        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        byte[] pdf = "%PDF-1.4\n%a paper\n".getBytes(StandardCharsets.US_ASCII);
        long paper = papers.add("Okapiesque briefing", "briefing.pdf", pdf.length,
                () -> new ByteArrayInputStream(pdf), null, null,
                new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT"));
        for (Cookie outsider : new Cookie[] {null, SignIn.as(mvc, TestAccounts.LIAISON)}) {
            assertThat(search("okapiesque", outsider)).contains("0 results");
        }
        assertThat(search("okapiesque", secretariat)).contains("1 result", "/panel/papers/" + paper);
        papers.markPublic(paper, new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT"));
        assertThat(search("okapiesque", null)).contains("1 result", "/papers/" + paper).doesNotContain("/panel/papers/");
    }

    @Test
    void an_empty_or_odd_query_is_answered_plainly() throws Exception {
        assertThat(search("", null)).contains("Search recommendations").doesNotContain("results for");
        assertThat(search("\" & | ! ( :*", null)).contains("0 results");
    }
}
