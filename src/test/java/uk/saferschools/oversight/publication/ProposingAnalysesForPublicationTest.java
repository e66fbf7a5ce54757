package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
 * An analyst proposes a kept analysis for publication with their reasons; the secretariat sees the
 * proposal on the analysis's page and publishes it (which answers the proposal) or declines it with
 * reasons; nobody else can do either; every step is in the audit trail.
 */
@OversightTest
class ProposingAnalysesForPublicationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PublicationProposals proposals;

    static final Actor ANALYST = new Actor(TestAccounts.ANALYST, "ANALYST");

    /** A kept analysis, as the analyst's run would keep it, with a fresh title. */
    /** Each snapshot a year of its own, so that none overlaps a publication of another test. */
    static final AtomicInteger YEAR = new AtomicInteger(2060);

    long snapshot(String title) {
        int year = YEAR.getAndIncrement();
        return jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values (?, 'demo-analyst', 'children, self-defined ethnicity, reference White', ?::date, ?::date, 250,
                        'area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability' || chr(10)
                        || 'E23000001,Black,150,100000,1.5,2.5,2.0,3.1,reliable' || chr(10)
                        || 'E23000001,White,100,250000,0.4,1,,,reliable', '{"force": "metropolitan"}', '<p>report</p>') returning id""")
                .params(title, year + "-01-01", year + "-03-31").query(Long.class).single();
    }

    List<String> audited(String action, long snapshot) {
        return jdbc.sql("select after_summary from audit_entry where action = ? and subject = ? order by sequence_no")
                .params(action, "analysis:" + snapshot).query(String.class).list();
    }

    @Test
    void an_analyst_proposes_an_analysis_and_the_secretariat_publishes_it_answering_the_proposal() throws Exception {
        long snapshot = snapshot("Kestrel analysis of children");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        assertThat(page(mvc, "/analysis/" + snapshot, analyst)).contains("Propose for publication", "Why it should be published");

        String back = postAs(mvc, analyst, "/analysis/" + snapshot + "/propose", 302, "title", "Kestrel figures for the public",
                "reasons", "Three months of children's searches; the Black-White ratio is stable across months.");
        assertThat(back).isEqualTo("/analysis/" + snapshot);
        assertThat(page(mvc, "/analysis/" + snapshot, analyst))
                .contains("demo-analyst proposed it for publication on", "Kestrel figures for the public",
                        "The secretariat will publish it or say why not")
                .doesNotContain("Propose for publication</button>");

        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        assertThat(page(mvc, "/inbox", secretariat)).contains("demo-analyst proposes the analysis “Kestrel analysis of children” "
                + "for publication as “Kestrel figures for the public”");
        String seen = page(mvc, "/analysis/" + snapshot, secretariat);
        assertThat(seen).contains("Proposed for publication", "Proposed by", "demo-analyst",
                "Three months of children&#39;s searches; the Black-White ratio is stable across months.",
                "value=\"Kestrel figures for the public\"", "Decline the proposal");
        assertThat(proposals.open()).extracting(PublicationProposals.Proposal::snapshotId).contains(snapshot);

        String published = postAs(mvc, secretariat, "/manage/publications", 302, "snapshot", Long.toString(snapshot),
                "title", "Kestrel figures for the public", "summary", "Black children were searched at 2.5 times the rate.");
        assertThat(published).matches("/publications/\\d+");
        long publication = Long.parseLong(published.substring(published.lastIndexOf('/') + 1));

        var proposal = jdbc.sql("select publication_id, decided_by from publication_proposal where analysis_snapshot_id = ?")
                .param(snapshot).query((rs, n) -> List.of(rs.getLong(1), rs.getString(2))).single();
        assertThat(proposal).containsExactly(publication, TestAccounts.SECRETARIAT);
        assertThat(proposals.open()).extracting(PublicationProposals.Proposal::snapshotId).doesNotContain(snapshot);
        assertThat(page(mvc, "/analysis/" + snapshot, analyst)).contains("This analysis is published.", published)
                .doesNotContain("Why it should be published");
        assertThat(page(mvc, "/inbox", analyst)).contains("The analysis you proposed, “Kestrel figures for the public”, is published");

        assertThat(audited("PUBLICATION_PROPOSED", snapshot)).singleElement().asString()
                .contains("Kestrel figures for the public", "stable across months");
        assertThat(audited("PUBLICATION_PROPOSAL_PUBLISHED", snapshot)).containsExactly("publication:" + publication);
    }

    @Test
    void the_secretariat_declines_a_proposal_with_reasons_and_the_analyst_may_propose_it_again() throws Exception {
        long snapshot = snapshot("Heron analysis of children");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        postAs(mvc, analyst, "/analysis/" + snapshot + "/propose", 302, "title", "Heron figures", "reasons", "Worth showing.");
        long id = jdbc.sql("select id from publication_proposal where analysis_snapshot_id = ?").param(snapshot).query(Long.class).single();

        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        assertThat(postAs(mvc, secretariat, "/manage/proposals/" + id + "/decline", 302, "reason", "  "))
                .isEqualTo("/analysis/" + snapshot);
        assertThat(page(mvc, "/analysis/" + snapshot, secretariat)).contains("<title>Error: Heron analysis of children",
                "There is a problem", "Enter why it will not be published", "href=\"#decline-reason\"");
        assertThat(proposals.byId(id).orElseThrow().undecided()).isTrue();

        postAs(mvc, secretariat, "/manage/proposals/" + id + "/decline", 302, "reason",
                "The period is too short: wait for the quarterly figures.");
        var declined = proposals.byId(id).orElseThrow();
        assertThat(declined.declinedReason()).isEqualTo("The period is too short: wait for the quarterly figures.");
        assertThat(declined.decidedBy()).isEqualTo(TestAccounts.SECRETARIAT);
        assertThat(declined.publicationId()).isNull();
        assertThat(audited("PUBLICATION_PROPOSAL_DECLINED", snapshot))
                .containsExactly("The period is too short: wait for the quarterly figures.");
        assertThat(page(mvc, "/inbox", analyst)).contains("The secretariat declined to publish “Heron figures”");
        assertThat(postAs(mvc, secretariat, "/manage/proposals/" + id + "/decline", 302, "reason", "Again."))
                .isEqualTo("/analysis/" + snapshot);
        assertThat(page(mvc, "/analysis/" + snapshot, secretariat)).contains("This proposal has already been decided");

        String again = page(mvc, "/analysis/" + snapshot, analyst);
        assertThat(again).contains("The secretariat declined to publish it on", "wait for the quarterly figures",
                "Propose for publication</button>");
        postAs(mvc, analyst, "/analysis/" + snapshot + "/propose", 302, "title", "Heron figures, a quarter", "reasons", "Now a quarter.");
        assertThat(proposals.forSnapshot(snapshot).open().title()).isEqualTo("Heron figures, a quarter");
        assertThat(audited("PUBLICATION_PROPOSED", snapshot)).hasSize(2);
    }

    @Test
    void only_an_analyst_proposes_and_only_the_secretariat_publishes_or_declines() throws Exception {
        long snapshot = snapshot("Plover analysis of children");
        String propose = "/analysis/" + snapshot + "/propose";
        postAs(mvc, SignIn.as(mvc, TestAccounts.MEMBER), propose, 403, "title", "x", "reasons", "y");
        postAs(mvc, SignIn.as(mvc, TestAccounts.CHAIR), propose, 403, "title", "x", "reasons", "y");
        postAs(mvc, SignIn.as(mvc, TestAccounts.LIAISON), propose, 403, "title", "x", "reasons", "y");
        postAs(mvc, SignIn.as(mvc, TestAccounts.SECRETARIAT), propose, 403, "title", "x", "reasons", "y");
        String anonymous = mvc.perform(post(propose).with(csrf()).param("title", "x").param("reasons", "y"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(anonymous).endsWith("/sign-in");
        assertThat(jdbc.sql("select count(*) from publication_proposal where analysis_snapshot_id = ?").param(snapshot)
                .query(Long.class).single()).isZero();

        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        postAs(mvc, analyst, "/manage/publications", 403, "snapshot", Long.toString(snapshot), "title", "x", "summary", "y");
        postAs(mvc, analyst, propose, 302, "title", "Plover figures", "reasons", "Ready.");
        long id = proposals.forSnapshot(snapshot).open().id();
        postAs(mvc, analyst, "/manage/proposals/" + id + "/decline", 403, "reason", "No.");
        postAs(mvc, SignIn.as(mvc, TestAccounts.CHAIR), "/manage/proposals/" + id + "/decline", 403, "reason", "No.");
        assertThat(proposals.byId(id).orElseThrow().undecided()).isTrue();
        assertThat(jdbc.sql("select count(*) from publication where analysis_snapshot_id = ?").param(snapshot)
                .query(Long.class).single()).isZero();

        assertThatThrownBy(() -> proposals.propose(snapshot, "x", "y", new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT")))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> proposals.decline(id, "No.", ANALYST)).isInstanceOf(SecurityException.class);
        // what the analyst wrote cannot be changed afterwards, nor the proposal removed
        assertThatThrownBy(() -> jdbc.sql("update publication_proposal set reasons = 'Changed.' where id = ?").param(id).update())
                .hasMessageContaining("only ever decided, once");
        assertThatThrownBy(() -> jdbc.sql("delete from publication_proposal where id = ?").param(id).update())
                .rootCause().hasMessageContaining("permission denied for table publication_proposal");
        DatabaseAs.owner(dataSource, owner -> assertThatThrownBy(() ->
                owner.sql("delete from publication_proposal where id = ?").param(id).update())
                .hasMessageContaining("DELETE is not allowed"));
    }

    @Test
    void a_blank_title_or_reasons_and_an_analysis_already_proposed_or_published_are_refused_with_a_clear_message() throws Exception {
        long snapshot = snapshot("Wren analysis of children");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        postAs(mvc, analyst, "/analysis/" + snapshot + "/propose", 302, "title", "Wren figures", "reasons", "   ");
        String refused = page(mvc, "/analysis/" + snapshot, analyst);
        assertThat(refused).contains("<title>Error: Wren analysis of children", "There is a problem",
                "Enter why it should be published, 5,000 characters or fewer", "href=\"#propose-reasons\"",
                "govuk-textarea--error", "value=\"Wren figures\"");
        postAs(mvc, analyst, "/analysis/" + snapshot + "/propose", 302, "title", "", "reasons", "Good figures.");
        assertThat(page(mvc, "/analysis/" + snapshot, analyst)).contains("Enter a title for the public, 200 characters or fewer",
                "href=\"#propose-title\"", "Good figures.");
        assertThat(proposals.forSnapshot(snapshot).open()).isNull();

        proposals.propose(snapshot, "Wren figures", "Good figures.", ANALYST);
        assertThatThrownBy(() -> proposals.propose(snapshot, "Wren figures again", "Still good.", ANALYST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("This analysis is already proposed for publication, by demo-analyst: the secretariat has not decided yet");
        long published = jdbc.sql("select analysis_snapshot_id from publication order by id limit 1").query(Long.class).single();
        assertThatThrownBy(() -> proposals.propose(published, "Again", "Reasons.", ANALYST))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("This analysis is already published");
        assertThatThrownBy(() -> proposals.propose(Long.MAX_VALUE, "A title", "Reasons.", ANALYST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("There is no analysis");
        assertThat(audited("PUBLICATION_PROPOSED", snapshot)).hasSize(1);
    }
}
