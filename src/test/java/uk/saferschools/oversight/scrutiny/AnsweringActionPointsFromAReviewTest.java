package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.AccountsForTests;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.records.EncounterFiles;
import uk.saferschools.oversight.records.Encounters;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.scrutiny.ActionPoints.ActionPoint;
import uk.saferschools.oversight.scrutiny.ActionPoints.Status;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Action points raised from a review session go to the police liaison, who answers in their own field and may
 * suggest closing; only the chair closes one. Open action points come forward onto later sessions' agendas; closed
 * ones do not. The police never change the panel's text, nor anyone an answer: the service offers no way, and the
 * database refuses (issue 15, item 3).
 */
@OversightTest
class AnsweringActionPointsFromAReviewTest {

    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    private static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");
    private static final Actor LIAISON = new Actor(TestAccounts.LIAISON, "POLICE_LIAISON");
    private static final Actor ANALYST = new Actor(TestAccounts.ANALYST, "ANALYST");
    private static final String SECOND = "action-points-second-member";
    private static final String SECOND_PASSWORD = "action-points-second-passphrase-1";

    /** Each year's encounters are imported once for the class; every test draws its own samples from them. */
    private static final Set<Integer> IMPORTED = new java.util.HashSet<>();

    @Autowired
    ActionPoints actionPoints;
    @Autowired
    Samples samples;
    @Autowired
    ReviewSessions sessions;
    @Autowired
    TabularImports imports;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    uk.saferschools.oversight.panel.Notifications notifications;
    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;
    @Autowired
    DataSource dataSource;
    @TempDir
    Path directory;

    private long session(LocalDate heldOn, String title) throws Exception {
        int year = heldOn.getYear();
        if (IMPORTED.add(year)) {
            AccountsForTests.ensure(context.getBean("accountAdministration"), jdbc, SECOND, SECOND_PASSWORD, Role.PANEL_MEMBER);
            EncounterFiles.encountersOf(imports, directory, year, 12);
        }
        long sample = samples.draw(new Samples.Request(title, Samples.Method.RANDOM, new Encounters.Filter(LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31), null, null, null, null, null, true, Set.of()), false, 3, null, 7L), CHAIR);
        return sessions.create(sample, heldOn, title, List.of(TestAccounts.MEMBER, SECOND, TestAccounts.CHAIR), SECRETARIAT);
    }

    @Test
    void raised_answered_suggested_for_closing_and_closed_by_the_chair() throws Exception {
        long session = session(LocalDate.of(2009, 5, 12), "Action points, May 2009");
        long id = actionPoints.raise(session, 2, "Explain why the officer's camera was switched on only after the search began", CHAIR);

        ActionPoint raised = actionPoints.find(id, LIAISON);
        assertThat(raised.status()).isEqualTo(Status.NO_RESPONSE);
        assertThat(raised.version()).isEqualTo(1);
        assertThat(raised.reference()).isEqualTo(String.format("AP-%03d", id));
        assertThat(raised.position()).isEqualTo(2);
        assertThat(raised.encounter()).startsWith("E-").hasSize(12);
        assertThat(raised.answer()).isEmpty();

        assertThat(actionPoints.answer(id, "Officers have been reminded to switch on before any encounter", false, 1, LIAISON))
                .isEqualTo(Status.RESPONDED);
        assertThat(actionPoints.find(id, CHAIR).status()).isEqualTo(Status.RESPONDED);
        assertThat(actionPoints.answer(id, "Briefing given to the whole team on 3 March; we suggest closing", true, 2, LIAISON))
                .isEqualTo(Status.SUGGEST_CLOSE);
        actionPoints.close(id, "The panel accepts the briefing as enough", 3, CHAIR);

        ActionPoint closed = actionPoints.find(id, MEMBER);
        assertThat(closed.status()).isEqualTo(Status.CLOSED);
        assertThat(closed.text()).isEqualTo("Explain why the officer's camera was switched on only after the search began");
        assertThat(closed.answer().orElseThrow().text()).contains("suggest closing");
        assertThat(closed.answer().orElseThrow().suggestClose()).isTrue();
        assertThat(closed.answers()).extracting(ActionPoints.Answer::version).containsExactly(2, 1);
        assertThat(closed.history()).extracting(ActionPoints.Event::status)
                .containsExactly(Status.NO_RESPONSE, Status.RESPONDED, Status.SUGGEST_CLOSE, Status.CLOSED);
        assertThat(closed.history()).extracting(ActionPoints.Event::answerVersion).containsExactly(null, 1, 2, null);
        assertThat(closed.history().get(3).note()).isEqualTo("The panel accepts the briefing as enough");
        assertThat(closed.raisedBy()).isEqualTo(TestAccounts.CHAIR);

        // the police see the panel's people by role, and their own by name
        ActionPoint toThePolice = actionPoints.find(id, LIAISON);
        assertThat(toThePolice.raisedBy()).isEqualTo("Chair");
        assertThat(toThePolice.history()).extracting(ActionPoints.Event::actor)
                .containsExactly("Chair", TestAccounts.LIAISON, TestAccounts.LIAISON, "Chair");

        // a closed action point is neither answered nor closed again
        assertThatThrownBy(() -> actionPoints.answer(id, "One more thing", false, LIAISON)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> actionPoints.close(id, "Again", CHAIR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already closed");

        // every change is in the audit trail
        assertThat(jdbc.sql("select action from audit_entry where subject = ? order by sequence_no").param("bwv-action-point:" + id)
                .query(String.class).list()).containsExactly("BWV_ACTION_POINT_RAISED", "BWV_ACTION_POINT_ANSWERED",
                "BWV_ACTION_POINT_ANSWERED", "BWV_ACTION_POINT_CLOSED");
    }

    @Test
    void the_inbox_tells_the_police_of_each_action_point_and_the_panel_of_each_answer() throws Exception {
        long session = session(LocalDate.of(2009, 6, 2), "Action points, June 2009");
        String text = "Explain why the pupil was searched in front of classmates";
        long id = actionPoints.raise(session, 1, text, CHAIR);
        String reference = ActionPoints.reference(id);
        String link = "/panel/scrutiny/action-points#" + reference;

        assertThat(notifications.inbox(TestAccounts.LIAISON)).filteredOn(n -> n.message().contains(reference)).singleElement()
                .satisfies(n -> {
                    assertThat(n.message()).contains("was raised at the video review “Action points, June 2009”", "encounter 1", text);
                    assertThat(n.link()).isEqualTo(link);
                });
        assertThat(notifications.inbox(TestAccounts.CHAIR)).as("not whoever raised it").noneMatch(n -> n.message().contains(reference));

        actionPoints.answer(id, "The search was moved to a private room as soon as possible", true, LIAISON);
        for (String panel : List.of(TestAccounts.MEMBER, TestAccounts.CHAIR, TestAccounts.SECRETARIAT)) {
            assertThat(notifications.inbox(panel)).as(panel).filteredOn(n -> n.message().contains(reference)).singleElement()
                    .satisfies(n -> {
                        assertThat(n.message()).isEqualTo("The police answered action point " + reference
                                + " and suggest that the chair closes it");
                        assertThat(n.link()).isEqualTo(link);
                    });
        }

        actionPoints.close(id, "The panel accepts the answer", CHAIR);
        assertThat(notifications.inbox(TestAccounts.LIAISON)).filteredOn(n -> n.message().contains(reference))
                .extracting(uk.saferschools.oversight.panel.Notifications.Notification::message)
                .contains("The chair closed action point " + reference + ": The panel accepts the answer");
        // the link opens the action point's own card on the police liaison's page
        assertThat(uk.saferschools.oversight.support.PageRequests.page(mvc, "/panel/scrutiny/action-points",
                uk.saferschools.oversight.support.SignIn.as(mvc, TestAccounts.LIAISON))).contains("id=\"" + reference + "\"");
    }

    @Test
    void the_chair_may_close_from_any_status_saying_why() throws Exception {
        long session = session(LocalDate.of(2009, 7, 8), "Action points, July 2009");
        long unanswered = actionPoints.raise(session, null, "Share the force's guidance on recording in schools", SECRETARIAT);
        long answered = actionPoints.raise(session, 1, "Say whether a safeguarding referral was made", SECRETARIAT);
        actionPoints.answer(answered, "A referral was made the same day", false, LIAISON);

        assertThatThrownBy(() -> actionPoints.close(unanswered, " ", CHAIR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Say why the panel closes the action point");
        actionPoints.close(unanswered, "Superseded by the force's new policy, published in June", CHAIR);
        actionPoints.close(answered, "The answer is enough", CHAIR);
        assertThat(actionPoints.find(unanswered, CHAIR).history()).extracting(ActionPoints.Event::status)
                .containsExactly(Status.NO_RESPONSE, Status.CLOSED);
        assertThat(actionPoints.find(answered, CHAIR).history()).extracting(ActionPoints.Event::status)
                .containsExactly(Status.NO_RESPONSE, Status.RESPONDED, Status.CLOSED);
        assertThat(actionPoints.raisedAt(session, LIAISON)).extracting(ActionPoint::id).containsExactly(unanswered, answered);
        assertThat(actionPoints.find(unanswered, SECRETARIAT).position()).isNull();
        assertThat(actionPoints.find(unanswered, SECRETARIAT).encounter()).isNull();
    }

    @Test
    void the_police_answer_and_only_the_chair_closes() throws Exception {
        long session = session(LocalDate.of(2009, 9, 15), "Action points, September 2009");
        long id = actionPoints.raise(session, 3, "Explain why handcuffs were used on a 12-year-old", CHAIR);

        assertThatThrownBy(() -> actionPoints.raise(session, 1, "The police raising their own", LIAISON)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> actionPoints.raise(session, 1, "A member raising alone", MEMBER)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> actionPoints.close(id, "The police closing it", LIAISON)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> actionPoints.close(id, "The secretariat closing it", SECRETARIAT)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> actionPoints.answer(id, "A member answering for the police", false, MEMBER))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> actionPoints.answer(id, "The chair answering for the police", true, CHAIR))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> actionPoints.find(id, ANALYST)).isInstanceOf(SecurityException.class);
        // the police read action points, never scores
        assertThatThrownBy(() -> sessions.scores(session, 3, LIAISON)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> sessions.session(session, LIAISON)).isInstanceOf(SecurityException.class);

        // bad input is refused saying what to do
        assertThatThrownBy(() -> actionPoints.raise(session, 9, "About an encounter not in the sample", CHAIR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no encounter 9");
        assertThatThrownBy(() -> actionPoints.raise(session, null, "  ", CHAIR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Enter the action point: what the panel asks of the police");
        assertThatThrownBy(() -> actionPoints.answer(id, "", false, LIAISON)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Enter the police's answer");
        assertThat(actionPoints.find(id, CHAIR).status()).as("nothing refused changed it").isEqualTo(Status.NO_RESPONSE);
    }

    @Test
    void a_change_made_since_it_was_read_is_not_overlooked() throws Exception {
        long session = session(LocalDate.of(2009, 11, 3), "Action points, November 2009");
        long id = actionPoints.raise(session, 1, "Explain the grounds recorded for the search", CHAIR);
        int readByTheChair = actionPoints.find(id, CHAIR).version();
        actionPoints.answer(id, "The grounds were a report of a knife", true, readByTheChair, LIAISON);
        // the chair closes what they read before the police answered: refused, nothing saved
        assertThatThrownBy(() -> actionPoints.close(id, "No answer came", readByTheChair, CHAIR))
                .isInstanceOf(ActionPoints.ChangedSinceReadException.class).hasMessageContaining("changed since you opened it");
        assertThatThrownBy(() -> actionPoints.answer(id, "An answer to what was", false, readByTheChair, LIAISON))
                .isInstanceOf(ActionPoints.ChangedSinceReadException.class);
        assertThat(actionPoints.find(id, CHAIR).status()).isEqualTo(Status.SUGGEST_CLOSE);
        actionPoints.close(id, "The grounds were reasonable", actionPoints.find(id, CHAIR).version(), CHAIR);
        assertThat(actionPoints.find(id, CHAIR).status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void no_one_changes_the_panels_text_or_the_police_answer_the_database_refuses() throws Exception {
        long session = session(LocalDate.of(2010, 2, 9), "Action points, February 2010");
        long id = actionPoints.raise(session, 1, "Explain why no appropriate adult was called", CHAIR);
        actionPoints.answer(id, "An appropriate adult was called but arrived late", false, LIAISON);

        // as the application (the role every page and service uses, the police's included): no UPDATE or DELETE at all
        for (String change : List.of(
                "update bwv_action_point set text = 'Nothing to explain' where id = ?",
                "delete from bwv_action_point where id = ?",
                "update bwv_action_point_answer set text = 'Rewritten' where action_point_id = ?",
                "delete from bwv_action_point_answer where action_point_id = ?",
                "update bwv_action_point_event set status = 'CLOSED', note = 'x' where action_point_id = ?",
                "delete from bwv_action_point_event where action_point_id = ?")) {
            assertThatThrownBy(() -> jdbc.sql(change).param(id).update()).as(change).isInstanceOf(DataAccessException.class);
        }
        // and even the owner of the tables is refused by the triggers
        DatabaseAs.owner(dataSource, owner -> {
            assertThatThrownBy(() -> owner.sql("update bwv_action_point set text = 'Nothing to explain' where id = ?").param(id).update())
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> owner.sql("update bwv_action_point_answer set text = 'Rewritten' where action_point_id = ?")
                    .param(id).update()).hasMessageContaining("append-only");
            assertThatThrownBy(() -> owner.sql("delete from bwv_action_point_event where action_point_id = ?").param(id).update())
                    .hasMessageContaining("append-only");
        });
        // the database also refuses a status out of order: a second "no response", or a close without a note
        assertThatThrownBy(() -> jdbc.sql("insert into bwv_action_point_event (action_point_id, seq, status, actor, actor_role) "
                + "values (?, 3, 'NO_RESPONSE', 'x', 'System')").param(id).update()).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("insert into bwv_action_point_event (action_point_id, seq, status, actor, actor_role) "
                + "values (?, 3, 'CLOSED', 'x', 'System')").param(id).update()).isInstanceOf(DataAccessException.class);

        ActionPoint kept = actionPoints.find(id, LIAISON);
        assertThat(kept.text()).isEqualTo("Explain why no appropriate adult was called");
        assertThat(kept.answer().orElseThrow().text()).isEqualTo("An appropriate adult was called but arrived late");
        assertThat(kept.status()).isEqualTo(Status.RESPONDED);
    }

    @Test
    void open_action_points_come_forward_to_the_next_session_and_closed_ones_do_not() throws Exception {
        long earlier = session(LocalDate.of(2010, 4, 20), "Action points, April 2010");
        long later = session(LocalDate.of(2010, 10, 5), "Action points, October 2010");
        long unanswered = actionPoints.raise(earlier, 1, "Say when the body-worn video policy will be reviewed", CHAIR);
        long suggested = actionPoints.raise(earlier, 2, "Explain the search of a pupil's bag on school premises", SECRETARIAT);
        long closed = actionPoints.raise(earlier, 3, "Confirm the officer completed the record on the day", CHAIR);
        long raisedLater = actionPoints.raise(later, null, "Report on training in de-escalation", CHAIR);
        actionPoints.answer(suggested, "The search followed a report from the head teacher; we suggest closing", true, LIAISON);
        actionPoints.answer(closed, "Confirmed: completed the same day", false, LIAISON);
        actionPoints.close(closed, "Confirmed", CHAIR);

        assertThat(actionPoints.carriedForward(later, SECRETARIAT)).extracting(ActionPoint::id)
                .contains(unanswered, suggested).doesNotContain(closed, raisedLater);
        assertThat(actionPoints.carriedForward(later, LIAISON)).extracting(ActionPoint::id).contains(unanswered, suggested);
        assertThat(actionPoints.carriedForward(earlier, CHAIR)).as("not onto the session that raised them").extracting(ActionPoint::id)
                .doesNotContain(unanswered, suggested, closed, raisedLater);
        assertThat(actionPoints.forNextSession(earlier, CHAIR)).extracting(ActionPoint::id)
                .contains(unanswered, suggested).doesNotContain(closed, raisedLater);
        assertThat(actionPoints.open(LIAISON)).extracting(ActionPoint::id)
                .contains(unanswered, suggested, raisedLater).doesNotContain(closed);
        assertThat(actionPoints.carriedForward(later, CHAIR)).filteredOn(a -> a.id() == suggested).singleElement()
                .satisfies(a -> {
                    assertThat(a.status()).isEqualTo(Status.SUGGEST_CLOSE);
                    assertThat(a.sessionId()).isEqualTo(earlier);
                    assertThat(a.sessionHeldOn()).isEqualTo(LocalDate.of(2010, 4, 20));
                });

        // once closed, it no longer comes forward
        actionPoints.close(suggested, "The panel agrees", CHAIR);
        assertThat(actionPoints.carriedForward(later, CHAIR)).extracting(ActionPoint::id).contains(unanswered).doesNotContain(suggested);
    }
}
