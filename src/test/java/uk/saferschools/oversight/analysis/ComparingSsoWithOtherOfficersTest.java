package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.PowerUseCounts.SsoCell;

/**
 * Each group's share of what Safer Schools Officers did against its share of what other officers did:
 * 30 of 100 against 100 of 1,000 is a ratio of 3, with the Katz interval of a ratio of proportions.
 */
class ComparingSsoWithOtherOfficersTest {

    @Test
    void the_ratio_of_shares_is_computed_by_hand_and_small_groups_are_left_out() {
        var comparisons = Findings.ssoComparison(List.of(
                new SsoCell(true, EthnicGroup.BLACK, 30), new SsoCell(true, EthnicGroup.WHITE, 62),
                new SsoCell(true, EthnicGroup.ASIAN, 8), new SsoCell(false, EthnicGroup.BLACK, 100),
                new SsoCell(false, EthnicGroup.WHITE, 850), new SsoCell(false, EthnicGroup.ASIAN, 50)));
        assertThat(comparisons).extracting(Findings.SsoComparison::group).containsExactly(EthnicGroup.BLACK, EthnicGroup.WHITE);
        Findings.SsoComparison black = comparisons.get(0);
        assertThat(black.ssoTotal()).isEqualTo(100);
        assertThat(black.otherTotal()).isEqualTo(1000);
        assertThat(black.ratio().value()).isCloseTo(3.0, within(1e-12));
        double se = Math.sqrt(1 / 30.0 - 1 / 100.0 + 1 / 100.0 - 1 / 1000.0);
        assertThat(black.ratio().interval().lower()).isCloseTo(3.0 * Math.exp(-1.959963984540054 * se), within(1e-12));
        assertThat(black.ratio().interval().upper()).isCloseTo(3.0 * Math.exp(1.959963984540054 * se), within(1e-12));
    }
}
