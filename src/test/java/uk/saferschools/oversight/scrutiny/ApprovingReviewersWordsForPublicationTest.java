package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
import uk.saferschools.oversight.records.EncounterFiles;
import uk.saferschools.oversight.records.Encounters;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Reviewers' words go public only when the secretariat approves them, and only after every personal detail the
 * check finds is redacted or accepted with a reason (issue 15, item 5); only words of a published quarter are
 * offered; a decision is final.
 */
@OversightTest
class ApprovingReviewersWordsForPublicationTest {

    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    private static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");

    @Autowired
    Samples samples;
    @Autowired
    ReviewSessions sessions;
    @Autowired
    ReviewFindings findings;
    @Autowired
    PublicWords words;
    @Autowired
    TabularImports imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @TempDir
    Path directory;

    private long session;

    private void reviewed(int year, String rationale, String learning) throws Exception {
        EncounterFiles.encountersOf(imports, directory, year, 2);
        long sample = samples.draw(new Samples.Request("Words " + year, Samples.Method.RANDOM, new Encounters.Filter(LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31), null, null, null, null, null, true, Set.of()), false, 1, null, 3L), CHAIR);
        session = sessions.create(sample, LocalDate.of(year, 6, 1), "Words " + year, List.of(TestAccounts.MEMBER), SECRETARIAT);
        sessions.submit(session, 1, Map.of("footage_available", "yes"), ReviewForm.Rating.AMBER, "Scored", "", "", MEMBER);
        sessions.agree(session, 1, Map.of("footage_available", "yes"), ReviewForm.Rating.AMBER, rationale, learning, "", CHAIR);
    }

    private List<PublicWords.Candidate> waitingOf(long session) {
        return words.waiting(SECRETARIAT).stream().filter(c -> c.sessionId() == session).toList();
    }

    @Test
    void words_with_personal_details_are_published_only_redacted_or_accepted_with_a_reason() throws Exception {
        reviewed(2015, "PC Harris stopped Tyler Johnson outside 14 Peckham Road, SE15 5BE, and did not explain the grounds.",
                "Officers should explain the grounds before they start a search.");
        assertThat(waitingOf(session)).as("not offered before the quarter is published").isEmpty();
        findings.publish("2015-Q1", SECRETARIAT);
        List<PublicWords.Candidate> waiting = waitingOf(session);
        assertThat(waiting).extracting(PublicWords.Candidate::field).containsExactly("rationale", "learning");
        PublicWords.Candidate rationale = waiting.get(0);
        assertThat(rationale.findings()).extracting(PersonalDetails.Finding::kind)
                .contains(PersonalDetails.Kind.NAME, PersonalDetails.Kind.ADDRESS, PersonalDetails.Kind.POSTCODE);
        assertThat(waiting.get(1).findings()).as("ordinary words").isEmpty();

        // no approval while a finding is undecided, or accepted without a reason
        assertThatThrownBy(() -> words.decide(session, 1, "rationale", true, Map.of(), SECRETARIAT)).hasMessageContaining("Redact or accept");
        Map<Integer, PublicWords.Decision> acceptedWithoutReason = new java.util.HashMap<>();
        for (int i = 0; i < rationale.findings().size(); i++) {
            acceptedWithoutReason.put(i, new PublicWords.Decision(false, ""));
        }
        assertThatThrownBy(() -> words.decide(session, 1, "rationale", true, acceptedWithoutReason, SECRETARIAT))
                .hasMessageContaining("Give the reason for accepting");
        assertThatThrownBy(() -> words.decide(session, 1, "rationale", true, Map.of(), CHAIR)).isInstanceOf(SecurityException.class);

        Map<Integer, PublicWords.Decision> redactAll = new java.util.HashMap<>();
        for (int i = 0; i < rationale.findings().size(); i++) {
            redactAll.put(i, new PublicWords.Decision(true, ""));
        }
        words.decide(session, 1, "rationale", true, redactAll, SECRETARIAT);
        words.decide(session, 1, "learning", false, Map.of(), SECRETARIAT);
        assertThat(waitingOf(session)).isEmpty();
        String published = words.published().stream().filter(w -> w.quarter().equals("2015-Q1")).findFirst().orElseThrow().text();
        assertThat(published).doesNotContain("Harris", "Tyler", "Johnson", "Peckham Road", "SE15").contains("[name removed]",
                "[postcode removed]", "did not explain the grounds");
        String page = PageRequests.page(mvc, "/scrutiny", null);
        assertThat(page).contains("What the reviewers said", "did not explain the grounds").doesNotContain("Tyler", "SE15 5BE",
                "Officers should explain the grounds before they start a search");
        // final: the database refuses a change
        assertThatThrownBy(() -> jdbc.sql("update bwv_public_words set published_text = 'x' where session_id = ?").param(session).update())
                .isInstanceOf(DataAccessException.class);
        // the secretariat's page lists what is waiting; a member cannot open it
        assertThat(PageRequests.page(mvc, "/panel/scrutiny/words", SignIn.as(mvc, TestAccounts.SECRETARIAT)))
                .contains("Reviewers’ words for publication");
        mvc.perform(get("/panel/scrutiny/words").cookie(SignIn.as(mvc, TestAccounts.MEMBER))).andExpect(status().isForbidden());
    }
}
