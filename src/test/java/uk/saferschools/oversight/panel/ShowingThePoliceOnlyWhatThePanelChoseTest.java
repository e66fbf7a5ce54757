package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The police liaison sees what the panel chose to show: the panel's text and decisions, by role, but not
 * which member wrote what, how many drafts there were, papers and snapshots that are not public, or a
 * recommendation the panel has not issued.
 */
@OversightTest
class ShowingThePoliceOnlyWhatThePanelChoseTest {

    /** The usernames of the panel's demonstration accounts, which write everything here. */
    static final List<String> PANEL_USERNAMES = List.of(TestAccounts.MEMBER, TestAccounts.CHAIR, TestAccounts.SECRETARIAT);

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    long paper(Cookie who, String item, String title) throws Exception {
        mvc.perform(multipart(item + "/evidence/paper").file(new MockMultipartFile("file", "paper.pdf", "application/pdf",
                        ReviewingItemsWithEvidenceTest.PDF)).param("title", title).cookie(who).with(csrf()))
                .andExpect(status().isFound());
        return jdbc.sql("select id from paper where title = ?").param(title).query(Long.class).single();
    }

    @Test
    void the_police_liaisons_pages_name_no_member_count_no_drafts_and_show_no_evidence_that_is_not_public() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);

        // an issued recommendation that went through three drafts
        String issued = postAs(mvc, member, "/panel/recommendations", 302, "title", "Police view recommendation", "body", "First.");
        postAs(mvc, member, issued + "/revise", 302, "title", "Police view recommendation", "body", "Second.");
        postAs(mvc, member, issued + "/revise", 302, "title", "Police view recommendation", "body", "Third and issued.");
        postAs(mvc, chair, issued + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, issued, chair), "version"));
        postAs(mvc, chair, issued + "/issue", 302, "responseDue", LocalDate.now().plusDays(20).toString());
        // a draft the chair links to a review item
        String draft = postAs(mvc, member, "/panel/recommendations", 302, "title", "Unissued draft okapi", "body", "Draft.");
        String draftRef = draft.substring(draft.lastIndexOf('/') + 1);

        // a review item with a revised text, a member's comment, evidence public and not, and the draft as its outcome
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Police view item", "description", "First text.");
        postAs(mvc, member, item + "/revise", 302, "title", "Police view item", "description", "Second text.");
        postAs(mvc, member, item + "/comments", 302, "body", "A member's comment on the item.");
        paper(member, item, "Unpublished paper tapir");
        long open = paper(member, item, "Public paper ibex");
        postAs(mvc, secretariat, "/panel/papers/" + open + "/public", 302);
        long unpublished = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values ('Internal snapshot gnu', 'demo-analyst', 'children', 10, 'x', '{}', '<p>r</p>') returning id""")
                .query(Long.class).single();
        postAs(mvc, member, item + "/evidence/snapshot", 302, "snapshot", Long.toString(unpublished));
        record Published(long id, long snapshot, String title) {
        }
        Published published = jdbc.sql("select id, analysis_snapshot_id, title from publication order by id limit 1")
                .query((rs, n) -> new Published(rs.getLong(1), rs.getLong(2), rs.getString(3))).single();
        String snapshotTitle = jdbc.sql("select title from analysis_snapshot where id = ?").param(published.snapshot())
                .query(String.class).single();
        postAs(mvc, member, item + "/evidence/snapshot", 302, "snapshot", Long.toString(published.snapshot()));
        postAs(mvc, chair, item + "/outcome", 302, "outcome", "RECOMMENDATION_MADE", "recommendation", draftRef);

        // a request to speak, and terms of reference out for consultation with a member's edit and comment
        postAs(mvc, member, "/panel/requests-to-speak", 302, "staff", "The police view sergeant", "purpose", "Searches.");
        int tor = ApprovingOnlyWhatWasReadTest.inConsultation(mvc, jdbc, secretariat);
        String torPath = "/panel/terms-of-reference/" + tor;
        postAs(mvc, secretariat, torPath + "/reopen", 302);
        postAs(mvc, member, torPath + "/sections/FREQUENCY", 302, "body", "Six times a year, police view.");
        postAs(mvc, secretariat, torPath + "/consultation", 302);
        postAs(mvc, member, torPath + "/comments", 302, "section", "SCOPE", "body", "A member's comment on the scope.");
        postAs(mvc, liaison, torPath + "/comments", 302, "section", "SCOPE", "body", "The police's comment on the scope.");

        // the panel still sees who and how many
        assertThat(page(mvc, issued, member)).contains("Text version", "3, written by demo-member");
        assertThat(page(mvc, item, member)).contains("Version 2 by demo-member", "Unpublished paper tapir", "Internal snapshot gnu",
                "(Panel member, demo-member", "Recommendation " + draftRef);

        String recommendationPage = page(mvc, issued, liaison);
        assertThat(recommendationPage).contains("Third and issued.", "The panel").doesNotContain("Text version", "Earlier versions",
                "Second.");
        String itemPage = page(mvc, item, liaison);
        assertThat(itemPage).contains("Second text.", "A member&#39;s comment on the item.", "(Panel member, ", "Public paper ibex",
                        "/papers/" + open, published.title(), "/publications/" + published.id())
                .doesNotContain("Version 2", "Unpublished paper tapir", "Internal snapshot gnu", snapshotTitle, "/panel/papers/",
                        "/analysis/", draftRef);
        String torPage = page(mvc, torPath, liaison);
        assertThat(torPage).contains("Six times a year, police view.", "A member&#39;s comment on the scope.",
                "(Panel, ", "(Police liaison, ").doesNotContain("Revision ");
        assertThat(page(mvc, "/panel/requests-to-speak", liaison)).contains("The police view sergeant", "by the panel");

        for (String path : List.of("/panel/recommendations", issued, "/panel/review-items", item, "/panel/requests-to-speak",
                "/panel/terms-of-reference", torPath, "/inbox")) {
            String seen = page(mvc, path, liaison);
            assertThat(seen).as(path).doesNotContain(PANEL_USERNAMES).doesNotContain("okapi", "tapir", "Internal snapshot gnu");
        }
    }
}
