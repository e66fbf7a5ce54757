package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
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
 * publication with the item of the schedule it fulfils, and a way to record that it does; only a quarter or a
 * financial year is published, and one over the records of another is protected together with it.
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
        long other = publications.publish(snapshot("Osprey again", "2033-01-01", "2033-03-31"), "Osprey again", "S.", null, SECRETARIAT);
        assertThatThrownBy(() -> publications.fulfil(item, other, SECRETARIAT)).hasMessageContaining("already done");
        assertThatThrownBy(() -> publications.fulfil(publications.schedule("Spare", "", LocalDate.now().plusDays(3), SECRETARIAT),
                publication, SECRETARIAT)).hasMessageContaining("already fulfils");
        assertThatThrownBy(() -> publications.fulfil(item, publication, new Actor(TestAccounts.MEMBER, "PANEL_MEMBER")))
                .isInstanceOf(SecurityException.class);
    }

    @Test
    void an_analysis_of_a_period_that_is_not_a_quarter_or_a_financial_year_is_refused_with_the_reason() throws Exception {
        long months = snapshot("Kite March to May", "2034-03-01", "2034-05-31");
        assertThatThrownBy(() -> publications.publish(months, "Kite March to May", "S.", null, SECRETARIAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calendar quarter")
                .hasMessageContaining("2034-03-01 to 2034-05-31");
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String back = postAs(mvc, secretariat, "/manage/publications", 302, "snapshot", Long.toString(months),
                "title", "Kite March to May", "summary", "S.");
        assertThat(back).isEqualTo("/analysis/" + months);
        assertThat(jdbc.sql("select count(*) from publication where analysis_snapshot_id = ?").param(months).query(Long.class).single())
                .isZero();
        // a quarter, and a financial year, are published
        assertThat(publications.publish(snapshot("Kite Q2", "2034-04-01", "2034-06-30"), "Kite Q2", "S.", null, SECRETARIAT))
                .isPositive();
        assertThat(publications.publish(snapshot("Kite 2035/36", "2035-04-01", "2036-03-31"), "Kite 2035/36", "S.", null, SECRETARIAT))
                .isPositive();
    }

    /** An analysis of children by borough kept from seeded random records. */
    private long kept(String title, RandomRecords records, int definition, LocalDate from, LocalDate to) {
        String[] kept = records.kept(definition, from, to);
        return jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values (?, 'demo-analyst', ?, ?, ?, 1, ?, ?, '<p>x</p>') returning id""")
                .params(title, RandomRecords.settings(definition), from, to, kept[0], kept[1]).query(Long.class).single();
    }

    @Test
    void a_year_over_three_published_quarters_is_published_with_what_would_open_the_fourth_withheld_as_well() throws Exception {
        RandomRecords records = new RandomRecords(7, YearMonth.of(2037, 4), 12, 4);
        LocalDate april = LocalDate.of(2037, 4, 1);
        LocalDate yearEnd = april.plusYears(1).minusDays(1);
        List<JointProtection.Published> quarters = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            LocalDate from = april.plusMonths(3L * q);
            long id = publications.publish(kept("Kestrel quarter " + q, records, 0, from, from.plusMonths(3).minusDays(1)),
                    "Kestrel quarter " + q, "S.", null, SECRETARIAT);
            Publications.Publication p = publications.byId(id).orElseThrow();
            quarters.add(new JointProtection.Published(id, p.title(), p.settings(), p.periodFrom(), p.periodTo(), publications.tables(p)));
        }
        long year = kept("Kestrel 2037/38", records, 0, april, yearEnd);
        // protected on its own, the year less the three quarters gives small counts of the fourth away
        List<JointProtection.Published> alone = new ArrayList<>(quarters);
        alone.add(new JointProtection.Published(0, "Kestrel 2037/38", RandomRecords.settings(0), april, yearEnd,
                PublishedTables.of(records.findings(0, april, yearEnd), april, yearEnd, List::of)));
        assertThat(JointProtection.opened(alone)).isNotEmpty();

        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String published = postAs(mvc, secretariat, "/manage/publications", 302, "snapshot", Long.toString(year),
                "title", "Kestrel 2037/38", "summary", "S.");
        assertThat(published).matches("/publications/\\d+");
        Publications.Publication y = publications.byId(Long.parseLong(published.substring("/publications/".length()))).orElseThrow();
        List<JointProtection.Published> jointly = new ArrayList<>(quarters);
        jointly.add(new JointProtection.Published(y.id(), y.title(), y.settings(), y.periodFrom(), y.periodTo(), publications.tables(y)));
        assertThat(JointProtection.opened(jointly)).isEmpty();
        assertThat(publications.tables(y).csv("boroughs")).isNotEqualTo(alone.get(3).tables().csv("boroughs"));
        assertThat(jdbc.sql("select after_summary from audit_entry where action = 'ANALYSIS_PUBLISHED' order by sequence_no desc limit 1")
                .query(String.class).single()).contains("protected jointly with publication " + quarters.get(0).id())
                .contains("further figures withheld");
    }
}
