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

    /** The trend chart of the report: one line per group, intervals as bars, labelled at the lines' ends. */
    public static String trend(String id, String title, List<Rate> rates) {
        return Charts.trend(id, title, rates.stream().map(r -> new Findings.Trend(r.period(), 1,
                java.util.Arrays.stream(uk.saferschools.oversight.classification.EthnicGroup.values())
                        .filter(g -> g.label().equals(r.group())).findFirst().orElseThrow(),
                r.events(), new uk.saferschools.oversight.statistics.Estimate(r.rate(),
                        new uk.saferschools.oversight.statistics.Interval(r.lower(), r.upper())))).toList());
    }

    /** The forest plot of the report: ratios on a log scale from 0.25 to 16, with a title and a description. */
    public static String forestPlot(List<Ratio> ratios) {
        return Charts.forestPlot(ratios.stream().map(r -> new RateRow("", r.group(), 0, null, null, r.ratio(), r.lower(),
                r.upper(), "reliable")).toList());
    }
}
