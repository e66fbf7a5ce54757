package uk.saferschools.oversight.analysis;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.PowerUseCounts;
import uk.saferschools.oversight.statistics.Rates;

/**
 * One run of {@code analyse}: its rows and everything needed to say what they are; {@code period} is
 * null for pre-aggregated counts.
 */
record Analysis(List<RateRow> rows, List<Path> inputs, Population population, RecordCounting.Result counted,
                Settings options, EthnicGroup reference, Extra extra, AnalysisPeriod period) {

    /**
     * The analyses beyond rates (from records only; empty from pre-aggregated counts). {@code sources}
     * says which months the extended records counted come from and whether any is synthetic (null when
     * no extended records were asked for).
     */
    record Extra(List<Findings.Chain> chains, List<Findings.OutcomeTest> outcomeTests, List<Findings.Trend> trend,
                 List<Findings.Trend> quarterlyTrend, Map<EthnicGroup, List<Findings.FunnelPoint>> funnels,
                 List<Findings.SsoComparison> sso, Findings.SchoolFunnels schools, List<Findings.SsoCount> ssoCounts,
                 List<PowerUseCounts.StripSearchCell> stripSearches, String extendedPeriod, PowerUseCounts.BwvCoverage bwv,
                 PowerUseCounts.Sources sources) {
        static final Extra NONE = new Extra(List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
                Findings.SchoolFunnels.NONE, List.of(), List.of(), "", null, null);

        Extra withSso(List<PowerUseCounts.SsoCell> cells) {
            return new Extra(chains, outcomeTests, trend, quarterlyTrend, funnels, Findings.ssoComparison(cells), schools,
                    Findings.ssoCounts(cells), stripSearches, extendedPeriod, bwv, sources);
        }

        Extra withSchools(Findings.SchoolFunnels funnels) {
            return new Extra(chains, outcomeTests, trend, quarterlyTrend, this.funnels, sso, funnels, ssoCounts, stripSearches,
                    extendedPeriod, bwv, sources);
        }

        Extra withStripSearches(List<PowerUseCounts.StripSearchCell> cells) {
            return new Extra(chains, outcomeTests, trend, quarterlyTrend, funnels, sso, schools, ssoCounts, cells, extendedPeriod,
                    bwv, sources);
        }

        Extra withExtendedPeriod(String period) {
            return new Extra(chains, outcomeTests, trend, quarterlyTrend, funnels, sso, schools, ssoCounts, stripSearches, period,
                    bwv, sources);
        }

        Extra withBwv(PowerUseCounts.BwvCoverage coverage) {
            return new Extra(chains, outcomeTests, trend, quarterlyTrend, funnels, sso, schools, ssoCounts, stripSearches,
                    extendedPeriod, coverage, sources);
        }

        Extra withSources(PowerUseCounts.Sources sources) {
            return new Extra(chains, outcomeTests, trend, quarterlyTrend, funnels, sso, schools, ssoCounts, stripSearches,
                    extendedPeriod, bwv, sources);
        }

        /** Whether any extended record counted came from an import marked synthetic. */
        boolean extendedSynthetic() {
            return sources != null && sources.synthetic();
        }
    }

    private Analysis with(Extra extra) {
        return new Analysis(rows, inputs, population, counted, options, reference, extra, period);
    }

    /** With the comparison of Safer Schools Officers and other officers, from children's records with the SSO flag. */
    Analysis withSso(List<PowerUseCounts.SsoCell> cells) {
        return with(extra.withSso(cells));
    }

    Analysis withSchools(Findings.SchoolFunnels schools) {
        return with(extra.withSchools(schools));
    }

    /** With the dates of the extended records the SSO, school and strip-search figures come from ("from to"). */
    Analysis withExtendedPeriod(String period) {
        return with(extra.withExtendedPeriod(period));
    }

    /** With the body-worn video coverage of the children's extended records. */
    Analysis withBwv(PowerUseCounts.BwvCoverage coverage) {
        return with(extra.withBwv(coverage));
    }

    /** With the counts of more thorough and strip searches of children, by group, appropriate adult and outcome. */
    Analysis withStripSearches(List<PowerUseCounts.StripSearchCell> cells) {
        return with(extra.withStripSearches(cells));
    }

    /** With the months and synthetic mark of the extended records counted. */
    Analysis withSources(PowerUseCounts.Sources sources) {
        return with(extra.withSources(sources));
    }

    String summary() {
        if (counted == null) {
            return "From pre-aggregated counts.";
        }
        return String.format(Locale.UK, "%,d", counted.records()) + (counted.records() == 1 ? " record" : " records") + " counted"
                + (options.childrenOnly() ? " (children aged " + options.ages().words() + " only)" : "") + ", "
                + String.format(Locale.UK, "%,d", counted.excludedVehicleSearches())
                + (counted.excludedVehicleSearches() == 1 ? " vehicle search" : " vehicle searches") + " left out; period "
                + (period == null ? "unknown" : period.describe()) + ".";
    }

    /** results.json: inputs, period, benchmark, methods, versions, the findings and the rows, as {@link SnapshotFindings}. */
    String json() {
        return findings().json();
    }

    /** What the analysis found, as it is kept: the typed face of results.json. */
    SnapshotFindings findings() {
        List<YearMonth> none = List.of();
        String benchmark = population == null ? null : population.source() + (population.hasAges()
                ? (population.ofSomeAges() ? ", ages " + population.fromAge() + " to " + population.toAge() : ", all ages")
                : ", all ages (the file has no ages"
                + (options.childrenOnly() ? ": the children's rates use the population of all ages" : "") + ")");
        return new SnapshotFindings(SnapshotFindings.FORMAT_VERSION, Instant.now().toString(), "Safer Schools Oversight " + version(),
                inputs.stream().map(Path::toString).toList(),
                counted == null ? null : period == null ? "" : period.from().toString(),
                counted == null ? null : period == null ? "" : period.to().toString(),
                counted == null || period == null ? null : period.force(),
                counted == null || period == null ? none : period.held(), counted == null || period == null ? none : period.missing(),
                counted == null ? null : counted.records(), counted == null ? null : counted.excludedVehicleSearches(),
                benchmark, population == null ? null : population.suppressedCells(),
                options.ethnicity().equals("officer")
                        ? "officer-defined (no census denominator of its own: the self-defined census population stands in)"
                        : "self-defined",
                reference.label(), options.childrenOnly(), options.childrenOnly() ? options.ages().option() : null, METHODS,
                "Contains public sector information licensed under the Open Government Licence v3.0",
                chains(extra.chains()),
                "first stage per 1,000 of the population; later stages as a share of the stage before, with Wilson 95% intervals",
                extra.outcomeTests().stream().map(o -> new SnapshotFindings.OutcomeTest(o.group().label(), o.linked(), o.known(),
                        o.share().value(), o.share().interval().lower(), o.share().interval().upper())).toList(),
                trend(extra.trend()), quarterlyTrend(extra.quarterlyTrend()),
                funnel(extra.funnels()),
                "each borough's limits are centred on the force area's rate for the group (rate_per_1000 of the force area's "
                        + "row in rows), which includes records whose borough is not known",
                new SnapshotFindings.SchoolFunnel(extra.schools().academicYears(), extra.schools().suppressedCells(),
                        extra.schools().eventsWithoutRoll(), schools(extra.schools().byGroup())),
                extra.sso().stream().map(c -> new SnapshotFindings.SsoComparison(c.group().label(), c.ssoEvents(), c.ssoTotal(),
                        c.otherEvents(), c.otherTotal(), c.ratio().value(), c.ratio().interval().lower(),
                        c.ratio().interval().upper())).toList(),
                extra.extendedPeriod(), extra.sources() == null ? none : extra.sources().months(), extra.extendedSynthetic(),
                extra.bwv() == null ? null : new SnapshotFindings.BwvCoverage(extra.bwv().recorded(), extra.bwv().notRecorded(),
                        extra.bwv().unknown(), extra.bwv().recordedKey(), extra.bwv().notRecordedKey(), extra.bwv().unknownKey()),
                extra.ssoCounts().stream().map(c -> new SnapshotFindings.SsoCount(c.group(), c.sso(), c.other(), c.ssoKey(),
                        c.otherKey())).toList(),
                extra.stripSearches().stream().map(c -> new SnapshotFindings.StripSearchCell(c.power(),
                        c.group() == null ? "Unknown" : c.group().label(), c.appropriateAdult(), c.outcome(), c.events(), c.cellKey())).toList(),
                Map.of(), List.of()).with(rows);
    }

    private static final String METHODS = "rate_per_1000 = 1000*events/population for the period (not annualised); rate_ratio = "
            + "(x_g/n_g)/(x_r/n_r) with the Katz 95% interval exp(ln RR +/- z*sqrt(1/x_g - 1/n_g + 1/x_r - 1/n_r)), a group's -1/n term left out where its events exceed its population; z = " + Rates.Z + " (the exact 0.975 quantile of the standard normal); "
            + "reliable >= 20 events, unstable 10-19, suppressed < 10 (no rate or ratio); a ratio is empty when the "
            + "reference group has fewer than 10 events; unknown ethnicity has no denominator";

    /** Chains as kept. */
    static List<SnapshotFindings.Chain> chains(List<Findings.Chain> chains) {
        return chains.stream().map(c -> new SnapshotFindings.Chain(c.group().label(), c.stages().stream()
                .map(st -> new SnapshotFindings.Stage(st.name(), st.count(), st.previous(), st.share().value(),
                        st.share().interval().lower(), st.share().interval().upper())).toList())).toList();
    }

    /** A monthly trend as kept. */
    static List<SnapshotFindings.TrendPoint> trend(List<Findings.Trend> trend) {
        return trend.stream().map(t -> SnapshotFindings.TrendPoint.ofMonth(t.period(), t.group().label(), t.events(),
                t.rate().value(), t.rate().interval().lower(), t.rate().interval().upper())).toList();
    }

    /** A trend by quarter as kept. */
    static List<SnapshotFindings.TrendPoint> quarterlyTrend(List<Findings.Trend> trend) {
        return trend.stream().map(t -> SnapshotFindings.TrendPoint.ofQuarter(t.period(), t.months(), t.group().label(), t.events(),
                t.rate().value(), t.rate().interval().lower(), t.rate().interval().upper())).toList();
    }

    private static List<SnapshotFindings.SchoolPoint> schools(Map<EthnicGroup, List<Findings.FunnelPoint>> byGroup) {
        return byGroup.entrySet().stream().flatMap(e -> e.getValue().stream().map(p -> new SnapshotFindings.SchoolPoint(
                e.getKey().label(), p.area(), p.events(), p.population(), p.rate(), p.limits().lower95(), p.limits().upper95(),
                p.limits().lower998(), p.limits().upper998()))).toList();
    }

    private static List<SnapshotFindings.FunnelPoint> funnel(Map<EthnicGroup, List<Findings.FunnelPoint>> byGroup) {
        return byGroup.entrySet().stream().flatMap(e -> funnel(e.getKey(), e.getValue()).stream()).toList();
    }

    /** The points of a group's funnel as kept. */
    static List<SnapshotFindings.FunnelPoint> funnel(EthnicGroup group, List<Findings.FunnelPoint> points) {
        return points.stream().map(p -> new SnapshotFindings.FunnelPoint(group.label(), p.area(), p.events(), p.population(),
                p.rate(), p.limits().lower95(), p.limits().upper95(), p.limits().lower998(), p.limits().upper998())).toList();
    }

    private static String version() {
        String v = Analysis.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
