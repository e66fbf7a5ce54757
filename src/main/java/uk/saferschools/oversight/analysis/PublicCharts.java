package uk.saferschools.oversight.analysis;

import java.util.List;

/** The report's charts, for pages outside the analysis module that show published, disclosure-controlled figures. */
public final class PublicCharts {

    /** A group's rate ratio with its 95% interval. */
    public record Ratio(String group, double ratio, double lower, double upper) {
    }

    private PublicCharts() {
    }

    /** The forest plot of the report: ratios on a log scale from 0.25 to 16, with a title and a description. */
    public static String forestPlot(List<Ratio> ratios) {
        return Charts.forestPlot(ratios.stream().map(r -> new RateRow("", r.group(), 0, null, null, r.ratio(), r.lower(),
                r.upper(), "reliable")).toList());
    }
}
