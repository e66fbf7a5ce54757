package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/** The demonstration panel: members, recommendations in every status, three meetings; all marked demonstration. */
@OversightTest
class DemonstrationPanelTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    @Test
    void a_believable_panel_is_there_on_first_start_and_marked_as_demonstration() throws Exception {
        assertThat(jdbc.sql("select string_agg(distinct status, ',' order by status) from recommendation where demonstration")
                .query(String.class).single()).isEqualTo("AGREED,CLOSED,DRAFT,IMPLEMENTED,IN_PROGRESS,NOT_ACCEPTED,OPEN");
        assertThat(jdbc.sql("select count(*) from recommendation where demonstration and status = 'OPEN' and response_due < current_date")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select string_agg(minutes_state, ',' order by starts_at) from meeting where demonstration")
                .query(String.class).single()).isEqualTo("PUBLISHED,DRAFT,NONE");
        assertThat(jdbc.sql("select string_agg(kind, ',' order by kind) from review_item where demonstration").query(String.class)
                .single()).isEqualTo("EXISTING_APPROACH,ORGANISATIONAL_LEARNING,PROPOSED_INITIATIVE,THINK_TANK_IDEA");
        // the second draft: consulted on once, then taken back to a draft (other tests may have moved it on since)
        assertThat(jdbc.sql("select string_agg(action, ',' order by sequence_no) from audit_entry where subject = 'terms-of-reference:1' "
                + "and actor = 'demo-secretariat' and action in ('TOR_DRAFT_STARTED', 'TOR_CONSULTATION', 'TOR_DRAFT')")
                .query(String.class).single()).startsWith("TOR_DRAFT_STARTED,TOR_CONSULTATION,TOR_DRAFT");
        assertThat(jdbc.sql("select max(revision) from tor_section s join tor_version v on v.id = s.version_id "
                + "where v.demonstration and s.section = 'MEMBERSHIP'").query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from panel_member where demonstration and name like '%(demonstration)'")
                .query(Long.class).single()).isEqualTo(6);
        // the first meeting has a paper for one of its agenda items, for the panel only
        assertThat(jdbc.sql("select count(*) from paper p join agenda_item a on a.id = p.agenda_item_id join meeting m "
                + "on m.id = a.meeting_id where p.demonstration and not p.public and m.minutes_state = 'PUBLISHED'")
                .query(Long.class).single()).isEqualTo(1);
        String members = mvc.perform(get("/members")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(members).contains("Dana Chair (demonstration)", "Young Londoners&#39; Voice (demonstration)",
                "Director of Young Londoners&#39; Voice").doesNotContain("None.</span>");
        String recommendations = mvc.perform(get("/recommendations")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(recommendations).contains("Tell parents after every search of their child", "Overdue", "Demonstration")
                .doesNotContain("Publish stop and search of children by school", "An appropriate adult at every more thorough");
    }

    @Test
    void the_demonstration_accounts_of_the_panel_are_people_on_its_member_list() throws Exception {
        String members = Jsoup.parse(mvc.perform(get("/members")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).select("table tbody th span").eachText().toString();
        Map<String, String> roles = Map.of(TestAccounts.CHAIR, "CHAIR", TestAccounts.MEMBER, "MEMBER",
                TestAccounts.SECRETARIAT, "SECRETARIAT", TestAccounts.LIAISON, "POLICE_LIAISON");
        for (var account : roles.entrySet()) {
            String name = jdbc.sql("select display_name from account where username = ?").param(account.getKey())
                    .query(String.class).single();
            assertThat(members).as(account.getKey() + " is on /members").contains(name);
            assertThat(jdbc.sql("select role || ' ' || account_username from panel_member where demonstration and name = ?")
                    .param(name).query(String.class).single()).isEqualTo(account.getValue() + " " + account.getKey());
        }
    }
}
