package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.KeptAnalyses;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * When what reacts to an event fails (here the inbox refuses the secretariat's message), the step that
 * published the event stands, and the event stays in the event publication registry as incomplete, in
 * the database, as the application's own role keeps it: not lost. Published again (as on the next start)
 * once the fault is gone, it reaches the inbox, and the registry forgets it.
 */
@OversightTest
class KeepingAReactionThatFailedUntilItIsDoneTest {

    static final Actor ANALYST = new Actor(TestAccounts.ANALYST, "ANALYST");

    @Autowired
    PublicationProposals proposals;
    @Autowired
    IncompleteEventPublications incomplete;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    record Kept(String listener, String event, String status) {
    }

    List<Kept> kept(long proposal) {
        return jdbc.sql("""
                select listener_id, serialized_event, status from event_publication
                where event_type = ? and completion_date is null and serialized_event like ?""")
                .params(PublicationProposed.class.getName(), "%\"proposalId\":" + proposal + ",%")
                .query((rs, n) -> new Kept(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    List<String> secretariatInbox() {
        return jdbc.sql("select message from notification where username = ? order by id").param(TestAccounts.SECRETARIAT)
                .query(String.class).list();
    }

    @Test
    void an_event_whose_listener_failed_is_kept_as_incomplete_and_completed_when_published_again() {
        long snapshot = KeptAnalyses.ofChildren(jdbc, "Osprey analysis of children", "2170-01-01", "2170-03-31");
        DatabaseAs.owner(dataSource, owner -> owner.sql("""
                create function refuse_osprey_notices() returns trigger language plpgsql as $$
                begin
                    if new.message like '%Osprey%' then
                        raise exception 'the inbox is out of order (a test)';
                    end if;
                    return new;
                end $$;
                create trigger refuse_osprey_notices before insert on notification
                    for each row execute function refuse_osprey_notices();""").update());
        long proposal;
        try {
            proposal = proposals.propose(snapshot, "Osprey figures", "Worth showing.", ANALYST);

            assertThat(proposals.byId(proposal)).as("the proposal stands").isPresent();
            assertThat(secretariatInbox()).noneMatch(message -> message.contains("Osprey"));
            assertThat(kept(proposal)).singleElement().satisfies(kept -> {
                assertThat(kept.listener()).contains(ProposalNotices.class.getName());
                assertThat(kept.event()).contains("Osprey figures");
                assertThat(kept.status()).isEqualTo("FAILED");
            });
        } finally {
            DatabaseAs.owner(dataSource, owner -> owner.sql("""
                    drop trigger refuse_osprey_notices on notification;
                    drop function refuse_osprey_notices();""").update());
        }

        long id = proposal;
        incomplete.resubmitIncompletePublications(publication ->
                publication.getEvent() instanceof PublicationProposed proposed && proposed.proposalId() == id);

        assertThat(secretariatInbox())
                .contains("demo-analyst proposes the analysis “Osprey analysis of children” for publication as “Osprey figures”");
        assertThat(kept(proposal)).isEmpty();
        assertThat(jdbc.sql("select count(*) from event_publication where serialized_event like '%Osprey%'")
                .query(Long.class).single()).as("completed, so deleted").isZero();
    }
}
