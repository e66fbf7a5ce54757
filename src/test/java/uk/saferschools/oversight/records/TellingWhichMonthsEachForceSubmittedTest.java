package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Months with no file are "not submitted", never zero; a month far below its history is flagged. */
class TellingWhichMonthsEachForceSubmittedTest {

    static MonthsSubmitted.Submitted month(String month, long records) {
        return new MonthsSubmitted.Submitted("metropolitan", YearMonth.parse(month), records, 1);
    }

    @Test
    void a_month_with_no_file_between_two_with_files_is_not_submitted_and_has_no_count() {
        List<MonthsSubmitted.Month> months = MonthsSubmitted.of(List.of(month("2022-01", 100), month("2022-03", 110)));
        assertThat(months).extracting(MonthsSubmitted.Month::month, MonthsSubmitted.Month::state, MonthsSubmitted.Month::records).containsExactly(
                Tuple.tuple(YearMonth.of(2022, 1), MonthsSubmitted.State.SUBMITTED, 100L),
                Tuple.tuple(YearMonth.of(2022, 2), MonthsSubmitted.State.NOT_SUBMITTED, null),
                Tuple.tuple(YearMonth.of(2022, 3), MonthsSubmitted.State.SUBMITTED, 110L));
    }

    @Test
    void a_month_below_a_fifth_of_the_median_of_the_previous_twelve_is_likely_partial() {
        List<MonthsSubmitted.Submitted> submitted = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            submitted.add(month(String.format("2021-%02d", m), 1000 + m));
        }
        submitted.add(month("2022-01", 199)); // median of 1001..1012 is 1006.5; a fifth is 201.3
        submitted.add(month("2022-02", 202));
        List<MonthsSubmitted.Month> months = MonthsSubmitted.of(submitted);
        assertThat(months.get(12).state()).isEqualTo(MonthsSubmitted.State.LIKELY_PARTIAL);
        assertThat(months.get(12).median()).isEqualTo(1006.5);
        // the partial month counts in the history of the next: median of 1002..1012 and 199 is 1006
        assertThat(months.get(13).state()).isEqualTo(MonthsSubmitted.State.SUBMITTED);
    }

    @Test
    void an_observed_zero_is_a_submitted_month_flagged_when_its_history_says_so() {
        List<MonthsSubmitted.Month> months = MonthsSubmitted.of(List.of(month("2022-01", 0), month("2022-02", 500), month("2022-03", 0)));
        assertThat(months).extracting(MonthsSubmitted.Month::state).containsExactly(MonthsSubmitted.State.SUBMITTED,
                MonthsSubmitted.State.SUBMITTED, MonthsSubmitted.State.LIKELY_PARTIAL);
        assertThat(months.get(0).records()).isZero();
    }

    @Test
    void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertThat(MonthsSubmitted.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
        assertThat(MonthsSubmitted.median(List.of(5L))).isEqualTo(5.0);
    }
}
