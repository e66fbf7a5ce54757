package uk.saferschools.oversight.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The attack by linear programming on worked examples with known answers: two publications over the same
 * records, a quarter and the year made of it, subtracted one from the other.
 */
class IntruderTest {

    @Test
    void a_year_less_three_published_quarters_gives_the_fourth_quarters_small_count_away() {
        // counts q1..q4 of one borough and group: 7, 6, 9 published, the year 25 published, so q4 = 3
        Intruder intruder = new Intruder(4)
                .published(new int[] {0}, 7).published(new int[] {1}, 6).published(new int[] {2}, 9)
                .published(new int[] {0, 1, 2, 3}, 25)
                .counted("q4", new int[] {3});
        assertThat(intruder.ranges().get("q4")).isEqualTo(new Intruder.Range(3, 3));
        assertThat(intruder.exposed()).extracting(Intruder.Exposure::figure).containsExactly("q4");
    }

    @Test
    void with_one_quarter_not_published_the_others_are_only_bounded() {
        // q1 = 7 and the year 25: q2 + q3 + q4 = 18, each anywhere from 0 to 18
        Intruder intruder = new Intruder(4).published(new int[] {0}, 7).published(new int[] {0, 1, 2, 3}, 25)
                .counted("q4", new int[] {3});
        assertThat(intruder.ranges().get("q4")).isEqualTo(new Intruder.Range(0, 18));
        assertThat(intruder.exposed()).isEmpty();
    }

    @Test
    void a_withheld_figure_is_known_to_be_at_least_one_which_can_pin_it() {
        // a row: a [c], b [c], 20 shown, total 22: a + b = 2 and each is at least 1, so each is 1
        Intruder intruder = new Intruder(3).published(new int[] {2}, 20).published(new int[] {0, 1, 2}, 22)
                .withheld("a", new int[] {0}).withheld("b", new int[] {1});
        assertThat(intruder.ranges().get("a")).isEqualTo(new Intruder.Range(1, 1));
        assertThat(intruder.exposed()).extracting(Intruder.Exposure::figure).containsExactly("a", "b");
        // an intruder who did not know it would give each 0 to 2: the same row with a total of 25 leaves each 1 to 4
        Intruder wider = new Intruder(3).published(new int[] {2}, 20).published(new int[] {0, 1, 2}, 25)
                .withheld("a", new int[] {0}).withheld("b", new int[] {1});
        assertThat(wider.ranges().get("a")).isEqualTo(new Intruder.Range(1, 4));
        assertThat(wider.exposed()).isEmpty();
    }

    @Test
    void the_same_records_under_two_definitions_have_the_same_total() {
        // self-defined: x0 [c], x1 = 30; officer-defined: y0 = 0, y1 = 33; so x0 = 3
        Intruder intruder = new Intruder(4).published(new int[] {1}, 30).published(new int[] {2}, 0).published(new int[] {3}, 33)
                .equal(new int[] {0, 1}, new int[] {2, 3}).withheld("x0", new int[] {0});
        assertThat(intruder.ranges().get("x0")).isEqualTo(new Intruder.Range(3, 3));
        assertThat(intruder.firstExposed(0)).isPresent();
    }

    @Test
    void a_count_without_an_upper_bound_is_safe_and_an_inconsistent_record_is_refused() {
        Intruder open = new Intruder(2).published(new int[] {0}, 5).withheld("x", new int[] {1});
        assertThat(open.ranges().get("x").upper()).isInfinite();
        assertThat(open.exposed()).isEmpty();
        Intruder inconsistent = new Intruder(2).published(new int[] {0, 1}, 3).published(new int[] {0}, 5).withheld("x", new int[] {1});
        assertThatThrownBy(inconsistent::ranges).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inconsistent");
    }
}
