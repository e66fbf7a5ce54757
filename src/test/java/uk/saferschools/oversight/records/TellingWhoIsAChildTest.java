package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who is a child, as every count, scan and query of the records asks it ({@link Children}). */
class TellingWhoIsAChildTest {

    @Test
    void an_age_in_years_decides_when_it_is_known() {
        assertThat(Children.isChild(17, null)).isTrue();
        assertThat(Children.isChild(18, null)).isFalse();
        assertThat(Children.isChild(20, "10-17")).as("the age, not a range that disagrees with it").isFalse();
        assertThat(Children.isChild(9, "18-24")).isTrue();
    }

    @Test
    void without_an_age_the_police_uk_range_decides() {
        assertThat(Children.isChild(null, "under 10")).isTrue();
        assertThat(Children.isChild(null, "10-17")).isTrue();
        assertThat(Children.isChild(null, "18-24")).isFalse();
        assertThat(Children.isChild(null, null)).as("neither known: not counted as a child").isFalse();
    }

    @Test
    void the_sql_says_the_same_as_the_java() {
        assertThat(Children.POLICE_UK_RECORD).isEqualTo("age_range in ('under 10', '10-17')");
        assertThat(Children.EXTENDED_RECORD).isEqualTo("coalesce(p.age_years < 18, p.age_band in ('under 10', '10-17'))");
    }

    @Test
    void the_age_ranges_of_children_are_those_of_ages_under_18() {
        assertThat(PoliceUkLabels.ageRangeOf(9)).isEqualTo("under 10");
        assertThat(PoliceUkLabels.ageRangeOf(17)).isEqualTo("10-17");
        assertThat(PoliceUkLabels.ageRangeOf(18)).isEqualTo("18-24");
        assertThat(Children.AGE_RANGES).containsExactly(PoliceUkLabels.ageRangeOf(0), PoliceUkLabels.ageRangeOf(17));
    }
}
