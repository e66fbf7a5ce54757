package uk.saferschools.oversight.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.benchmarks.ForceAreas;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.classification.EthnicGroup;

/** Builds an analysis from counted records and a population, for the command line and the web alike. */
final class Analyses {

    private Analyses() {
    }

    /** Over the period the records were counted for (null: the months the records came from, gaps included). */
    static Analysis of(RecordCounting.Result counted, Population people, Settings settings, List<Path> inputs,
                       AnalysisPeriod period) {
        if (period == null && !counted.months().isEmpty()) {
            period = AnalysisPeriod.of(counted.forces().size() == 1 ? counted.forces().first() : null,
                    counted.months().first(), counted.months().last(), counted.months());
        }
        List<RateRow> rows = new ArrayList<>();
        for (String forceName : counted.forces()) {
            ForceAreas.ForceArea area = ForceAreas.of(forceName).orElseThrow();
            rows.addAll(RatesTable.rows(area.code(), counted.forceAreas().of(area.code()),
                    populations(people, area.localAuthorities()), settings.reference()));
        }
        if (settings.byBorough()) {
            for (String borough : counted.boroughs().areas()) {
                rows.addAll(RatesTable.rows(borough, counted.boroughs().of(borough), populations(people, List.of(borough)),
                        settings.reference()));
            }
        }
        Analysis.Extra extra = Analysis.Extra.NONE;
        if (!counted.forces().isEmpty()) {
            ForceAreas.ForceArea first = ForceAreas.of(counted.forces().first()).orElseThrow();
            Double[] firstPopulation = populations(people, first.localAuthorities());
            Map<EthnicGroup, List<Findings.FunnelPoint>> funnels = new EnumMap<>(EthnicGroup.class);
            if (settings.byBorough()) {
                List<RateRow> boroughRows = rows.stream().filter(r -> r.areaCode().startsWith("E09")).toList();
                for (EthnicGroup group : EthnicGroup.values()) {
                    Double forceRate = Findings.forceAreaRate(rows, first.code(), group);
                    if (forceRate != null) {
                        funnels.put(group, Findings.funnel(boroughRows, group, forceRate));
                    }
                }
            }
            extra = new Analysis.Extra(
                    Findings.chains(counted.forceAreas().of(first.code()), firstPopulation, counted.stages()),
                    Findings.outcomeTests(counted.stages()), Findings.trend(counted.byMonth(), firstPopulation),
                    Findings.quarterlyTrend(counted.byMonth(), firstPopulation), funnels,
                    List.of(), Findings.SchoolFunnels.NONE, List.of(), List.of(), "", null, null);
        }
        return new Analysis(rows, inputs, people, counted, settings, settings.reference(), extra, period);
    }

    static Double[] populations(Population people, List<String> areas) {
        List<String> present = people.hasAges() ? Population.mergedCityAndWestminster(areas) : areas;
        Double[] by = new Double[EthnicGroup.values().length];
        for (EthnicGroup group : EthnicGroup.values()) {
            Long n = people.of(present, group);
            by[group.ordinal()] = n == null ? null : n.doubleValue();
        }
        return by;
    }
}
