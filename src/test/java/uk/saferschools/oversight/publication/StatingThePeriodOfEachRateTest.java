package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.statistics.Rates;

/**
 * A rate per 1,000 says what it is over, and a rate over anything but a year is also given per year
 * ({@code 1000·x/(n·m/12)}, DESIGN.md section 5) over the months with records held.
 */
class StatingThePeriodOfEachRateTest {

    static PublishedPeriod period(String from, String to, List<YearMonth> held) {
        return PublishedPeriod.of(LocalDate.parse(from), LocalDate.parse(to), held, List.of());
    }

    @Test
    void three_months_of_rates_are_said_to_be_over_three_months_and_given_per_year() {
        PublishedPeriod spring = period("2022-03-01", "2022-05-31", List.of());
        assertThat(spring.aYear()).isFalse();
        assertThat(spring.ratesOver()).isEqualTo("the 3 months with records held (March to May 2022)");
        // 150 events among 100,000 over 3 months: 1.5 per 1,000 over the period, 6 per 1,000 a year
        String overThePeriod = Double.toString(Rates.perThousand(150, 100_000));
        assertThat(spring.perYear(overThePeriod)).isEqualTo("6.00")
                .isEqualTo(String.format("%.2f", Rates.perThousandPerYear(150, 100_000, 3)));
        assertThat(spring.perYear("")).as("a rate not shown").isEqualTo("–");
    }

    @Test
    void a_year_of_rates_is_said_to_be_a_year() {
        PublishedPeriod year = period("2022-04-01", "2023-03-31", List.of());
        assertThat(year.aYear()).isTrue();
        assertThat(year.ratesOver()).isEqualTo("the 12 months with records held (April 2022 to March 2023)");
    }

    @Test
    void a_rate_is_made_a_years_over_the_months_held_not_the_months_of_the_period() {
        List<YearMonth> held = List.of(YearMonth.of(2022, 3), YearMonth.of(2022, 4), YearMonth.of(2022, 5),
                YearMonth.of(2022, 7), YearMonth.of(2022, 9));
        PublishedPeriod withGaps = period("2022-03-01", "2022-09-30", held);
        assertThat(withGaps.ratesOver()).isEqualTo("the 5 months with records held (March to May, July and September 2022)");
        assertThat(withGaps.perYear("1.25")).isEqualTo("3.00");
        // ten years of records: 1,252 per 1,000 over the period is 125.20 a year
        PublishedPeriod tenYears = period("2013-01-01", "2022-12-31", List.of());
        assertThat(tenYears.perYear("1252")).isEqualTo("125.20");
        assertThat(tenYears.ratesOver()).startsWith("the 120 months with records held");
    }
}
