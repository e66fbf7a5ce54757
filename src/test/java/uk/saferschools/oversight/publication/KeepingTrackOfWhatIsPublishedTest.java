package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.KeptAnalyses;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The secretariat's page of what waits to be published and what has been: the proposals to decide, each
 * publication with the item of the schedule it fulfils, and a way to record that it does; and a
 * publication whose period overlaps another's is refused until the secretariat says it has checked it.
 */
@OversightTest
class KeepingTrackOfWhatIsPublishedTest {

    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Publications publications;
    @Autowired
    PublicationProposals proposals;

    private long snapshot(String title, String from, String to) {
        return KeptAnalyses.ofChildren(jdbc, title, from, to);
    }

    @Test
    void the_secretariat_sees_the_proposals_waiting_and_only_the_secretariat_may() throws Exception {
        long snapshot = snapshot("Heron analysis", "2031-01-01", "2031-03-31");
        proposals.propose(snapshot, "Heron figures for the public", "Three stable months.",
                new Actor(TestAccounts.ANALYST, "ANALYST"));
        String page = page(mvc, "/manage/publications", SignIn.as(mvc, TestAccounts.SECRETARIAT));
        assertThat(page).contains("Proposals waiting for a decision", "Heron figures for the public", "demo-analyst",
                "/analysis/" + snapshot + "#publish");
        for (String who : new String[] {TestAccounts.MEMBER, TestAccounts.ANALYST, TestAccounts.LIAISON, TestAccounts.CHAIR}) {
            mvc.perform(get("/manage/publications").cookie(SignIn.as(mvc, who))).andExpect(status().isForbidden());
        }
        assertThat(mvc.perform(get("/manage/publications")).andReturn().getResponse().getStatus()).isIn(302, 401);
    }

    @Test
    void a_publication_is_linked_to_its_item_of_the_schedule_which_then_shows_it_done() throws Exception {
        long snapshot = snapshot("Osprey analysis", "2032-01-01", "2032-03-31");
        long item = publications.schedule("Osprey quarterly figures", "", LocalDate.now().plusMonths(1), SECRETARIAT);
        long publication = publications.publish(snapshot, "Osprey figures", "A summary.", null, SECRETARIAT);
        assertThat(page(mvc, "/schedule", null)).contains("Osprey quarterly figures");
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        assertThat(page(mvc, "/manage/publications", secretariat)).contains("Osprey figures", "Osprey quarterly figures, due");
        postAs(mvc, secretariat, "/manage/publications/" + publication + "/schedule", 302, "schedule", Long.toString(item));
        var done = publications.schedule().stream().filter(s -> s.id() == item).findFirst().orElseThrow();
        assertThat(done.publicationId()).isEqualTo(publication);
        assertThat(done.publishedOn()).isEqualTo(LocalDate.now(LondonTime.LONDON));
        assertThat(page(mvc, "/schedule", null)).contains("/publications/" + publication);
        // once linked, neither the item nor the publication can be linked again
        long other = publications.publish(snapshot("Osprey again", "2033-01-01", "2033-01-31"), "Osprey again", "S.", null, SECRETARIAT);
        assertThatThrownBy(() -> publications.fulfil(item, other, SECRETARIAT)).hasMessageContaining("already done");
        assertThatThrownBy(() -> publications.fulfil(publications.schedule("Spare", "", LocalDate.now().plusDays(3), SECRETARIAT),
                publication, SECRETARIAT)).hasMessageContaining("already fulfils");
        assertThatThrownBy(() -> publications.fulfil(item, publication, new Actor(TestAccounts.MEMBER, "PANEL_MEMBER")))
                .isInstanceOf(SecurityException.class);
    }

    @Test
    void an_analysis_over_a_published_period_is_refused_until_the_overlap_is_checked() throws Exception {
        long first = snapshot("Kite March to May", "2034-03-01", "2034-05-31");
        long firstPublication = publications.publish(first, "Kite March to May", "S.", null, SECRETARIAT);
        long wider = snapshot("Kite March to September", "2034-03-01", "2034-09-30");
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String back = postAs(mvc, secretariat, "/manage/publications", 302, "snapshot", Long.toString(wider),
                "title", "Kite March to September", "summary", "S.");
        assertThat(back).isEqualTo("/analysis/" + wider);
        assertThat(jdbc.sql("select count(*) from publication where analysis_snapshot_id = ?").param(wider).query(Long.class).single())
                .isZero();
        assertThatThrownBy(() -> publications.publish(wider, "Kite", "S.", null, SECRETARIAT))
                .isInstanceOf(Publications.OverlapException.class).hasMessageContaining("“Kite March to May” (2034-03-01 to 2034-05-31)");
        String published = postAs(mvc, secretariat, "/manage/publications", 302, "snapshot", Long.toString(wider),
                "title", "Kite March to September", "summary", "S.", "overlapChecked", "true");
        assertThat(published).matches("/publications/\\d+");
        assertThat(jdbc.sql("select after_summary from audit_entry where action = 'ANALYSIS_PUBLISHED' order by sequence_no desc limit 1")
                .query(String.class).single()).contains("overlap checked with publication " + firstPublication);
        // a period not known may overlap any, so it is confirmed too
        long unknown = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values ('Kite, period unknown', 'demo-analyst', 'children', 1, 'area_code', '{"force": "metropolitan"}', '<p>x</p>') returning id""")
                .query(Long.class).single();
        assertThatThrownBy(() -> publications.publish(unknown, "Kite unknown", "S.", null, SECRETARIAT))
                .isInstanceOf(Publications.OverlapException.class);
        // periods that only touch do not overlap
        long next = snapshot("Kite October", "2034-10-01", "2034-10-31");
        assertThat(publications.publish(next, "Kite October", "S.", null, SECRETARIAT)).isPositive();
    }
}
