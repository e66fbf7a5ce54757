package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The demonstration's body-worn video scrutiny (issue 15, item 7): two sessions over synthetic encounters, one
 * of a random sample and one targeted; scores that disagree before the consensus; action points in every
 * status; one quarter's findings published; all of it marked synthetic.
 */
@OversightTest
class DemonstratingBodyWornVideoScrutinyTest {

    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReviewFindings findings;
    @Autowired
    ActionPoints actionPoints;
    @Autowired
    MockMvc mvc;

    @Test
    void two_sessions_a_random_and_a_targeted_sample_disagreement_every_status_and_a_published_quarter_all_synthetic() throws Exception {
        assertThat(jdbc.sql("select method from bwv_sample where demonstration order by id").query(String.class).list())
                .containsExactly("RANDOM", "TARGETED");
        assertThat(jdbc.sql("select count(*) from bwv_review_session where demonstration").query(Long.class).single()).isEqualTo(2);
        // scores that disagree: an encounter whose members gave different ratings, kept in the spread
        assertThat(jdbc.sql("""
                select count(*) from bwv_consensus c join bwv_review_session s on s.id = c.session_id
                where s.demonstration and (select count(distinct rating) from bwv_score x where x.session_id = c.session_id
                  and x.position = c.position) > 1""").query(Long.class).single()).isPositive();
        List<ActionPoints.ActionPoint> points = actionPoints.all(CHAIR).stream().filter(ActionPoints.ActionPoint::demonstration).toList();
        assertThat(points).extracting(ActionPoints.ActionPoint::status).contains(ActionPoints.Status.values());
        ReviewFindings.Published q2 = findings.published().stream().filter(p -> p.quarter().equals("2022-Q2")).findFirst().orElseThrow();
        assertThat(q2.synthetic()).isTrue();
        String page = PageRequests.page(mvc, "/scrutiny", null);
        assertThat(page).contains("Encounters of 2022-Q2", "Synthetic", "These findings are synthetic", "What the reviewers said");
    }

    @Test
    void the_publication_of_april_to_june_2022_carries_that_quarters_findings_on_its_page_and_in_its_pdf() throws Exception {
        long publication = jdbc.sql("select id from publication where demonstration order by id limit 1").query(Long.class).single();
        String page = PageRequests.page(mvc, "/publications/" + publication, null);
        assertThat(page).contains("id=\"bwv-reviews\"", "Body-worn video reviews", "Encounters of 2022-Q2 reviewed, published",
                "These findings are synthetic", "Fully GOWISELY-compliant");

        byte[] pdf = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/publications/" + publication + ".pdf"))
                .andReturn().getResponse().getContentAsByteArray();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("Body-worn video reviews", "Encounters of 2022-Q2 reviewed, published", "by Safer Schools Officer involvement",
                    "by ethnic group (self-defined)", "These findings are synthetic");
            assertThat(uk.saferschools.oversight.support.GarbledText.standIns(text)).isEmpty();
        }
        // the figures are those published for the quarter, not worked out again
        ReviewFindings.Published q2 = findings.overlapping(java.time.LocalDate.of(2022, 4, 1), java.time.LocalDate.of(2022, 6, 30)).get(0);
        assertThat(q2.quarter()).isEqualTo("2022-Q2");
        assertThat(findings.overlapping(java.time.LocalDate.of(2022, 6, 30), java.time.LocalDate.of(2022, 7, 1)))
                .extracting(ReviewFindings.Published::quarter).contains("2022-Q2");
        assertThat(findings.overlapping(java.time.LocalDate.of(2022, 7, 1), java.time.LocalDate.of(2022, 9, 30)))
                .extracting(ReviewFindings.Published::quarter).doesNotContain("2022-Q2");
        assertThat(findings.overlapping(null, null)).isEmpty();
    }
}
