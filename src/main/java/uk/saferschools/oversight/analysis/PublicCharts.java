package uk.saferschools.oversight.analysis;

import java.util.List;

/** The report's charts, for pages outside the analysis module that show published, disclosure-controlled figures. */
public final class PublicCharts {

    /** A group's rate ratio with its 95% interval. */
    public record Ratio(String group, double ratio, double lower, double upper) {
    }

    /** A group's rate per 1,000 in one period, with the 95% interval of its count. */
    public record Rate(String period, String group, long events, double rate, double lower, double upper) {
    }

    private PublicCharts() {
    }

    /**
     * The trend chart of the report: one line per group, intervals as bars, labelled at the lines' ends;
     * months spaced by calendar time, and no line joined across a month without its point.
     */
    public static String trend(String id, String title, List<Rate> rates) {
        return trend(id, title, rates, List.of());
    }

    /**
     * The same, with the months of the period that have no records held ({@code months_missing} of
     * results.json, as "2022-06") shaded and labelled "no records", the axis running from the first to
     * the last month of the points and of these.
     */
    public static String trend(String id, String title, List<Rate> rates, List<String> monthsMissing) {
        return Charts.trend(id, title, rates.stream().map(r -> new Findings.Trend(r.period(), 1,
                java.util.Arrays.stream(uk.saferschools.oversight.classification.EthnicGroup.values())
                        .filter(g -> g.label().equals(r.group())).findFirst().orElseThrow(),
                r.events(), new uk.saferschools.oversight.statistics.Estimate(r.rate(),
                        new uk.saferschools.oversight.statistics.Interval(r.lower(), r.upper())))).toList(), monthsMissing);
    }

    /** The forest plot of the report: ratios on a log scale from 0.25 to 16, with a title and a description. */
    public static String forestPlot(List<Ratio> ratios) {
        return Charts.forestPlot(ratios.stream().map(r -> new RateRow("", r.group(), 0, null, null, r.ratio(), r.lower(),
                r.upper(), "reliable")).toList());
    }

    /** An area in a public funnel plot: its events and population (only areas whose count may be shown). */
    public record FunnelPoint(String area, long events, double population) {
    }

    /** A group's share at each stage of the decision-point chain; NaN where it is not published. */
    public record ChainRow(String group, List<String> stages, List<Double> shares) {
    }

    /** The funnel plot of the report around a given overall rate per 1,000 (the rate of the whole area). */
    public static String funnel(String id, String area, String who, List<FunnelPoint> points, double overall) {
        return Charts.funnel(id, area, who, points.stream().map(p -> new Findings.FunnelPoint(p.area(), p.events(),
                p.population(), uk.saferschools.oversight.statistics.Rates.perThousand(p.events(), p.population()),
                uk.saferschools.oversight.statistics.FunnelLimits.at(p.population(), overall))).toList(), overall);
    }

    /** The decision-point chart of the report: each group's share at each stage as a ratio to the reference group's. */
    public static String chain(List<ChainRow> rows, String reference) {
        return Charts.chain(rows.stream().map(row -> new Findings.Chain(group(row.group()),
                java.util.stream.IntStream.range(0, row.stages().size()).mapToObj(i -> new uk.saferschools.oversight.statistics
                        .DecisionPoints.Stage(row.stages().get(i), 0, 0, new uk.saferschools.oversight.statistics.Estimate(
                        row.shares().get(i), new uk.saferschools.oversight.statistics.Interval(0, 0)))).toList())).toList(),
                group(reference));
    }

    private static uk.saferschools.oversight.classification.EthnicGroup group(String label) {
        return java.util.Arrays.stream(uk.saferschools.oversight.classification.EthnicGroup.values())
                .filter(g -> g.label().equals(label)).findFirst().orElseThrow();
    }

    /** A forest plot of any ratio with its interval (for a ratio of shares, say), with its own id and title. */
    public static String ratioPlot(String id, String title, String what, List<Ratio> ratios) {
        return Charts.forestPlot(id, title, what, ratios.stream().map(r -> new RateRow("", r.group(), 0, null, null, r.ratio(),
                r.lower(), r.upper(), "reliable")).toList());
    }

    /** A group's share (0 to 1) with its 95% interval. */
    public record Share(String group, double share, double lower, double upper) {
    }

    /** Shares by group on a scale of 0% to 100%, each with its interval. */
    public static String shares(String id, String title, String what, List<Share> shares) {
        return Charts.shares(id, title, what, shares.stream().map(Share::group).toList(),
                shares.stream().map(s -> new double[] {s.share(), s.lower(), s.upper()}).toList());
    }
}
