package uk.saferschools.oversight.analysis;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import uk.saferschools.oversight.benchmarks.Population;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.PowerUseCounts;

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
                 List<Findings.Trend> quarterlyTrend, java.util.Map<EthnicGroup, List<Findings.FunnelPoint>> funnels,
                 List<Findings.SsoComparison> sso, Findings.SchoolFunnels schools, List<Findings.SsoCount> ssoCounts,
                 List<PowerUseCounts.StripSearchCell> stripSearches, String extendedPeriod, PowerUseCounts.BwvCoverage bwv,
                 PowerUseCounts.Sources sources) {
        static final Extra NONE = new Extra(List.of(), List.of(), List.of(), List.of(), java.util.Map.of(), List.of(),
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
        return String.format(java.util.Locale.UK, "%,d", counted.records()) + " records counted"
                + (options.childrenOnly() ? " (children only)" : "") + ", "
                + String.format(java.util.Locale.UK, "%,d", counted.excludedVehicleSearches()) + " vehicle searches left out; period "
                + (period == null ? "unknown" : period.describe()) + ".";
    }

    /** results.json: inputs, period, benchmark, methods, versions and the rows. */
    String json() {
        StringBuilder json = new StringBuilder("{\n");
        field(json, "generated", Instant.now().toString()).append(",\n");
        field(json, "software", "Safer Schools Oversight " + version()).append(",\n");
        json.append("  \"inputs\": [").append(inputs.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", ")))
                .append("],\n");
        if (counted != null) {
            field(json, "period_from", period == null ? "" : period.from().toString()).append(",\n");
            field(json, "period_to", period == null ? "" : period.to().toString()).append(",\n");
            if (period != null && period.force() != null) {
                field(json, "force", period.force()).append(",\n");
            }
            json.append("  \"months_held\": ").append(monthList(period == null ? List.of() : period.held())).append(",\n");
            json.append("  \"months_missing\": ").append(monthList(period == null ? List.of() : period.missing())).append(",\n");
            json.append("  \"records_counted\": ").append(counted.records()).append(",\n");
            json.append("  \"vehicle_searches_excluded\": ").append(counted.excludedVehicleSearches()).append(",\n");
        }
        if (population != null) {
            field(json, "benchmark", population.source() + (population.hasAges()
                    ? (options.childrenOnly() ? ", ages 0 to 17" : ", all ages") : ", all ages (the file has no ages"
                    + (options.childrenOnly() ? ": the children's rates use the population of all ages" : "") + ")")).append(",\n");
            json.append("  \"benchmark_suppressed_cells\": ").append(population.suppressedCells()).append(",\n");
        }
        field(json, "ethnicity", options.ethnicity().equals("officer")
                ? "officer-defined (no census denominator of its own: the self-defined census population stands in)"
                : "self-defined").append(",\n");
        field(json, "reference_group", reference.label()).append(",\n");
        json.append("  \"children_only\": ").append(options.childrenOnly()).append(",\n");
        field(json, "methods", "rate_per_1000 = 1000*events/population for the period (not annualised); rate_ratio = "
                + "(x_g/n_g)/(x_r/n_r) with the Katz 95% interval exp(ln RR +/- 1.959964*sqrt(1/x_g - 1/n_g + 1/x_r - 1/n_r)), a group's -1/n term left out where its events exceed its population; "
                + "reliable >= 20 events, unstable 10-19, suppressed < 10 (no rate or ratio); a ratio is empty when the "
                + "reference group has fewer than 10 events; unknown ethnicity has no denominator").append(",\n");
        field(json, "licence", "Contains public sector information licensed under the Open Government Licence v3.0").append(",\n");
        json.append("  \"decision_chain\": [");
        appendEach(json, extra.chains(), c -> "{\"group\": " + quote(c.group().label()) + ", \"stages\": ["
                + c.stages().stream().map(st -> "{\"stage\": " + quote(st.name()) + ", \"count\": " + st.count()
                        + ", \"of\": " + number(st.previous()) + ", \"share\": " + number(st.share().value())
                        + ", \"ci_lower\": " + number(st.share().interval().lower()) + ", \"ci_upper\": "
                        + number(st.share().interval().upper()) + "}").collect(Collectors.joining(", ")) + "]}");
        json.append("],\n  \"decision_chain_note\": ").append(quote("first stage per 1,000 of the population; later stages "
                + "as a share of the stage before, with Wilson 95% intervals")).append(",\n");
        json.append("  \"outcome_test\": [");
        appendEach(json, extra.outcomeTests(), o -> "{\"group\": " + quote(o.group().label()) + ", \"linked\": " + o.linked()
                + ", \"outcome_known\": " + o.known() + ", \"share\": " + number(o.share().value()) + ", \"ci_lower\": "
                + number(o.share().interval().lower()) + ", \"ci_upper\": " + number(o.share().interval().upper()) + "}");
        json.append("],\n  \"trend\": [");
        appendEach(json, extra.trend(), t -> "{\"month\": " + quote(t.period()) + trendFields(t));
        json.append("],\n  \"trend_by_quarter\": [");
        appendEach(json, extra.quarterlyTrend(), t -> "{\"quarter\": " + quote(t.period()) + ", \"months_with_records\": "
                + t.months() + trendFields(t));
        json.append("],\n  \"funnel\": [");
        appendEach(json, extra.funnels().entrySet().stream().flatMap(e -> e.getValue().stream().map(p -> java.util.Map.entry(e.getKey(), p)))
                .toList(), e -> "{\"group\": " + quote(e.getKey().label()) + ", \"area_code\": " + quote(e.getValue().area())
                + ", \"events\": " + e.getValue().events() + ", \"population\": " + number(e.getValue().population())
                + ", \"rate_per_1000\": " + number(e.getValue().rate()) + ", \"lower_95\": " + number(e.getValue().limits().lower95())
                + ", \"upper_95\": " + number(e.getValue().limits().upper95()) + ", \"lower_99_8\": "
                + number(e.getValue().limits().lower998()) + ", \"upper_99_8\": " + number(e.getValue().limits().upper998()) + "}");
        json.append("],\n  \"funnel_note\": ").append(quote("each borough's limits are centred on the force area's rate for "
                + "the group (rate_per_1000 of the force area's row in rows), which includes records whose borough is not known"));
        json.append(",\n  \"school_funnel\": {\"academic_years\": [")
                .append(extra.schools().academicYears().stream().map(Analysis::quote).collect(Collectors.joining(", ")))
                .append("], \"suppressed_roll_cells\": ").append(extra.schools().suppressedCells())
                .append(", \"events_at_schools_without_a_roll\": ").append(extra.schools().eventsWithoutRoll())
                .append(", \"points\": [");
        appendEach(json, extra.schools().byGroup().entrySet().stream().flatMap(e -> e.getValue().stream().map(p -> java.util.Map.entry(e.getKey(), p)))
                .toList(), e -> "{\"group\": " + quote(e.getKey().label()) + ", \"school\": " + quote(e.getValue().area())
                + ", \"events\": " + e.getValue().events() + ", \"pupils\": " + number(e.getValue().population())
                + ", \"rate_per_1000\": " + number(e.getValue().rate()) + ", \"lower_95\": " + number(e.getValue().limits().lower95())
                + ", \"upper_95\": " + number(e.getValue().limits().upper95()) + ", \"lower_99_8\": "
                + number(e.getValue().limits().lower998()) + ", \"upper_99_8\": " + number(e.getValue().limits().upper998()) + "}");
        json.append("]},\n  \"sso_comparison\": [");
        appendEach(json, extra.sso(), c -> "{\"group\": " + quote(c.group().label()) + ", \"sso_events\": " + c.ssoEvents()
                + ", \"sso_total\": " + c.ssoTotal() + ", \"other_events\": " + c.otherEvents() + ", \"other_total\": "
                + c.otherTotal() + ", \"ratio_of_shares\": " + number(c.ratio().value()) + ", \"ci_lower\": "
                + number(c.ratio().interval().lower()) + ", \"ci_upper\": " + number(c.ratio().interval().upper()) + "}");
        json.append("],\n  \"extended_records_period\": ").append(quote(extra.extendedPeriod()));
        json.append(",\n  \"extended_records_months\": ").append(monthList(extra.sources() == null ? List.of() : extra.sources().months()));
        json.append(",\n  \"extended_records_synthetic\": ").append(extra.extendedSynthetic());
        if (extra.bwv() != null) {
            json.append(",\n  \"bwv_coverage\": {\"recorded\": ").append(extra.bwv().recorded()).append(", \"not_recorded\": ")
                    .append(extra.bwv().notRecorded()).append(", \"unknown\": ").append(extra.bwv().unknown()).append('}');
        }
        json.append(",\n  \"sso_counts\": [");
        appendEach(json, extra.ssoCounts(), c -> "{\"group\": " + quote(c.group()) + ", \"sso_events\": " + c.sso()
                + ", \"other_events\": " + c.other() + "}");
        json.append("],\n  \"strip_searches\": [");
        appendEach(json, extra.stripSearches(), c -> "{\"power\": " + quote(c.power()) + ", \"group\": "
                + quote(c.group() == null ? "Unknown" : c.group().label()) + ", \"appropriate_adult\": "
                + (c.appropriateAdult() == null ? "null" : c.appropriateAdult().toString()) + ", \"outcome\": "
                + (c.outcome() == null ? "null" : quote(c.outcome())) + ", \"events\": " + c.events() + "}");
        json.append("],\n");
        json.append("  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            RateRow r = rows.get(i);
            json.append("    {\"area_code\": ").append(quote(r.areaCode())).append(", \"group\": ").append(quote(r.group()))
                    .append(", \"events\": ").append(r.events())
                    .append(", \"population\": ").append(number(r.population()))
                    .append(", \"rate_per_1000\": ").append(number(r.ratePerThousand()))
                    .append(", \"rate_ratio\": ").append(number(r.rateRatio()))
                    .append(", \"ci_lower\": ").append(number(r.ciLower()))
                    .append(", \"ci_upper\": ").append(number(r.ciUpper()))
                    .append(", \"reliability\": ").append(quote(r.reliability())).append('}')
                    .append(i < rows.size() - 1 ? ",\n" : "\n");
        }
        return json.append("  ]\n}\n").toString();
    }

    private static String monthList(List<java.time.YearMonth> months) {
        return "[" + months.stream().map(m -> quote(m.toString())).collect(Collectors.joining(", ")) + "]";
    }

    private static <T> void appendEach(StringBuilder json, List<T> items, java.util.function.Function<T, String> item) {
        for (int i = 0; i < items.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ").append(item.apply(items.get(i)));
        }
        if (!items.isEmpty()) {
            json.append("\n  ");
        }
    }

    private static String version() {
        String v = Analysis.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return json.append("  ").append(quote(name)).append(": ").append(quote(value));
    }

    private static String number(Double value) {
        return value == null ? "null" : RateRow.number(value);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String trendFields(Findings.Trend t) {
        return ", \"group\": " + quote(t.group().label()) + ", \"events\": " + t.events() + ", \"rate_per_1000\": "
                + number(t.rate().value()) + ", \"ci_lower\": " + number(t.rate().interval().lower()) + ", \"ci_upper\": "
                + number(t.rate().interval().upper()) + "}";
    }
}
