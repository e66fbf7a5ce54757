package uk.saferschools.oversight.analysis;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.PowerUseCounts;
import uk.saferschools.oversight.statistics.DecisionPoints;
import uk.saferschools.oversight.statistics.Estimate;
import uk.saferschools.oversight.statistics.FunnelLimits;
import uk.saferschools.oversight.statistics.PerturbationTable;
import uk.saferschools.oversight.statistics.Rates;
import uk.saferschools.oversight.statistics.Reliability;

/**
 * The analyses beyond rates, for one force area: the decision-point chain by group, the outcome
 * (hit-rate) test, the monthly trend with intervals, and the funnel of boroughs for one group.
 */
final class Findings {

    /** A chain of one group: population → search → arrest → more than outer clothing removed. */
    record Chain(EthnicGroup group, List<DecisionPoints.Stage> stages) {
    }

    /** The share of searches whose outcome was linked to their object, among those with it known. */
    record OutcomeTest(EthnicGroup group, long linked, long known, Estimate share) {
    }

    /**
     * One period (a month "2022-03" or a quarter "2022 Q1") of one group: its rate per 1,000 for the
     * period with the interval of its count, and how many months of the period had records.
     */
    record Trend(String period, int months, EthnicGroup group, long events, Estimate rate) {
    }

    /** One borough or school in a funnel: its rate for the group against the limits for its population. */
    record FunnelPoint(String area, long events, double population, double rate, FunnelLimits.Limits limits) {
    }

    /**
     * The funnels of schools, by group, against each school's latest roll: the academic years used, how
     * many school × group counts were suppressed in the roll (no denominator), and how many children's
     * records name a school with no roll.
     */
    record SchoolFunnels(Map<EthnicGroup, List<FunnelPoint>> byGroup, List<String> academicYears, int suppressedCells,
                         long eventsWithoutRoll) {
        static final SchoolFunnels NONE = new SchoolFunnels(Map.of(), List.of(), 0, 0);
    }

    /**
     * A group's share of uses of powers on children with a Safer Schools Officer involved, against its
     * share of those by other officers; the ratio of shares with the Katz interval for a ratio of
     * proportions. Above 1: the group is a larger part of what SSOs do than of what other officers do.
     */
    record SsoComparison(EthnicGroup group, long ssoEvents, long ssoTotal, long otherEvents, long otherTotal,
                         Estimate ratio) {
    }

    /**
     * A group's uses of powers on children with and without a Safer Schools Officer involved; "Unknown"
     * included; with their cell keys (null when any cell counted has none).
     */
    record SsoCount(String group, long sso, long other, Long ssoKey, Long otherKey) {
    }

    private Findings() {
    }

    static List<SsoComparison> ssoComparison(List<PowerUseCounts.SsoCell> cells) {
        long[][] bySso = bySso(cells);
        long[] sso = bySso[0];
        long[] other = bySso[1];
        long ssoTotal = Arrays.stream(sso).sum();
        long otherTotal = Arrays.stream(other).sum();
        List<SsoComparison> comparisons = new ArrayList<>();
        for (EthnicGroup group : EthnicGroup.values()) {
            int g = group.ordinal();
            if (Reliability.of(sso[g]).showsRate() && Reliability.of(other[g]).showsRate()) {
                comparisons.add(new SsoComparison(group, sso[g], ssoTotal, other[g], otherTotal,
                        Rates.katz(sso[g], ssoTotal, other[g], otherTotal)));
            }
        }
        return comparisons;
    }

    /** Every group's counts with and without an SSO, Unknown last, for disclosure-controlled publication. */
    static List<SsoCount> ssoCounts(List<PowerUseCounts.SsoCell> cells) {
        long[][] bySso = bySso(cells);
        long[] sso = bySso[0];
        long[] other = bySso[1];
        List<SsoCount> counts = new ArrayList<>();
        if (cells.isEmpty()) {
            return counts;
        }
        // a cell's key is the sum of its records' keys, so of the keys of the cells it is made of
        long[][] keys = new long[2][GroupCounts.UNKNOWN + 1];
        boolean keyless = false;
        for (var cell : cells) {
            int g = cell.group() == null ? GroupCounts.UNKNOWN : cell.group().ordinal();
            keyless |= cell.cellKey() == null;
            keys[cell.ssoInvolved() ? 0 : 1][g] = PerturbationTable.cellKey(keys[cell.ssoInvolved() ? 0 : 1][g],
                    cell.cellKey() == null ? 0 : cell.cellKey());
        }
        for (int g = 0; g <= GroupCounts.UNKNOWN; g++) {
            counts.add(new SsoCount(g == GroupCounts.UNKNOWN ? "Unknown" : EthnicGroup.values()[g].label(), sso[g], other[g],
                    keyless ? null : keys[0][g], keyless ? null : keys[1][g]));
        }
        return counts;
    }

    /** Events by group (Unknown last) with an SSO involved, [0], and without, [1]. */
    private static long[][] bySso(List<PowerUseCounts.SsoCell> cells) {
        long[][] bySso = new long[2][GroupCounts.UNKNOWN + 1];
        for (var cell : cells) {
            bySso[cell.ssoInvolved() ? 0 : 1][cell.group() == null ? GroupCounts.UNKNOWN : cell.group().ordinal()] += cell.events();
        }
        return bySso;
    }

    static List<Chain> chains(long[] searches, Double[] population, RecordCounting.Stages stages) {
        List<Chain> chains = new ArrayList<>();
        for (EthnicGroup group : EthnicGroup.values()) {
            int g = group.ordinal();
            if (population[g] == null || population[g] <= 0 || searches[g] == 0) {
                continue;
            }
            chains.add(new Chain(group, DecisionPoints.chain(population[g], List.of("searched", "arrested",
                    "more than outer clothing removed"), List.of(searches[g], stages.arrests()[g],
                    stages.arrestedAndMoreThanOuterClothing()[g]))));
        }
        return chains;
    }

    static List<OutcomeTest> outcomeTests(RecordCounting.Stages stages) {
        List<OutcomeTest> tests = new ArrayList<>();
        for (EthnicGroup group : EthnicGroup.values()) {
            int g = group.ordinal();
            long known = stages.outcomeKnown()[g];
            if (known > 0) {
                tests.add(new OutcomeTest(group, stages.outcomeLinked()[g], known, Rates.wilson(stages.outcomeLinked()[g], known)));
            }
        }
        return tests;
    }

    static List<Trend> trend(Map<YearMonth, long[]> byMonth, Double[] population) {
        List<Trend> trend = new ArrayList<>();
        byMonth.forEach((month, events) -> addPeriod(trend, month.toString(), 1, events, population));
        return trend;
    }

    /** The same by calendar quarter (a quarter with records in only some months says how many). */
    static List<Trend> quarterlyTrend(Map<YearMonth, long[]> byMonth, Double[] population) {
        Map<String, long[]> events = new TreeMap<>();
        Map<String, Integer> months = new TreeMap<>();
        byMonth.forEach((month, counts) -> {
            String quarter = month.getYear() + " Q" + ((month.getMonthValue() - 1) / 3 + 1);
            long[] sum = events.computeIfAbsent(quarter, q -> new long[counts.length]);
            for (int g = 0; g < counts.length; g++) {
                sum[g] += counts[g];
            }
            months.merge(quarter, 1, Integer::sum);
        });
        List<Trend> trend = new ArrayList<>();
        events.forEach((quarter, counts) -> addPeriod(trend, quarter, months.get(quarter), counts, population));
        return trend;
    }

    private static void addPeriod(List<Trend> trend, String period, int months, long[] events, Double[] population) {
        for (EthnicGroup group : EthnicGroup.values()) {
            int g = group.ordinal();
            if (population[g] != null && population[g] > 0 && Reliability.of(events[g]).showsRate()) {
                trend.add(new Trend(period, months, group, events[g], Rates.ratePerThousand(events[g], population[g])));
            }
        }
    }

    static SchoolFunnels schoolFunnels(List<PowerUseCounts.SchoolCell> events,
                                       List<PowerUseCounts.RollCell> rolls) {
        if (rolls.isEmpty()) {
            return SchoolFunnels.NONE;
        }
        Map<String, Long> eventsBySchoolAndGroup = new HashMap<>();
        Set<Integer> schoolsWithRoll = new HashSet<>();
        rolls.forEach(r -> schoolsWithRoll.add(r.urn()));
        long withoutRoll = 0;
        for (var cell : events) {
            if (!schoolsWithRoll.contains(cell.urn())) {
                withoutRoll += cell.events();
            } else if (cell.group() != null) {
                eventsBySchoolAndGroup.merge(cell.urn() + ":" + cell.group(), cell.events(), Long::sum);
            }
        }
        int suppressed = 0;
        Map<EthnicGroup, List<FunnelPoint>> byGroup = new EnumMap<>(EthnicGroup.class);
        for (EthnicGroup group : EthnicGroup.values()) {
            List<PowerUseCounts.RollCell> ofGroup = rolls.stream()
                    .filter(r -> r.group() == group).toList();
            suppressed += (int) ofGroup.stream().filter(r -> r.pupils() == null).count();
            List<PowerUseCounts.RollCell> known = ofGroup.stream()
                    .filter(r -> r.pupils() != null && r.pupils() > 0).toList();
            long total = known.stream().mapToLong(r -> eventsBySchoolAndGroup.getOrDefault(r.urn() + ":" + group, 0L)).sum();
            double pupils = known.stream().mapToLong(PowerUseCounts.RollCell::pupils).sum();
            if (pupils <= 0 || total == 0) {
                continue;
            }
            double overall = Rates.perThousand(total, pupils);
            byGroup.put(group, known.stream().map(r -> {
                long x = eventsBySchoolAndGroup.getOrDefault(r.urn() + ":" + group, 0L);
                return new FunnelPoint(r.urn() + " " + r.schoolName(), x, r.pupils(), Rates.perThousand(x, r.pupils()),
                        FunnelLimits.at(r.pupils(), overall));
            }).toList());
        }
        return new SchoolFunnels(byGroup, rolls.stream().map(PowerUseCounts.RollCell::academicYear)
                .distinct().sorted().toList(), suppressed, withoutRoll);
    }

    /**
     * The rate per 1,000 of the force area's row for the group, the centre of the boroughs' funnel: one
     * definition for the report and the public page. It includes records whose borough is not known, and
     * is null when the row has no rate (too few events, or no population).
     */
    static Double forceAreaRate(List<RateRow> rows, String forceAreaCode, EthnicGroup group) {
        return rows.stream().filter(r -> r.areaCode().equals(forceAreaCode) && r.group().equals(group.label()))
                .map(RateRow::ratePerThousand).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Each borough's rate for the group against the funnel limits for its population around {@code centre} per 1,000. */
    static List<FunnelPoint> funnel(List<RateRow> boroughRows, EthnicGroup group, double centre) {
        return boroughRows.stream().filter(r -> r.group().equals(group.label()) && r.population() != null && r.population() > 0)
                .map(r -> new FunnelPoint(r.areaCode(), r.events(), r.population(), Rates.perThousand(r.events(), r.population()),
                        FunnelLimits.at(r.population(), centre))).toList();
    }
}
