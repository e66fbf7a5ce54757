package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.PowerUseCounts.RollCell;
import uk.saferschools.oversight.records.PowerUseCounts.SchoolCell;
import uk.saferschools.oversight.statistics.FunnelLimits;

/**
 * The funnel of schools, by hand: school A has 200 Black pupils and 6 uses of powers on Black
 * children, school B 600 and 6; together 12 of 800, 15 per 1,000. A is at 30 per 1,000, B at 10.
 */
class ComparingSchoolsTest {

    @Test
    void each_school_is_rated_against_its_roll_around_the_rate_of_all_schools() {
        var funnels = Findings.schoolFunnels(List.of(
                new SchoolCell(100001, EthnicGroup.BLACK, 6), new SchoolCell(100002, EthnicGroup.BLACK, 6),
                new SchoolCell(100002, null, 4), new SchoolCell(100003, EthnicGroup.BLACK, 5)), List.of(
                new RollCell(100001, "School A", "2023/24", EthnicGroup.BLACK, 200L),
                new RollCell(100002, "School B", "2023/24", EthnicGroup.BLACK, 600L),
                new RollCell(100002, "School B", "2023/24", EthnicGroup.MIXED, null)));
        var black = funnels.byGroup().get(EthnicGroup.BLACK);
        assertThat(black).extracting(Findings.FunnelPoint::area).containsExactly("100001 School A", "100002 School B");
        assertThat(black.get(0).rate()).isCloseTo(30.0, within(1e-12));
        assertThat(black.get(1).rate()).isCloseTo(10.0, within(1e-12));
        // limits around the overall 15 per 1,000 for each school's own roll
        FunnelLimits.Limits a = FunnelLimits.at(200, 15.0);
        assertThat(black.get(0).limits()).isEqualTo(a);
        assertThat(a.lower95()).isLessThan(15.0);
        assertThat(a.upper95()).isGreaterThan(15.0);
        assertThat(funnels.suppressedCells()).isEqualTo(1);
        assertThat(funnels.eventsWithoutRoll()).isEqualTo(5); // school 100003 has no roll
        assertThat(funnels.academicYears()).containsExactly("2023/24");
        assertThat(funnels.byGroup()).doesNotContainKey(EthnicGroup.MIXED);
    }

    @Test
    void no_rolls_means_no_funnel_of_schools() {
        assertThat(Findings.schoolFunnels(List.of(new SchoolCell(100001, EthnicGroup.BLACK, 6)), List.of()))
                .isEqualTo(Findings.SchoolFunnels.NONE);
    }
}
