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

    @Test
    void a_child_of_ages_10_to_17_is_one_in_the_range_10_17_or_aged_10_to_17() {
        Children.Ages ages = Children.Ages.TEN_TO_SEVENTEEN;
        assertThat(ages.isChildsAgeRange("10-17")).isTrue();
        assertThat(ages.isChildsAgeRange("under 10")).isFalse();
        assertThat(ages.isChild(9, "10-17")).as("the age, not the range").isFalse();
        assertThat(ages.isChild(10, null)).isTrue();
        assertThat(ages.isChild(17, null)).isTrue();
        assertThat(ages.isChild(18, null)).isFalse();
        assertThat(ages.isChild(null, "10-17")).isTrue();
        assertThat(ages.isChild(null, "under 10")).isFalse();
        assertThat(ages.policeUkRecord()).isEqualTo("age_range in ('10-17')");
        assertThat(ages.extendedRecord()).isEqualTo("coalesce(p.age_years between 10 and 17, p.age_band in ('10-17'))");
        assertThat(Children.Ages.NOUGHT_TO_SEVENTEEN.policeUkRecord()).isEqualTo(Children.POLICE_UK_RECORD);
        assertThat(Children.Ages.NOUGHT_TO_SEVENTEEN.isChild(3, null)).isTrue();
        assertThat(Children.Ages.DEFAULT).isEqualTo(ages);
        assertThat(Children.Ages.ofOption("0-17")).contains(Children.Ages.NOUGHT_TO_SEVENTEEN);
        assertThat(Children.Ages.ofOption("5-17")).isEmpty();
    }
}
