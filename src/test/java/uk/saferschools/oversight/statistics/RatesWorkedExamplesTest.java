package uk.saferschools.oversight.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worked examples with known answers: DESIGN.md section 5's, and published values (Newcombe 1998 for
 * Wilson; exact Poisson limits from χ² tables; Byar and the exact conditional interval computed
 * independently with SciPy 1.17 from the same formulas).
 */
class RatesWorkedExamplesTest {

    @Test
    void the_design_documents_worked_example_10_of_75_against_12_of_225() {
        Estimate katz = Rates.katz(10, 75, 12, 225);
        assertThat(katz.value()).isCloseTo(2.5, within(1e-12));
        assertThat(katz.interval().lower()).isCloseTo(1.1262, within(5e-5));
        assertThat(katz.interval().upper()).isCloseTo(5.5499, within(5e-5));
    }

    @Test
    void a_group_with_more_events_than_people_uses_the_poisson_term_for_that_group() {
        // 300 searches of 200 people (some searched more than once) against 100 of 400:
        // RR = 1.5/0.25 = 6; se = sqrt(1/300 + (1/100 - 1/400)) = 0.1040833
        Estimate katz = Rates.katz(300, 200, 100, 400);
        assertThat(katz.value()).isCloseTo(6.0, within(1e-12));
        assertThat(katz.interval().lower()).isCloseTo(4.892777, within(1e-5));
        assertThat(katz.interval().upper()).isCloseTo(7.357785, within(1e-5));
    }

    @Test
    void the_exact_conditional_interval_of_the_same_example() {
        Estimate exact = Rates.exactConditional(10, 75, 12, 225);
        assertThat(exact.value()).isCloseTo(2.5, within(1e-12));
        assertThat(exact.interval().lower()).isCloseTo(0.967529, within(1e-5));
        assertThat(exact.interval().upper()).isCloseTo(6.313740, within(1e-5));
    }

    @Test
    void rates_per_thousand_and_annualised() {
        assertThat(Rates.perThousand(10, 75)).isCloseTo(133.333333, within(1e-6));
        assertThat(Rates.perThousandPerYear(30, 10_000, 6)).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void wilson_interval_of_81_of_263_as_newcombe_1998() {
        Estimate w = Rates.wilson(81, 263);
        assertThat(w.interval().lower()).isCloseTo(0.2553, within(5e-5));
        assertThat(w.interval().upper()).isCloseTo(0.3662, within(5e-5));
    }

    @Test
    void exact_poisson_limits_below_ten() {
        assertThat(Rates.count(0)).isEqualTo(new Interval(0, Rates.count(0).upper()));
        assertThat(Rates.count(0).upper()).isCloseTo(3.688879, within(1e-5));
        assertThat(Rates.count(1).lower()).isCloseTo(0.025318, within(1e-5));
        assertThat(Rates.count(1).upper()).isCloseTo(5.571643, within(1e-5));
        assertThat(Rates.count(5).lower()).isCloseTo(1.623486, within(1e-5));
        assertThat(Rates.count(5).upper()).isCloseTo(11.668332, within(1e-5));
        assertThat(Rates.count(9).upper()).isCloseTo(17.084803, within(1e-5));
    }

    @Test
    void byar_limits_from_ten() {
        assertThat(Rates.count(10).lower()).isCloseTo(4.787450, within(1e-5));
        assertThat(Rates.count(10).upper()).isCloseTo(18.391459, within(1e-5));
        assertThat(Rates.count(25).lower()).isCloseTo(16.174266, within(1e-5));
        assertThat(Rates.count(25).upper()).isCloseTo(36.906451, within(1e-5));
    }

    @Test
    void missing_ethnicity_bounds_put_the_unknown_all_in_one_group_then_the_other() {
        Interval bounds = Rates.missingEthnicityBounds(10, 75, 12, 225, 6);
        assertThat(bounds.lower()).isCloseTo((10 / 75.0) / (18 / 225.0), within(1e-12));
        assertThat(bounds.upper()).isCloseTo((16 / 75.0) / (12 / 225.0), within(1e-12));
        assertThat(bounds.contains(2.5)).isTrue();
    }

    @Test
    void representation_ratio_is_share_of_events_over_share_of_population() {
        assertThat(Rates.representation(30, 100, 1_000, 10_000)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void reliability_follows_the_ten_and_twenty_event_rules() {
        assertThat(Reliability.of(9)).isEqualTo(Reliability.SUPPRESSED);
        assertThat(Reliability.of(10)).isEqualTo(Reliability.UNSTABLE);
        assertThat(Reliability.of(19)).isEqualTo(Reliability.UNSTABLE);
        assertThat(Reliability.of(20)).isEqualTo(Reliability.RELIABLE);
        assertThat(Reliability.NO_DENOMINATOR.label()).isEqualTo("no-denominator");
    }

    @Test
    void funnel_limits_are_poisson_quantiles_per_thousand() {
        FunnelLimits.Limits limits = FunnelLimits.at(1000, 2.0);
        assertThat(limits.lower95()).isEqualTo(0.0);
        assertThat(limits.upper95()).isEqualTo(5.0);
        assertThat(limits.upper998()).isEqualTo(8.0);
    }

    @Test
    void a_decision_point_chain_divides_each_stage_by_the_one_before() {
        var chain = DecisionPoints.chain(10_000, List.of("searched", "arrested", "strip-searched"), List.of(200L, 40L, 10L));
        assertThat(chain.get(0).share().value()).isCloseTo(20.0, within(1e-12)); // per 1,000 of the population
        assertThat(chain.get(1).share().value()).isCloseTo(0.2, within(1e-12)); // of those searched
        assertThat(chain.get(2).share().value()).isCloseTo(0.25, within(1e-12)); // of those arrested
        assertThatThrownBy(() -> DecisionPoints.chain(100, List.of("a", "b"), List.of(5L, 6L)))
                .hasMessageContaining("larger than the stage before it");
        // nobody arrested: the chain stops there, since the next stage has no denominator
        assertThat(DecisionPoints.chain(1000, List.of("searched", "arrested", "strip-searched"), List.of(5L, 0L, 0L)))
                .extracting(DecisionPoints.Stage::name).containsExactly("searched", "arrested");
    }

    @Test
    void direct_standardisation_weights_every_group_alike() {
        // two strata with rates 1 and 3 per 1,000, equal standard weights: 2 per 1,000
        Estimate standardised = DirectStandardisation.ratePerThousand(new long[] {10, 30}, new double[] {10_000, 10_000},
                new double[] {1, 1});
        assertThat(standardised.value()).isCloseTo(2.0, within(1e-12));
        assertThat(standardised.interval().contains(2.0)).isTrue();
    }

    @Test
    void impossible_inputs_are_refused_with_a_reason() {
        assertThatThrownBy(() -> Rates.perThousand(5, 0)).hasMessageContaining("population above zero");
        assertThatThrownBy(() -> Rates.ratio(5, 100, 0, 100)).hasMessageContaining("reference group has no events");
        assertThatThrownBy(() -> Rates.wilson(5, 3)).hasMessageContaining("Not a proportion");
    }
}
