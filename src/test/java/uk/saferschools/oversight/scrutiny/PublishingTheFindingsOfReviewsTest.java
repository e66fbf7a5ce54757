package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
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
import uk.saferschools.oversight.statistics.PerturbationTable;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The findings of the panel's reviews, published by the secretariat a quarter at a time (issue 15, item 4):
 * every count is its encounters' count perturbed by the sum of their record keys, never 1 or 2; the same
 * encounters give the same figure in every table; a share is of published counts and only over a base of 10 or
 * more; what is published is on /scrutiny and in the API, and never changes.
 */
@OversightTest
class PublishingTheFindingsOfReviewsTest {

    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    private static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");
    private static final Actor LIAISON = new Actor(TestAccounts.LIAISON, "POLICE_LIAISON");

    @Autowired
    Samples samples;
    @Autowired
    ReviewSessions sessions;
    @Autowired
    ReviewFindings findings;
    @Autowired
    TabularImports imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @TempDir
    Path directory;

    /** What each encounter's consensus says, by position: a spread of answers and ratings. */
    private static Map<String, String> answers(int position) {
        Map<String, String> a = new HashMap<>();
        a.put("footage_available", position % 4 == 0 ? "no" : "yes");
        for (String g : ReviewForm.GOWISELY) {
            a.put(g, position % 3 == 0 ? "partly" : "yes");
        }
        a.put("appropriate_adult_present_where_required", position % 2 == 0 ? "yes" : position % 5 == 0 ? "no" : "not_applicable");
        a.put("handcuffs_used", position % 3 == 1 ? "yes" : "no");
        a.put("force_justified", position % 6 == 1 ? "yes" : "partly");
        return a;
    }

    private static ReviewForm.Rating rating(int position) {
        return position % 3 == 0 ? ReviewForm.Rating.AMBER : ReviewForm.Rating.GREEN;
    }

    /** Every encounter of {@code year}'s sample reviewed by two members and agreed by the chair. */
    private List<Encounters.Identity> reviewedIn(int year, int encounters) throws Exception {
        EncounterFiles.encountersOf(imports, directory, year, encounters);
        long sample = samples.draw(new Samples.Request("Findings " + year, Samples.Method.RANDOM, new Encounters.Filter(
                LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), null, null, null, null, null, true, Set.of()), false, null, 100.0, 9L), CHAIR);
        long session = sessions.create(sample, LocalDate.of(year, 6, 1), "Findings " + year, List.of(TestAccounts.MEMBER, TestAccounts.CHAIR),
                SECRETARIAT);
        for (int p = 1; p <= encounters; p++) {
            for (Actor a : List.of(MEMBER, CHAIR)) {
                sessions.submit(session, p, answers(p), rating(p), "Reviewed", "", "", a);
            }
            sessions.agree(session, p, answers(p), rating(p), "Agreed", "", "", CHAIR);
        }
        return samples.byId(sample, CHAIR).identities();
    }

    private long key(Encounters.Identity e) {
        return jdbc.sql("select perturbation_key from power_use where force = ? and record_key = ? and power = ?")
                .params(e.force(), e.recordKey(), e.power()).query(Long.class).single();
    }

    @Test
    void every_published_count_is_its_encounters_count_perturbed_by_their_keys_and_the_same_in_every_table() throws Exception {
        List<Encounters.Identity> reviewed = reviewedIn(2013, 24);
        long id = findings.publish("2013-Q1", SECRETARIAT);
        ReviewFindings.Published published = findings.published().stream().filter(p -> p.id() == id).findFirst().orElseThrow();
        // all 24 encounters, one a day from 1 March 2013: the quarter is all of them
        long allKeys = PerturbationTable.cellKey(reviewed.stream().mapToLong(this::key).toArray());
        assertThat(published.figures().get(0)).isEqualTo(new ReviewFindings.Figure("All encounters", "Encounters reviewed",
                Long.toString(PerturbationTable.PUBLISHED.perturbed(24, allKeys)), ""));
        // footage missing: positions 4, 8, ..., 24 (6 encounters), perturbed by the sum of their own keys
        long missingKeys = PerturbationTable.cellKey(java.util.stream.IntStream.rangeClosed(1, 24).filter(p -> p % 4 == 0)
                .mapToLong(p -> key(reviewed.get(p - 1))).toArray());
        assertThat(published.figures()).filteredOn(f -> f.split().equals("All encounters") && f.measure().equals("Footage missing"))
                .singleElement().extracting(ReviewFindings.Figure::count)
                .isEqualTo(Long.toString(PerturbationTable.PUBLISHED.perturbed(6, missingKeys)));
        for (ReviewFindings.Figure f : published.figures()) {
            assertThat(f.count()).as(f.toString()).isNotIn("1", "2");
            assertThat(Long.parseLong(f.count())).isNotNegative();
        }
        // the same encounters give the same figures, however often they are protected
        assertThat(published.quartersToDate()).contains("2013-Q1");
        assertThat(findings.protect(findings.reviewed().stream().filter(r -> r.quarter().equals("2013-Q1")).toList()))
                .isEqualTo(published.figures());
        // a share is of published counts, and only over a base of 10 or more
        for (ReviewFindings.Figure f : published.figures()) {
            if (!f.share().isEmpty()) {
                assertThat(f.share()).matches("\\d{1,3}\\.\\d%");
            }
        }
        String reviewedAll = published.figures().get(0).count();
        ReviewFindings.Figure red = published.figures().stream().filter(f -> f.split().equals("All encounters") && f.measure().equals("Rated red"))
                .findFirst().orElseThrow();
        assertThat(red.share()).isEqualTo(String.format(java.util.Locale.UK, "%.1f%%", 100.0 * Long.parseLong(red.count()) / Long.parseLong(reviewedAll)));
        // on the public page and in the API, with the note that the figures have small changes
        String page = PageRequests.page(mvc, "/scrutiny", null);
        assertThat(page).contains("What the reviews found", "Encounters of 2013-Q1", "These figures have small changes to protect children");
        String api = PageRequests.page(mvc, "/api/v1/scrutiny/findings.csv", null);
        assertThat(api).contains("\"2013-Q1\"", "\"Footage missing\"");
        assertThat(PageRequests.page(mvc, "/questions", null)).contains("Its latest findings, published");
    }

    @Test
    void findings_are_published_once_by_the_secretariat_and_never_changed() throws Exception {
        reviewedIn(2014, 12);
        assertThatThrownBy(() -> findings.publish("2014-Q1", LIAISON)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> findings.publish("2014-Q1", CHAIR)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> findings.publish("spring", SECRETARIAT)).hasMessage("Choose a quarter, such as 2025-Q3");
        assertThatThrownBy(() -> findings.publish("2014-Q3", SECRETARIAT)).hasMessageContaining("No encounter of 2014-Q3 has a consensus yet");
        assertThat(findings.publishable()).contains("2014-Q1");
        long id = findings.publish("2014-Q1", SECRETARIAT);
        assertThat(findings.publishable()).doesNotContain("2014-Q1");
        assertThatThrownBy(() -> findings.publish("2014-Q1", SECRETARIAT)).hasMessageContaining("already published");
        assertThatThrownBy(() -> jdbc.sql("update bwv_findings_publication set encounters = 0 where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class);
        // no reviewer's words are published, only counts
        String stored = jdbc.sql("select findings::text from bwv_findings_publication where id = ?").param(id).query(String.class).single();
        assertThat(stored).doesNotContain("Reviewed", "Agreed");
        // the police liaison cannot read the panel's findings before publication
        assertThatThrownBy(() -> findings.soFar(LIAISON)).isInstanceOf(SecurityException.class);
    }
}
