package uk.saferschools.oversight.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties that must hold for any counts: checked over many random tables (seeded, so repeatable). */
class RatesPropertiesTest {

    static final Random random = new Random(20221201);
    static final int TABLES = 2_000;

    record Table(long xg, long ng, long xr, long nr) {
        static Table random() {
            long ng = 20 + random.nextInt(100_000);
            long nr = 20 + random.nextInt(100_000);
            return new Table(1 + random.nextInt((int) Math.min(ng, 500)), ng, 1 + random.nextInt((int) Math.min(nr, 500)), nr);
        }
    }

    @Test
    void every_interval_contains_its_estimate() {
        for (int i = 0; i < TABLES; i++) {
            Table t = Table.random();
            Estimate katz = Rates.katz(t.xg, t.ng, t.xr, t.nr);
            Estimate exact = Rates.exactConditional(t.xg, t.ng, t.xr, t.nr);
            Estimate rate = Rates.ratePerThousand(t.xg, t.ng);
            Estimate wilson = Rates.wilson(t.xg, t.ng);
            assertThat(katz.interval().contains(katz.value())).as("Katz %s", t).isTrue();
            assertThat(exact.interval().contains(exact.value())).as("exact %s", t).isTrue();
            assertThat(rate.interval().contains(rate.value())).as("rate %s", t).isTrue();
            assertThat(wilson.interval().contains(wilson.value())).as("Wilson %s", t).isTrue();
            assertThat(Rates.missingEthnicityBounds(t.xg, t.ng, t.xr, t.nr, random.nextInt(50)).contains(katz.value()))
                    .as("missing-ethnicity bounds %s", t).isTrue();
        }
    }

    @Test
    void swapping_the_groups_inverts_the_ratio_and_its_interval() {
        for (int i = 0; i < TABLES; i++) {
            Table t = Table.random();
            for (boolean exact : new boolean[] {false, true}) {
                Estimate forward = exact ? Rates.exactConditional(t.xg, t.ng, t.xr, t.nr) : Rates.katz(t.xg, t.ng, t.xr, t.nr);
                Estimate back = exact ? Rates.exactConditional(t.xr, t.nr, t.xg, t.ng) : Rates.katz(t.xr, t.nr, t.xg, t.ng);
                double tolerance = 1e-7 * Math.max(1, forward.value());
                assertThat(back.value()).as("%s", t).isCloseTo(1 / forward.value(), within(tolerance));
                assertThat(back.interval().lower()).as("%s", t)
                        .isCloseTo(1 / forward.interval().upper(), within(1e-6 * Math.max(1, back.interval().lower())));
                assertThat(back.interval().upper()).as("%s", t)
                        .isCloseTo(1 / forward.interval().lower(), within(1e-6 * Math.max(1, back.interval().upper())));
            }
        }
    }

    @Test
    void adding_events_to_a_group_never_lowers_its_rate_or_its_ratio() {
        for (int i = 0; i < TABLES; i++) {
            Table t = Table.random();
            long more = 1 + random.nextInt(20);
            assertThat(Rates.perThousand(t.xg + more, t.ng)).isGreaterThanOrEqualTo(Rates.perThousand(t.xg, t.ng));
            assertThat(Rates.ratio(t.xg + more, t.ng, t.xr, t.nr)).isGreaterThanOrEqualTo(Rates.ratio(t.xg, t.ng, t.xr, t.nr));
            assertThat(Rates.count(t.xg + more).upper()).isGreaterThan(Rates.count(t.xg).upper());
        }
    }

    @Test
    void funnel_limits_narrow_as_the_population_grows_and_hold_the_overall_rate() {
        double rate = 5.0;
        double previousWidth = Double.MAX_VALUE;
        for (double population = 200; population <= 2_000_000; population *= 3) {
            FunnelLimits.Limits limits = FunnelLimits.at(population, rate);
            assertThat(limits.lower998()).isLessThanOrEqualTo(limits.lower95());
            assertThat(limits.lower95()).isLessThanOrEqualTo(rate);
            assertThat(limits.upper95()).isGreaterThanOrEqualTo(rate).isLessThanOrEqualTo(limits.upper998());
            double width = limits.upper95() - limits.lower95();
            assertThat(width).isLessThanOrEqualTo(previousWidth);
            previousWidth = width;
        }
    }
}
