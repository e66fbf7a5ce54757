package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The terms of reference go draft → consultation → approved; until a version is approved the public page
 * says so with the date of the latest draft; two versions compare word by word; the police comment during
 * consultation but never write a section. Starts from the demonstration data's second draft.
 */
@OversightTest
class AgreeingTheTermsOfReferenceTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void a_version_is_drafted_consulted_on_approved_and_compared_and_the_public_sees_only_what_is_approved() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        int draft = jdbc.sql("select number from tor_version where state in ('DRAFT', 'CONSULTATION')").query(Integer.class)
                .optional().orElse(-1);
        if (draft < 0) {
            String started = postAs(mvc, secretariat, "/panel/terms-of-reference", 302);
            draft = Integer.parseInt(started.substring(started.lastIndexOf('/') + 1));
        }
        String path = "/panel/terms-of-reference/" + draft;
        if (jdbc.sql("select state from tor_version where number = ?").param(draft).query(String.class).single().equals("CONSULTATION")) {
            postAs(mvc, secretariat, path + "/reopen", 302);
        }
        assertThat(postAs(mvc, secretariat, "/panel/terms-of-reference", 200)).contains("A version is already being drafted");

        postAs(mvc, member, path + "/sections/PURPOSE", 302, "body", "To scrutinise police powers used on children <b>in schools</b>.");
        postAs(mvc, member, path + "/sections/REVIEW_DATE", 302, "body", "A year after approval.");
        String publicPage = page(mvc, "/terms-of-reference", null);
        if (jdbc.sql("select not exists (select 1 from tor_version where state = 'APPROVED')").query(Boolean.class).single()) {
            assertThat(publicPage).contains("The panel has not approved its terms of reference yet",
                    "They are still a draft (version " + draft + ", draft, last changed ");
        }
        assertThat(publicPage).doesNotContain("police powers used on children &lt;b&gt;in schools");
        // the police see no draft, write no section, and comment only during consultation
        mvc.perform(get(path).cookie(liaison)).andExpect(status().isNotFound());
        postAs(mvc, liaison, path + "/sections/PURPOSE", 403, "body", "Police wording");
        assertThat(postAs(mvc, member, path + "/comments", 200, "section", "SCOPE", "body", "Too early")).contains("cannot be commented on now");

        postAs(mvc, secretariat, path + "/consultation", 302);
        postAs(mvc, liaison, path + "/comments", 302, "section", "SCOPE", "body", "Include officers on patrol near schools.");
        assertThat(page(mvc, path, liaison)).contains("Include officers on patrol near schools.").doesNotContain("Rewrite: Purpose");
        assertThat(postAs(mvc, member, path + "/sections/SCOPE", 200, "body", "late edit")).contains("cannot be edited now");
        postAs(mvc, secretariat, path + "/approve", 403);
        postAs(mvc, chair, path + "/approve", 302, "revision", hidden(page(mvc, path, chair), "revision"));
        assertThat(page(mvc, "/terms-of-reference", null)).contains("Version " + draft + ", approved",
                "police powers used on children &lt;b&gt;in schools&lt;/b&gt;");

        // the next version: superseding the approved one, and compared word by word
        String next = postAs(mvc, chair, "/panel/terms-of-reference", 302);
        int second = Integer.parseInt(next.substring(next.lastIndexOf('/') + 1));
        postAs(mvc, member, next + "/sections/PURPOSE", 302, "body", "To scrutinise police powers used on children near schools.");
        postAs(mvc, member, next + "/sections/REVIEW_DATE", 302, "body", "Each September, and a year after approval.");
        postAs(mvc, chair, next + "/consultation", 302);
        postAs(mvc, chair, next + "/approve", 302, "revision", hidden(page(mvc, next, chair), "revision"));
        assertThat(jdbc.sql("select state from tor_version where number = ?").param(draft).query(String.class).single())
                .isEqualTo("SUPERSEDED");
        String compared = page(mvc, "/terms-of-reference/compare?from=" + draft + "&to=" + second, null);
        assertThat(compared).contains("<del>", "<ins>", "near", "&lt;b&gt;").doesNotContain("<b>in schools");
        assertThat(compared).contains("Scope (no change)");
        // read as text (a screen reader, a copy and paste), each change is marked and kept apart from the next word
        String text = Jsoup.parse(compared).text();
        assertThat(text).contains("To scrutinise police powers used on children [deleted: <b>in] [inserted: near] schools [deleted: </b>.] [inserted: .]",
                "[deleted: A] [inserted: Each September, and a] year after approval.");
        assertThat(Jsoup.parse(compared).select("del > .govuk-visually-hidden, ins > .govuk-visually-hidden")).isNotEmpty();
        // the text of a section is never overwritten
        assertThatThrownBy(() -> jdbc.sql("update tor_section set body = 'x'").update())
                .rootCause().hasMessageContaining("permission denied for table tor_section");
        DatabaseAs.owner(dataSource, owner ->
                assertThatThrownBy(() -> owner.sql("update tor_section set body = 'x'").update()).hasMessageContaining("append-only"));
    }

    @Test
    void only_panel_roles_reach_the_drafts() throws Exception {
        mvc.perform(get("/panel/terms-of-reference")).andExpect(status().isFound());
        mvc.perform(get("/panel/terms-of-reference").cookie(SignIn.as(mvc, TestAccounts.ANALYST))).andExpect(status().isForbidden());
        postAs(mvc, SignIn.as(mvc, TestAccounts.MEMBER), "/panel/terms-of-reference", 403);
        mvc.perform(get("/terms-of-reference/versions/9999")).andExpect(status().isNotFound());
        mvc.perform(get("/terms-of-reference")).andExpect(status().isOk());
    }
}
