package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.analysis.AnalysisSnapshots;
import uk.saferschools.oversight.analysis.Settings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.statistics.Intruder;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The history that leaked 21 counts, on the demonstration's real police.uk records (March to May 2022): an
 * analysis of a shorter period published, then one of all months held published beside it, and the
 * boroughs of one subtracted from the other. Protected one publication at a time, as before, that gives small
 * counts away; with fixed periods and joint protection, the intruder reading everything public (every
 * publication's figures, boroughs, trend and decision points, as served) recovers none.
 */
@OversightTest
class PublishingTheHistoryThatLeakedTwentyOneCountsTest {

    private static final Actor ANALYST = new Actor(TestAccounts.ANALYST, "ANALYST");
    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");

    @Autowired
    AnalysisSnapshots snapshots;
    @Autowired
    Publications publications;
    @Autowired
    MockMvc mvc;

    private long analysis(String title, String ethnicity, YearMonth from, YearMonth to) {
        return snapshots.run(title, new Settings(true, ethnicity, true, EthnicGroup.WHITE, null, from, to), ANALYST);
    }

    /** A kept analysis as the old code published it: its tables protected on their own. */
    private JointProtection.Published alone(long id, long snapshot) {
        AnalysisSnapshots.Snapshot s = snapshots.byId(snapshot).orElseThrow();
        return new JointProtection.Published(id, s.title(), s.settings(), s.periodFrom(), s.periodTo(),
                PublishedTables.of(s.findings(), s.periodFrom(), s.periodTo(), List::of));
    }

    @Test
    void the_old_behaviour_leaks_small_counts_and_the_new_publishes_fixed_periods_that_leak_none() throws Exception {
        // the old history: a shorter period, then all months held beside it
        long shorter = analysis("Spring 2022, first months", "self", YearMonth.of(2022, 3), YearMonth.of(2022, 4));
        long allHeld = analysis("Spring 2022, all months held", "self", YearMonth.of(2022, 3), YearMonth.of(2022, 5));
        List<Intruder.Exposure> leaked = JointProtection.opened(List.of(alone(1, shorter), alone(2, allHeld)));
        System.out.printf("Protected one at a time, March to April and March to May 2022 give away %d counts%n", leaked.size());
        assertThat(leaked).as("the test of the test: the old behaviour opens holes").isNotEmpty();
        assertThat(leaked).allSatisfy(e -> assertThat(e.range().upper()).isLessThanOrEqualTo(4));

        // now: neither is a fixed period, so neither is published
        assertThatThrownBy(() -> publications.publish(allHeld, "Spring 2022", "S.", null, SECRETARIAT))
                .hasMessageContaining("calendar quarter");
        // the same records in fixed periods, beside the demonstration's publication of April to June 2022:
        // the quarter before, the financial years, and the other definition of ethnicity
        publications.publish(analysis("January to March 2022", "self", YearMonth.of(2022, 1), YearMonth.of(2022, 3)),
                "January to March 2022", "S.", null, SECRETARIAT);
        publications.publish(analysis("2021/22", "self", YearMonth.of(2021, 4), YearMonth.of(2022, 3)), "2021/22", "S.", null,
                SECRETARIAT);
        publications.publish(analysis("2022/23", "self", YearMonth.of(2022, 4), YearMonth.of(2023, 3)), "2022/23", "S.", null,
                SECRETARIAT);
        try {
            publications.publish(analysis("April to June 2022, officer-defined", "officer", YearMonth.of(2022, 4), YearMonth.of(2022, 6)),
                    "April to June 2022, officer-defined", "S.", null, SECRETARIAT);
        } catch (JointProtection.Refusal refused) {
            assertThat(refused).hasMessageContaining("table: ");
        }

        // everything public, in the order it was published, read as it is served
        List<JointProtection.Published> everything = new ArrayList<>();
        for (Publications.Publication p : publications.published().stream().sorted(Comparator.comparingLong(Publications.Publication::id))
                // of these records; a publication made before fixed periods by another test is left to that test
                .filter(p -> ReportingPeriods.whyNotPublishable(p.periodFrom(), p.periodTo()).isEmpty()
                        && p.periodFrom().isAfter(LocalDate.of(2021, 3, 31)) && p.periodTo().isBefore(LocalDate.of(2023, 4, 1)))
                .toList()) {
            PublishedTables tables = publications.tables(p);
            assertThat(PageRequests.page(mvc, "/publications/" + p.id() + ".csv", null)).isEqualTo(tables.csv("figures"));
            String boroughs = tables.csv("boroughs");
            if (boroughs != null) {
                assertThat(PageRequests.page(mvc, "/publications/" + p.id() + "/boroughs.csv", null)).isEqualTo(boroughs);
            }
            everything.add(new JointProtection.Published(p.id(), p.title(), p.settings(), p.periodFrom(), p.periodTo(), tables));
        }
        assertThat(everything).hasSizeGreaterThanOrEqualTo(4);
        assertThat(JointProtection.opened(everything)).isEmpty();
    }

    @Test
    void a_publication_whose_tables_cannot_withhold_enough_is_refused_naming_what_would_be_opened() {
        // the leaking pair again, with the later one's tables unable to withhold anything further (the safety net
        // behind joint protection: with real tables a figure can always be withheld, so this is the crafted case)
        long shorter = analysis("Spring 2022, first months (refusal)", "self", YearMonth.of(2022, 3), YearMonth.of(2022, 4));
        long allHeld = analysis("Spring 2022, all months held (refusal)", "self", YearMonth.of(2022, 3), YearMonth.of(2022, 5));
        JointProtection.Published earlier = alone(1, shorter);
        JointProtection.Published candidate = alone(2, allHeld);
        assertThat(JointProtection.opened(List.of(earlier, candidate))).as("the pair leaks as it stands").isNotEmpty();
        assertThatThrownBy(() -> JointProtection.protect(List.of(earlier), candidate, extra -> candidate.tables(), true))
                .isInstanceOf(JointProtection.Refusal.class)
                .hasMessageStartingWith("This cannot be published: ")
                .hasMessageContaining("could be worked out, withheld as it is, whatever else of this analysis is withheld")
                .hasMessageMatching("(?s).*“Spring 2022, [^”]+” \\(2022-03-01 to 2022-0[45]-3[01]\\).*")
                .hasMessageContaining("(table: ")
                .hasMessageContaining("Publish a period that shares no records with it, or the same period and ethnicity.");
        // read again for a publication already out, the same case gives what it could withhold, and no refusal
        assertThat(JointProtection.protect(List.of(earlier), candidate, extra -> candidate.tables(), false)).isNotEmpty();
    }
}
