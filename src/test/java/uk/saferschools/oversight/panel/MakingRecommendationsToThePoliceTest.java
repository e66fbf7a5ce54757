package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A recommendation goes from a member's draft, through the panel's agreement and its issue, to the police
 * response and closure; each change is on its timeline. Drafts stay inside the panel; the police answer
 * in their own fields and can change no panel text by any route.
 */
@OversightTest
class MakingRecommendationsToThePoliceTest {

    @Autowired
    Recommendations recommendations;

    @Test
    void the_list_shows_each_recommendation_exactly_as_its_own_page_does_for_every_viewer() {
        // the demonstration panel has recommendations in every status, with responses, actions and timelines
        for (Actor viewer : List.of(Actor.ANONYMOUS,
                new Actor("demo-member", "PANEL_MEMBER"),
                new Actor("demo-liaison", "POLICE_LIAISON"))) {
            var listed = recommendations.visibleTo(viewer);
            assertThat(listed).as(viewer.name()).isNotEmpty();
            var one = jdbc.sql("select reference from recommendation order by id desc").query(String.class).list().stream()
                    .map(reference -> recommendations.find(reference, viewer)).flatMap(Optional::stream).toList();
            assertThat(listed).as(viewer.name()).isEqualTo(one);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    String draft(Cookie member, String title) throws Exception {
        String location = mvc.perform(post("/panel/recommendations").cookie(member).with(csrf()).param("title", title)
                        .param("body", "Record whether an appropriate adult was present at every search of a child."))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).matches("/panel/recommendations/R-\\d{3}");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void a_recommendation_goes_from_draft_to_police_response_to_closure_with_its_timeline() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        String ref = draft(member, "Appropriate adults at searches of children");
        String path = "/panel/recommendations/" + ref;

        postAs(mvc, member, path + "/revise", 302, "title", "Appropriate adults at every search of a child",
                "body", "Record, for every search of a child, whether an appropriate adult was present.");
        assertThat(page(mvc, path, chair)).contains("Appropriate adults at every search of a child", "Earlier versions",
                "Appropriate adults at searches of children");
        // not public, and not for the police, until issued
        assertThat(page(mvc, "/recommendations", null)).doesNotContain(ref);
        mvc.perform(get("/recommendations/" + ref)).andExpect(status().isNotFound());
        mvc.perform(get(path).cookie(liaison)).andExpect(status().isNotFound());

        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed at the meeting of 12 March 2027", "version", hidden(page(mvc, path, chair), "version"));
        assertThat(page(mvc, "/recommendations", null)).doesNotContain(ref);
        postAs(mvc, chair, path + "/issue", 302, "responseDue", LocalDate.now().plusDays(28).toString());
        assertThat(page(mvc, "/recommendations", null)).contains(ref, "Appropriate adults at every search of a child");
        assertThat(page(mvc, path, liaison)).contains("Respond for the police").doesNotContain("Revise the draft");

        postAs(mvc, liaison, path + "/respond", 302, "decision", "PARTLY_ACCEPTED", "reasons", "We record it for strip searches now.",
                "action1", "Add the field to the search record app", "due1", "2027-06-30");
        String publicPage = page(mvc, "/recommendations/" + ref, null);
        assertThat(publicPage).contains("Partly accepted", "We record it for strip searches now.",
                "Add the field to the search record app", "2027-06-30", "In progress");
        postAs(mvc, liaison, path + "/implemented", 302, "note", "The field is in the app from 1 July.");
        postAs(mvc, chair, path + "/close", 302, "reason", "Checked against the July figures.");

        assertThat(jdbc.sql("select string_agg(coalesce(from_status, '-') || '>' || to_status, ' ' order by e.id) "
                + "from recommendation_event e join recommendation r on r.id = e.recommendation_id where r.reference = ?")
                .param(ref).query(String.class).single()).isEqualTo(
                "->DRAFT DRAFT>AGREED AGREED>OPEN OPEN>IN_PROGRESS IN_PROGRESS>IMPLEMENTED IMPLEMENTED>CLOSED");
        // the public timeline starts at the issue and names roles, not people
        publicPage = page(mvc, "/recommendations/" + ref, null);
        assertThat(publicPage).contains("Closed", "Checked against the July figures.", "(Police liaison)", "(Chair)")
                .doesNotContain("demo-chair", "demo-liaison", "Agreed at the meeting of 12 March 2027");
        assertThat(jdbc.sql("select count(*) from audit_entry where subject = ?").param("recommendation:" + ref)
                .query(Long.class).single()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void the_police_liaison_cannot_change_panel_text_by_any_route() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        String ref = draft(member, "Body-worn video at every search");
        String path = "/panel/recommendations/" + ref;
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, path, chair), "version"));
        postAs(mvc, chair, path + "/issue", 302, "responseDue", LocalDate.now().plusDays(10).toString());

        postAs(mvc, liaison, "/panel/recommendations", 403, "title", "Police text", "body", "x");
        postAs(mvc, liaison, path + "/revise", 403, "title", "Changed by the police", "body", "changed");
        postAs(mvc, liaison, path + "/agree", 403, "decision", "x");
        postAs(mvc, liaison, path + "/issue", 403, "responseDue", "2030-01-01");
        postAs(mvc, liaison, path + "/close", 403, "reason", "closed by the police");
        // tampered form: extra fields on the police's own form change nothing of the panel's
        postAs(mvc, liaison, path + "/respond", 302, "decision", "NOT_ACCEPTED", "reasons", "Not practical.",
                "title", "Changed by the police", "body", "changed", "status", "CLOSED");
        assertThat(jdbc.sql("select string_agg(title || '|' || body, ';') from recommendation_text t join recommendation r "
                + "on r.id = t.recommendation_id where r.reference = ?").param(ref).query(String.class).single())
                .isEqualTo("Body-worn video at every search|Record whether an appropriate adult was present at every search of a child.");
        assertThat(jdbc.sql("select status from recommendation where reference = ?").param(ref).query(String.class).single())
                .isEqualTo("NOT_ACCEPTED");
        // and the database itself refuses to overwrite panel text or police answers
        // (the application's database role has no UPDATE or DELETE on them; their owner meets the triggers)
        assertThatThrownBy(() -> jdbc.sql("update recommendation_text set body = 'x'").update())
                .rootCause().hasMessageContaining("permission denied for table recommendation_text");
        assertThatThrownBy(() -> jdbc.sql("delete from police_response").update())
                .rootCause().hasMessageContaining("permission denied for table police_response");
        DatabaseAs.owner(dataSource, owner -> {
            assertThatThrownBy(() -> owner.sql("update recommendation_text set body = 'x'").update()).hasMessageContaining("append-only");
            assertThatThrownBy(() -> owner.sql("delete from police_response").update()).hasMessageContaining("append-only");
            assertThatThrownBy(() -> owner.sql("update recommendation_event set note = 'x'").update()).hasMessageContaining("append-only");
        });
    }

    @Test
    void anonymous_and_other_roles_reach_only_the_public_pages() throws Exception {
        mvc.perform(get("/panel/recommendations")).andExpect(status().isFound());
        mvc.perform(post("/panel/recommendations").with(csrf()).param("title", "x").param("body", "y"))
                .andExpect(status().isFound());
        for (String role : new String[] {TestAccounts.ANALYST, TestAccounts.AUDITOR, TestAccounts.ADMINISTRATOR}) {
            Cookie other = SignIn.as(mvc, role);
            mvc.perform(get("/panel/recommendations").cookie(other)).andExpect(status().isForbidden());
            postAs(mvc, other, "/panel/recommendations", 403, "title", "x", "body", "y");
            mvc.perform(get("/recommendations").cookie(other)).andExpect(status().isOk());
        }
        // the secretariat reads drafts but does not write panel text
        postAs(mvc, SignIn.as(mvc, TestAccounts.SECRETARIAT), "/panel/recommendations", 403, "title", "x", "body", "y");
        mvc.perform(post("/panel/recommendations").cookie(SignIn.as(mvc, TestAccounts.MEMBER)).param("title", "x")
                .param("body", "y")).andExpect(status().isForbidden()); // no CSRF token
    }

    @Test
    void bad_input_is_named_and_nothing_changes() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        long before = jdbc.sql("select count(*) from recommendation").query(Long.class).single();
        String page = mvc.perform(post("/panel/recommendations").cookie(member).with(csrf()).param("title", " ").param("body", "y"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Enter a title for the recommendation", "href=\"#title\"");
        assertThat(jdbc.sql("select count(*) from recommendation").query(Long.class).single()).isEqualTo(before);

        String ref = draft(member, "Strip searches of children: a record of the reasons");
        String path = "/panel/recommendations/" + ref;
        assertThat(mvc.perform(post(path + "/issue").cookie(chair).with(csrf()).param("responseDue", "2030-01-01"))
                .andReturn().getResponse().getContentAsString()).contains("is draft: it cannot become issued");
        postAs(mvc, chair, path + "/agree", 200, "decision", "");
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, path, chair), "version"));
        assertThat(mvc.perform(post(path + "/issue").cookie(chair).with(csrf()).param("responseDue", "yesterday"))
                .andReturn().getResponse().getContentAsString()).contains("Enter the date the police response is due");
        assertThat(mvc.perform(post(path + "/issue").cookie(chair).with(csrf()).param("responseDue", LocalDate.now().toString()))
                .andReturn().getResponse().getContentAsString()).contains("after today");
        postAs(mvc, chair, path + "/issue", 302, "responseDue", LocalDate.now().plusDays(5).toString());
        assertThat(mvc.perform(post(path + "/respond").cookie(liaison).with(csrf()).param("decision", "ACCEPTED")
                .param("reasons", "Yes")).andReturn().getResponse().getContentAsString())
                .contains("Give at least one action of the plan, with its date");
        assertThat(mvc.perform(post(path + "/respond").cookie(liaison).with(csrf()).param("decision", "ACCEPTED")
                .param("reasons", "Yes").param("action1", "Do it").param("due1", "soon"))
                .andReturn().getResponse().getContentAsString()).contains("Enter the date of action 1");
        assertThat(jdbc.sql("select count(*) from police_response p join recommendation r on r.id = p.recommendation_id "
                + "where r.reference = ?").param(ref).query(Long.class).single()).isZero();
    }

    @Test
    void an_unanswered_recommendation_past_its_due_date_is_flagged_overdue_in_public() throws Exception {
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        String ref = draft(SignIn.as(mvc, TestAccounts.MEMBER), "Safeguarding referrals after searches");
        postAs(mvc, chair, "/panel/recommendations/" + ref + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, "/panel/recommendations/" + ref, chair), "version"));
        postAs(mvc, chair, "/panel/recommendations/" + ref + "/issue", 302, "responseDue", LocalDate.now().plusDays(1).toString());
        jdbc.sql("update recommendation set response_due = current_date - 3 where reference = ?").param(ref).update();
        assertThat(page(mvc, "/recommendations/" + ref, null)).contains("Police response overdue");
    }
}
