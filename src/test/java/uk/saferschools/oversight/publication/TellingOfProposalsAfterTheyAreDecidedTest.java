package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.KeptAnalyses;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Each step of a proposal to publish is an event, and what reacts to it does so once the step is done:
 * a proposal tells the secretariat, a refusal tells the analysts, and publishing an analysis answers its
 * open proposal (by whichever way it was published), which tells the analysts. No event is left
 * incomplete in the event publication registry.
 */
@OversightTest
@RecordApplicationEvents
class TellingOfProposalsAfterTheyAreDecidedTest {

    static final Actor ANALYST = new Actor(TestAccounts.ANALYST, "ANALYST");
    static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");
    /** Each analysis a year of its own, far from every other test's. */
    static final AtomicInteger YEAR = new AtomicInteger(2150);

    @Autowired
    PublicationProposals proposals;
    @Autowired
    Publications publications;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEvents events;

    long analysis(String title) {
        int year = YEAR.getAndIncrement();
        return KeptAnalyses.ofChildren(jdbc, title, year + "-01-01", year + "-03-31");
    }

    List<String> inbox(String username) {
        return jdbc.sql("select message from notification where username = ? order by id").param(username).query(String.class).list();
    }

    long incomplete() {
        return jdbc.sql("select count(*) from event_publication where completion_date is null").query(Long.class).single();
    }

    @Test
    void a_proposal_is_told_to_the_secretariat_and_not_to_whoever_proposed_it() {
        long snapshot = analysis("Curlew analysis of children");
        long id = proposals.propose(snapshot, "Curlew figures", "A steady quarter.", ANALYST);

        assertThat(events.stream(PublicationProposed.class)).singleElement()
                .isEqualTo(new PublicationProposed(id, snapshot, "Curlew analysis of children", "Curlew figures", ANALYST));
        assertThat(inbox(TestAccounts.SECRETARIAT))
                .contains("demo-analyst proposes the analysis “Curlew analysis of children” for publication as “Curlew figures”");
        assertThat(inbox(TestAccounts.ANALYST)).noneMatch(message -> message.contains("Curlew"));
        assertThat(incomplete()).isZero();
    }

    @Test
    void a_refusal_is_told_to_the_analysts_with_its_reason() {
        long snapshot = analysis("Dunlin analysis of children");
        long id = proposals.propose(snapshot, "Dunlin figures", "Worth showing.", ANALYST);
        proposals.decline(id, "Too few months.", SECRETARIAT);

        assertThat(events.stream(PublicationProposalDeclined.class)).singleElement()
                .isEqualTo(new PublicationProposalDeclined(id, snapshot, "Dunlin figures", "Too few months.", SECRETARIAT));
        assertThat(inbox(TestAccounts.ANALYST)).contains("The secretariat declined to publish “Dunlin figures”: Too few months.");
        assertThat(incomplete()).isZero();
    }

    @Test
    void publishing_an_analysis_answers_its_open_proposal_and_tells_the_analysts() {
        long snapshot = analysis("Godwit analysis of children");
        long id = proposals.propose(snapshot, "Godwit figures", "Worth showing.", ANALYST);

        // straight through the service, not the secretariat's page: the proposal hears of it all the same
        long publication = publications.publish(snapshot, "Godwit figures for the public", "A summary.", null, SECRETARIAT);

        assertThat(events.stream(AnalysisPublished.class)).singleElement()
                .isEqualTo(new AnalysisPublished(publication, snapshot, "Godwit figures for the public", SECRETARIAT));
        var answered = proposals.byId(id).orElseThrow();
        assertThat(answered.publicationId()).isEqualTo(publication);
        assertThat(answered.decidedBy()).isEqualTo(TestAccounts.SECRETARIAT);
        assertThat(events.stream(ProposedAnalysisPublished.class)).singleElement()
                .isEqualTo(new ProposedAnalysisPublished(id, snapshot, publication, "Godwit figures", SECRETARIAT));
        assertThat(inbox(TestAccounts.ANALYST)).contains("The analysis you proposed, “Godwit figures”, is published");
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'PUBLICATION_PROPOSAL_PUBLISHED' and subject = ?")
                .param("analysis:" + snapshot).query(Long.class).single()).isOne();
        assertThat(incomplete()).isZero();
    }

    @Test
    void publishing_an_analysis_nobody_proposed_tells_nobody() {
        long snapshot = analysis("Sanderling analysis of children");
        publications.publish(snapshot, "Sanderling figures", "A summary.", null, SECRETARIAT);

        assertThat(events.stream(AnalysisPublished.class)).hasSize(1);
        assertThat(events.stream(ProposedAnalysisPublished.class)).isEmpty();
        assertThat(inbox(TestAccounts.ANALYST)).noneMatch(message -> message.contains("Sanderling"));
    }
}
