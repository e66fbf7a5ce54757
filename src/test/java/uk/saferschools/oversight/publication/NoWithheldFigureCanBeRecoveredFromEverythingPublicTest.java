package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.statistics.Intruder;

/**
 * The intruder of {@link JointProtection} reads every table of every publication as served (the figures by
 * group, the boroughs, the monthly trend, the decision points: what figures.csv, boroughs.csv,
 * decision-points.csv, the pages and the API are made from), under both definitions of ethnicity and over
 * overlapping periods, and attacks every withheld figure by linear programming, knowing that none is 0.
 * On seeded random histories of quarterly and yearly publications: each publication protected on its own
 * (the old behaviour) lets withheld counts be worked out; protected jointly, none can be.
 */
class NoWithheldFigureCanBeRecoveredFromEverythingPublicTest {

    /** Financial year 2030/31. */
    private static final YearMonth APRIL = YearMonth.of(2030, 4);

    private record Period(LocalDate from, LocalDate to) {
    }

    /** A random fixed period of the financial year: one of its quarters, or the whole year. */
    private static Period randomPeriod(Random random) {
        int q = random.nextInt(5);
        if (q == 4) {
            return new Period(APRIL.atDay(1), APRIL.plusMonths(11).atEndOfMonth());
        }
        YearMonth start = APRIL.plusMonths(3L * q);
        return new Period(start.atDay(1), start.plusMonths(2).atEndOfMonth());
    }

    private static JointProtection.Published published(long id, int definition, Period period, PublishedTables tables) {
        return new JointProtection.Published(id, "Publication " + id, RandomRecords.settings(definition), period.from(), period.to(),
                tables);
    }

    private static List<Intruder.Exposure> exposed(List<JointProtection.Published> history) {
        return JointProtection.opened(history);
    }

    @Test
    void on_seeded_random_histories_each_publication_alone_leaks_and_joint_protection_leaks_nothing() {
        int leakedAlone = 0;
        int protectedWithMore = 0;
        int published = 0;
        for (long seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            RandomRecords records = new RandomRecords(seed, APRIL, 12, 4);
            List<JointProtection.Published> alone = new ArrayList<>();
            List<JointProtection.Published> jointly = new ArrayList<>();
            for (int k = 0; k < 7; k++) {
                int definition = random.nextInt(4) == 0 ? 1 : 0;
                Period period = randomPeriod(random);
                SnapshotFindings findings = records.findings(definition, period.from(), period.to());
                alone.add(published(k, definition, period, PublishedTables.of(findings, period.from(), period.to(), List::of)));
                JointProtection.Published candidate = published(k, definition, period,
                        PublishedTables.of(findings, period.from(), period.to(), List::of));
                try {
                    Set<String> more = JointProtection.protect(jointly, candidate,
                            extra -> PublishedTables.of(findings, period.from(), period.to(), List::of, extra), true);
                    jointly.add(published(k, definition, period, PublishedTables.of(findings, period.from(), period.to(), List::of, more)));
                    protectedWithMore += more.isEmpty() ? 0 : 1;
                    published++;
                } catch (JointProtection.Refusal refused) {
                    assertThat(refused).hasMessageContaining("“Publication ").hasMessageContaining("table: ");
                }
                assertThat(exposed(jointly)).as("seed %d, after publication %d", seed, k).isEmpty();
            }
            leakedAlone += exposed(alone).size();
        }
        // the test of the test: protected one at a time, the same histories open holes
        System.out.printf("Random histories: %d publications, %d with further figures withheld; protected alone, %d figures exposed%n",
                published, protectedWithMore, leakedAlone);
        assertThat(leakedAlone).isPositive();
        assertThat(protectedWithMore).isPositive();
        assertThat(published).isGreaterThan(8 * 4);
    }

    @Test
    void a_quarter_then_its_year_would_leak_the_other_quarters_and_is_protected_by_further_suppression() {
        RandomRecords records = new RandomRecords(7, APRIL, 12, 4);
        Period q1 = new Period(APRIL.atDay(1), APRIL.plusMonths(2).atEndOfMonth());
        Period q2 = new Period(APRIL.plusMonths(3).atDay(1), APRIL.plusMonths(5).atEndOfMonth());
        Period q3 = new Period(APRIL.plusMonths(6).atDay(1), APRIL.plusMonths(8).atEndOfMonth());
        Period year = new Period(APRIL.atDay(1), APRIL.plusMonths(11).atEndOfMonth());
        List<JointProtection.Published> alone = new ArrayList<>();
        List<JointProtection.Published> jointly = new ArrayList<>();
        long id = 0;
        for (Period period : List.of(q1, q2, q3, year)) {
            SnapshotFindings findings = records.findings(0, period.from(), period.to());
            PublishedTables plain = PublishedTables.of(findings, period.from(), period.to(), List::of);
            alone.add(published(id, 0, period, plain));
            Set<String> more = JointProtection.protect(jointly, published(id, 0, period, plain),
                    extra -> PublishedTables.of(findings, period.from(), period.to(), List::of, extra), true);
            jointly.add(published(id++, 0, period, PublishedTables.of(findings, period.from(), period.to(), List::of, more)));
            if (period == year) {
                assertThat(more).isNotEmpty();
            }
        }
        // the year less its first three quarters is the fourth: withheld counts of a quarter follow
        assertThat(exposed(alone)).isNotEmpty();
        assertThat(exposed(jointly)).isEmpty();
    }
}
