package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.Cookie;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.AccountsForTests;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.records.EncounterFiles;
import uk.saferschools.oversight.records.Encounters;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A review session: each member present scores each encounter alone and sees no one else's score of it until
 * they have submitted their own; the chair records the consensus once all have, with the spread of the scores
 * beside it (issue 15, item 2). No footage means red, whatever was chosen. Scores are never changed.
 */
@OversightTest
class ScoringEachEncounterAloneBeforeSeeingOthersTest {

    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    private static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");
    private static final Actor LIAISON = new Actor(TestAccounts.LIAISON, "POLICE_LIAISON");
    private static final String SECOND = "scrutiny-second-member";
    private static final String SECOND_PASSWORD = "scrutiny-second-passphrase-1";
    private static final Actor SECOND_MEMBER = new Actor(SECOND, "PANEL_MEMBER");

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
    MockMvc mvc;
    @TempDir
    Path directory;

    private long session(int year, String title) throws Exception {
        AccountsForTests.ensure(context.getBean("accountAdministration"), jdbc, SECOND, SECOND_PASSWORD, Role.PANEL_MEMBER);
        EncounterFiles.encountersOf(imports, directory, year, 12);
        long sample = samples.draw(new Samples.Request(title, Samples.Method.RANDOM, new Encounters.Filter(LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31), null, null, null, null, null, true, Set.of()), false, 3, null, 5L), CHAIR);
        return sessions.create(sample, LocalDate.of(year, 6, 1), title, List.of(TestAccounts.MEMBER, SECOND, TestAccounts.CHAIR), SECRETARIAT);
    }

    private static Map<String, String> footage() {
        return Map.of("footage_available", "yes", "grounds", "yes", "object", "partly", "you_are_detained", "no");
    }

    @Test
    void no_one_sees_another_score_before_submitting_their_own_and_the_chair_agrees_once_all_have() throws Exception {
        long id = session(2004, "Session of 2004");
        sessions.submit(id, 1, footage(), ReviewForm.Rating.AMBER, "Kestrelwing: grounds given but no warrant card shown", "", "", MEMBER);
        // the member who submitted sees their own; the others see nothing yet
        assertThat(sessions.scores(id, 1, MEMBER)).extracting(ReviewSessions.Score::member).containsExactly(TestAccounts.MEMBER);
        assertThat(sessions.scores(id, 1, SECOND_MEMBER)).isEmpty();
        assertThat(sessions.scores(id, 1, CHAIR)).isEmpty();
        assertThat(sessions.scores(id, 1, SECRETARIAT)).isEmpty();
        // they may know how many have scored, not what
        assertThat(sessions.standing(id, SECOND_MEMBER).get(0)).isEqualTo(new ReviewSessions.Standing(1, 1, 3, false, false));
        assertThatThrownBy(() -> sessions.agree(id, 1, footage(), ReviewForm.Rating.AMBER, "R.", "", "", CHAIR))
                .hasMessageContaining("Every member present must submit");
        // nor by any page: search and the inbox hold no score
        Cookie second = SignIn.as(mvc, SECOND, SECOND_PASSWORD);
        assertThat(PageRequests.page(mvc, "/search?q=Kestrelwing", second)).doesNotContain("Kestrelwing: grounds");
        assertThat(PageRequests.page(mvc, "/inbox", second)).doesNotContain("Kestrelwing");
        // nor the open data API, nor the encounter's own page
        assertThat(PageRequests.page(mvc, "/api/v1/scrutiny/findings", null)).doesNotContain("Kestrelwing");
        assertThat(PageRequests.page(mvc, "/panel/scrutiny/sessions/" + id + "/encounters/1", second)).doesNotContain("Kestrelwing")
                .contains("shown once you have submitted your own");

        sessions.submit(id, 1, Map.of("footage_available", "yes", "grounds", "yes", "object", "yes", "you_are_detained", "yes"),
                ReviewForm.Rating.GREEN, "Clear and courteous", "", "Explained the grounds well", SECOND_MEMBER);
        assertThat(sessions.scores(id, 1, SECOND_MEMBER)).hasSize(2);
        assertThat(sessions.scores(id, 1, CHAIR)).as("the chair, present, has not submitted").isEmpty();
        sessions.submit(id, 1, footage(), ReviewForm.Rating.AMBER, "Detention not explained", "", "", CHAIR);
        assertThat(sessions.scores(id, 1, CHAIR)).hasSize(3);
        assertThat(sessions.scores(id, 1, SECRETARIAT)).as("everyone present has submitted").hasSize(3);

        sessions.agree(id, 1, footage(), ReviewForm.Rating.AMBER, "Grounds given; detention not explained", "Explain detention", "", CHAIR);
        ReviewSessions.Consensus agreed = sessions.consensus(id, 1, MEMBER).orElseThrow();
        assertThat(agreed.rating()).isEqualTo(ReviewForm.Rating.AMBER);
        assertThat(agreed.spread().get("ratings")).isEqualTo(Map.of("RED", 0, "AMBER", 2, "GREEN", 1));
        assertThat(agreed.spread().get("answers_that_differed").toString()).contains("object", "you_are_detained").doesNotContain("grounds=");
        assertThat(sessions.standing(id, MEMBER).get(0).consensus()).isTrue();
        // every reading and every score is in the audit trail
        assertThat(jdbc.sql("select count(*) from audit_entry where subject = ? and action in ('BWV_SCORE_SUBMITTED', 'BWV_SCORES_VIEWED', "
                + "'BWV_CONSENSUS_RECORDED')").param("bwv-session:" + id + "/encounter:1").query(Long.class).single()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void no_footage_is_red_whatever_was_chosen() throws Exception {
        long id = session(2005, "Session of 2005");
        assertThat(sessions.submit(id, 2, Map.of("footage_available", "no"), ReviewForm.Rating.GREEN, "No footage was provided", "", "",
                MEMBER)).isEqualTo(ReviewForm.Rating.RED);
        assertThat(jdbc.sql("select rating from bwv_score where session_id = ? and position = 2").param(id).query(String.class).single())
                .isEqualTo("RED");
    }

    @Test
    void a_score_is_submitted_once_never_changed_and_only_by_a_member_present() throws Exception {
        long id = session(2006, "Session of 2006");
        sessions.submit(id, 1, footage(), ReviewForm.Rating.AMBER, "First thoughts", "", "", MEMBER);
        assertThatThrownBy(() -> sessions.submit(id, 1, footage(), ReviewForm.Rating.GREEN, "Second thoughts", "", "", MEMBER))
                .hasMessageContaining("already submitted");
        assertThatThrownBy(() -> sessions.submit(id, 1, footage(), ReviewForm.Rating.GREEN, "R.", "", "", LIAISON))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> sessions.scores(id, 1, LIAISON)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> sessions.submit(id, 1, footage(), ReviewForm.Rating.GREEN, "R.", "", "", SECRETARIAT))
                .isInstanceOf(SecurityException.class);
        // the database refuses a change by anyone, the police's role included
        assertThatThrownBy(() -> jdbc.sql("update bwv_score set rating = 'GREEN' where session_id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("delete from bwv_score where session_id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class);
        // a wrong answer is refused with what is allowed
        assertThatThrownBy(() -> sessions.submit(id, 2, Map.of("footage_available", "yes", "grounds", "maybe"), ReviewForm.Rating.GREEN,
                "R.", "", "", MEMBER)).hasMessage("Answer “grounds” with one of yes, partly, no, not_applicable; not “maybe”");
    }

    @Test
    void a_targeted_sample_draws_from_the_teams_rated_amber_or_red() throws Exception {
        long id = session(2007, "Session of 2007");
        for (Actor a : List.of(MEMBER, SECOND_MEMBER, CHAIR)) {
            sessions.submit(id, 1, Map.of("footage_available", "no"), ReviewForm.Rating.RED, "No footage", "", "", a);
        }
        sessions.agree(id, 1, Map.of("footage_available", "no"), ReviewForm.Rating.RED, "No footage", "", "", CHAIR);
        long targeted = samples.draw(new Samples.Request("Teams rated red, 2007", Samples.Method.RANDOM, new Encounters.Filter(
                LocalDate.of(2007, 1, 1), LocalDate.of(2007, 12, 31), null, null, null, null, null, true, Set.of()), true, null, 100.0, 3L), CHAIR);
        Samples.Sample sample = samples.byId(targeted, CHAIR);
        assertThat(sample.method()).isEqualTo(Samples.Method.TARGETED);
        // the red encounter's team: a third of the year's twelve encounters
        assertThat(sample.encounters()).hasSize(4);
        assertThat(sample.encounters()).extracting(Encounters.Encounter::officerTeam).containsOnly(
                samples.byId(jdbc.sql("select sample_id from bwv_review_session where id = ?").param(id).query(Long.class).single(), CHAIR)
                        .encounters().get(0).officerTeam());
    }
}
