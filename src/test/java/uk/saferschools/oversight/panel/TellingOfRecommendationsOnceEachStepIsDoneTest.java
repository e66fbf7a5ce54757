package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;
import uk.saferschools.oversight.web.LondonTime;

/**
 * A recommendation's issue, the police answer and their report of implementation are events, and the
 * inbox hears each once it is done: the issue tells the police liaison and the panel, the answer and
 * the report tell the panel, never whoever did it.
 */
@OversightTest
@RecordApplicationEvents
class TellingOfRecommendationsOnceEachStepIsDoneTest {

    static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR");
    static final Actor LIAISON = new Actor(TestAccounts.LIAISON, "POLICE_LIAISON");

    @Autowired
    Recommendations recommendations;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEvents events;

    List<String> inbox(String username) {
        return jdbc.sql("select message from notification where username = ? order by id").param(username).query(String.class).list();
    }

    String issued(String title, LocalDate due) {
        String reference = recommendations.draft(title, "Text of " + title + ".", MEMBER);
        recommendations.agree(reference, "Agreed at the meeting", 1, CHAIR);
        recommendations.issue(reference, due, CHAIR);
        return reference;
    }

    @Test
    void an_issue_tells_the_police_liaison_and_the_panel() {
        LocalDate due = LocalDate.now(LondonTime.LONDON).plusWeeks(6);
        String reference = issued("Lapwing recommendation", due);

        assertThat(events.stream(RecommendationIssued.class)).singleElement()
                .isEqualTo(new RecommendationIssued(reference, "Lapwing recommendation", due, CHAIR));
        assertThat(inbox(TestAccounts.LIAISON)).contains("Recommendation " + reference
                + " was issued to the police: Lapwing recommendation; the response is due " + due);
        assertThat(inbox(TestAccounts.MEMBER)).contains("Recommendation " + reference + " was issued: Lapwing recommendation");
        assertThat(inbox(TestAccounts.CHAIR)).noneMatch(message -> message.contains(reference + " was issued"));
    }

    @Test
    void an_answer_and_a_report_of_implementation_tell_the_panel() {
        String reference = issued("Redshank recommendation", LocalDate.now(LondonTime.LONDON).plusWeeks(6));
        recommendations.respond(reference, PoliceDecision.ACCEPTED, "Accepted.",
                List.of(new Recommendations.Action("Brief officers", LocalDate.now(LondonTime.LONDON).plusMonths(1))), LIAISON);
        recommendations.reportImplemented(reference, "Officers were briefed.", LIAISON);

        assertThat(events.stream(ResponseReceived.class)).singleElement()
                .isEqualTo(new ResponseReceived(reference, PoliceDecision.ACCEPTED, 1, LIAISON));
        assertThat(events.stream(ImplementationReported.class)).singleElement()
                .isEqualTo(new ImplementationReported(reference, LIAISON));
        assertThat(inbox(TestAccounts.MEMBER)).contains("The police answered recommendation " + reference + ": "
                + PoliceDecision.ACCEPTED.label().toLowerCase(Locale.UK),
                "The police report recommendation " + reference + " implemented");
        assertThat(inbox(TestAccounts.LIAISON)).noneMatch(message -> message.contains("answered recommendation " + reference));
    }
}
