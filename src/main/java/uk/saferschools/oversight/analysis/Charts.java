package uk.saferschools.oversight.analysis;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToIntFunction;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.statistics.FunnelLimits;

/**
 * The report's charts as SVG, readable without JavaScript and in the PDF: each has a title and a
 * description naming the table beside it that holds the same numbers. Groups are told apart by the
 * marker's shape and a label as well as colour (WCAG 1.4.1), in colours with at least 3:1 contrast
 * against white (WCAG 1.4.11).
 */
public final class Charts {

    /** One colour and marker per group, in EthnicGroup order. */
    private static final String[] COLOURS = {"#1d70b8", "#0b0c0c", "#00703c", "#d4351c", "#4c2c92"};
    private static final int WIDTH = 640;

    private Charts() {
    }

    /** Rate ratios and intervals on a log scale from 0.25 to 16, one line per group with a ratio. */
    public static String forestPlot(List<RateRow> rows) {
        return forestPlot("forest", "Rate ratios against the reference group", "rate ratio", rows);
    }

    /** The same for any ratio with its interval (a ratio of shares, say), with its own id and title. */
    public static String forestPlot(String id, String title, String what, List<RateRow> rows) {
        List<RateRow> shown = rows.stream().filter(r -> r.rateRatio() != null && r.ciLower() != null).toList();
        int height = 40 + 30 * Math.max(1, shown.size());
        double min = 0.25;
        double max = 16;
        StringBuilder svg = open(id, height, title,
                "Each line is a group's " + what + " with its 95% interval, on a log scale from 0.25 to 16; the dashed "
                        + "vertical line is a ratio of 1. The same numbers are in the table below.");
        int left = 90;
        int plot = WIDTH - left - 20;
        double one = left + plot * Math.log(1 / min) / Math.log(max / min);
        line(svg, one, 10, one, height - 20, "#505a5f", true);
        for (double tick : new double[] {0.25, 0.5, 1, 2, 4, 8, 16}) {
            double x = left + plot * Math.log(tick / min) / Math.log(max / min);
            text(svg, x, height - 5, "middle", RateRow.number(tick));
        }
        int y = 30;
        for (RateRow row : shown) {
            double lo = left + plot * Math.log(Math.max(min, row.ciLower()) / min) / Math.log(max / min);
            double hi = left + plot * Math.log(Math.min(max, row.ciUpper()) / min) / Math.log(max / min);
            double mid = left + plot * Math.log(Math.min(max, Math.max(min, row.rateRatio())) / min) / Math.log(max / min);
            text(svg, 5, y + 4, "start", row.group());
            line(svg, lo, y, hi, y, "#0b0c0c", false);
            svg.append("<rect x=\"").append(r(mid - 4)).append("\" y=\"").append(y - 4)
                    .append("\" width=\"8\" height=\"8\" fill=\"#1d70b8\"/>\n");
            y += 30;
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Rates per 1,000 by period (month or quarter), one line per group with its 95% interval as a bar
     * at each point; the line is labelled with the group at its last point.
     */
    public static String trend(String id, String title, List<SnapshotFindings.TrendPoint> points) {
        return trend(id, title, points, List.of());
    }

    /**
     * The same, with the periods spaced by calendar time from the first to the last (of the points and of
     * {@code missing}): a line is never joined across a period without its point, and each period in
     * {@code missing} (no records held) is shaded and labelled "no records". Periods are months
     * ("2022-03") or quarters ("2022 Q1"); other labels are spaced evenly.
     */
    public static String trend(String id, String title, List<SnapshotFindings.TrendPoint> points, List<String> missing) {
        List<String> labels = new ArrayList<>(points.stream().map(SnapshotFindings.TrendPoint::period).toList());
        labels.addAll(missing);
        List<String> periods = calendar(labels.stream().distinct().sorted().toList());
        Map<EthnicGroup, List<SnapshotFindings.TrendPoint>> byGroup = new LinkedHashMap<>();
        for (EthnicGroup group : EthnicGroup.values()) {
            List<SnapshotFindings.TrendPoint> of = points.stream().filter(t -> group.label().equals(t.group()))
                    .sorted(Comparator.comparingInt(t -> periods.indexOf(t.period()))).toList();
            if (!of.isEmpty()) {
                byGroup.put(group, of);
            }
        }
        double top = niceCeiling(points.stream().mapToDouble(SnapshotFindings.TrendPoint::upper).max().orElse(1));
        int height = 300;
        int left = 60;
        int right = 110;
        int bottom = 40;
        int plotWidth = WIDTH - left - right;
        int plotHeight = height - 20 - bottom;
        String gaps = missing.isEmpty() ? "" : " No records are held for " + String.join(", ", missing.stream().sorted().toList())
                + ": the chart leaves a gap there.";
        StringBuilder svg = open(id, height, title, "Rates per 1,000 for each group in each period from " + periods.get(0)
                + " to " + periods.get(periods.size() - 1) + ", spaced by calendar time, with 95% intervals as vertical bars; "
                + "a line is broken where a period has no rate. The scale runs from 0 to " + RateRow.number(top) + "." + gaps
                + " The same numbers are in the table beside it.");
        double step = periods.size() == 1 ? 0 : plotWidth / (double) (periods.size() - 1);
        IntToDoubleFunction xOf = i -> periods.size() == 1 ? left + plotWidth / 2.0 : left + step * i;
        for (String gap : missing) {
            int i = periods.indexOf(gap);
            double width = Math.max(8, Math.min(step, 40));
            svg.append("<rect class=\"no-records\" x=\"").append(r(xOf.applyAsDouble(i) - width / 2)).append("\" y=\"20\" width=\"")
                    .append(r(width)).append("\" height=\"").append(plotHeight).append("\" fill=\"#f3f2f1\"><title>")
                    .append(Report.escape(gap)).append(": no records held</title></rect>\n");
            if (step >= 50) {
                text(svg, xOf.applyAsDouble(i), 20 + plotHeight / 2.0, "middle", "no records");
            }
        }
        axes(svg, left, 20, plotWidth, plotHeight, top, "per 1,000");
        int every = periods.size() <= 12 ? 1 : (int) Math.ceil(periods.size() / 12.0);
        for (int i = 0; i < periods.size(); i++) {
            if (i % every == 0) {
                text(svg, xOf.applyAsDouble(i), height - bottom + 16, "middle", periods.get(i));
            }
        }
        List<double[]> ends = new ArrayList<>();
        List<String> endTexts = new ArrayList<>();
        byGroup.forEach((group, trend) -> {
            String colour = COLOURS[group.ordinal()];
            StringBuilder path = new StringBuilder();
            double lastX = 0;
            double lastY = 0;
            int previous = Integer.MIN_VALUE;
            for (SnapshotFindings.TrendPoint t : trend) {
                int i = periods.indexOf(t.period());
                double x = xOf.applyAsDouble(i);
                double y = 20 + plotHeight * (1 - t.rate() / top);
                // a new stretch of line after any period without this group's point
                path.append(path.isEmpty() ? "M" : i == previous + 1 ? " L" : " M").append(r(x)).append(' ').append(r(y));
                line(svg, x, 20 + plotHeight * (1 - t.lower() / top), x,
                        20 + plotHeight * (1 - t.upper() / top), colour, false);
                marker(svg, group, x, y);
                lastX = x;
                lastY = y;
                previous = i;
            }
            svg.append("<path id=\"").append(id).append("-line-").append(group.name().toLowerCase(Locale.UK))
                    .append("\" d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.5\"/>\n");
            ends.add(new double[] {lastX + 8, lastY + 4, ends.size()});
            endTexts.add(group.label());
        });
        // labels at the lines' ends, moved apart where they would overlap
        ends.sort(Comparator.comparingDouble(l -> l[1]));
        for (int i = 1; i < ends.size(); i++) {
            ends.get(i)[1] = Math.max(ends.get(i)[1], ends.get(i - 1)[1] + 13);
        }
        for (double[] end : ends) {
            text(svg, end[0], end[1], "start", endTexts.get((int) end[2]));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Every period from the first label to the last in calendar order, when all are months ("2022-03") or
     * all quarters ("2022 Q1"); otherwise the labels as they are.
     */
    static List<String> calendar(List<String> labels) {
        if (labels.isEmpty()) {
            return labels;
        }
        if (labels.stream().allMatch(l -> l.matches("\\d{4}-\\d{2}"))) {
            YearMonth first = YearMonth.parse(labels.get(0));
            YearMonth last = YearMonth.parse(labels.get(labels.size() - 1));
            List<String> all = new ArrayList<>();
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                all.add(m.toString());
            }
            return all;
        }
        if (labels.stream().allMatch(l -> l.matches("\\d{4} Q[1-4]"))) {
            ToIntFunction<String> index = l -> Integer.parseInt(l.substring(0, 4)) * 4 + l.charAt(6) - '1';
            List<String> all = new ArrayList<>();
            for (int q = index.applyAsInt(labels.get(0)); q <= index.applyAsInt(labels.get(labels.size() - 1)); q++) {
                all.add(q / 4 + " Q" + (q % 4 + 1));
            }
            return all;
        }
        return labels;
    }

    /**
     * A funnel plot: each borough's (or school's) rate against its population, with the 95% and 99.8%
     * limits around the overall rate drawn as curves.
     */
    public static String funnel(String id, String area, String who, List<SnapshotFindings.FunnelPoint> points) {
        return funnel(id, area, who, points, points.stream().mapToLong(SnapshotFindings.FunnelPoint::events).sum() * 1000.0
                / points.stream().mapToDouble(SnapshotFindings.FunnelPoint::population).sum());
    }

    /** The same around a given overall rate per 1,000 (for a public funnel that plots only some areas). */
    public static String funnel(String id, String area, String who, List<SnapshotFindings.FunnelPoint> points, double overall) {
        double maxPopulation = points.stream().mapToDouble(SnapshotFindings.FunnelPoint::population).max().orElse(1);
        double minPopulation = Math.max(1, points.stream().mapToDouble(SnapshotFindings.FunnelPoint::population).min().orElse(1) / 2);
        double top = niceCeiling(Math.max(points.stream().mapToDouble(SnapshotFindings.FunnelPoint::rate).max().orElse(1),
                FunnelLimits.at(minPopulation, overall).upper95()) * 1.05);
        int height = 340;
        int left = 60;
        int bottom = 45;
        int plotWidth = WIDTH - left - 30;
        int plotHeight = height - 20 - bottom;
        StringBuilder svg = open(id, height, area.substring(0, 1).toUpperCase(Locale.UK) + area.substring(1)
                        + "s compared with the limits expected by chance",
                "Each mark is a " + area + ": across, its number of " + who + " up to "
                        + String.format(Locale.UK, "%,.0f", maxPopulation) + "; up, its rate per 1,000 up to "
                        + RateRow.number(top) + ". The horizontal line is the overall rate; dashed curves "
                        + "are the 95% limits and solid curves the 99.8% limits; red squares are " + area + "s outside the 99.8% limits, blue circles inside. The same numbers are in the table beside it.");
        axes(svg, left, 20, plotWidth, plotHeight, top, "per 1,000");
        text(svg, left + plotWidth / 2.0, height - 8, "middle", who);
        double step = niceCeiling(maxPopulation * 1.05 / 5);
        for (double n = step; n <= maxPopulation * 1.05; n += step) {
            text(svg, left + plotWidth * n / (maxPopulation * 1.05), height - bottom + 16, "middle",
                    String.format(Locale.UK, "%,.0f", n));
        }
        double overallY = 20 + plotHeight * (1 - overall / top);
        line(svg, left, overallY, left + plotWidth, overallY, "#505a5f", false);
        List<double[]> limits = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            double n = minPopulation + (maxPopulation * 1.05 - minPopulation) * i / 60.0;
            FunnelLimits.Limits l = FunnelLimits.at(n, overall);
            limits.add(new double[] {left + plotWidth * n / (maxPopulation * 1.05), l.lower95(), l.upper95(), l.lower998(), l.upper998()});
        }
        for (int k = 1; k <= 4; k++) {
            StringBuilder path = new StringBuilder();
            for (double[] at : limits) {
                double y = 20 + plotHeight * (1 - Math.min(top, Math.max(0, at[k])) / top);
                path.append(path.isEmpty() ? "M" : " L").append(r(at[0])).append(' ').append(r(y));
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#505a5f\"")
                    .append(k <= 2 ? " stroke-dasharray=\"4 3\"" : "").append("/>\n");
        }
        for (SnapshotFindings.FunnelPoint p : points) {
            double x = left + plotWidth * p.population() / (maxPopulation * 1.05);
            double y = 20 + plotHeight * (1 - Math.min(top, p.rate()) / top);
            boolean outside = p.rate() > p.upper998() || p.rate() < p.lower998();
            // outside the 99.8% limits: a red square; inside: a blue circle
            svg.append(outside ? "<rect x=\"" + r(x - 4) + "\" y=\"" + r(y - 4) + "\" width=\"8\" height=\"8\" fill=\"#d4351c\">"
                    : "<circle cx=\"" + r(x) + "\" cy=\"" + r(y) + "\" r=\"4\" fill=\"#1d70b8\">")
                    .append("<title>").append(Report.escape(p.area())).append(": ")
                    .append(String.format(Locale.UK, "%.2f", p.rate())).append(" per 1,000")
                    .append(outside ? ", outside the 99.8% limits" : "").append("</title>").append(outside ? "</rect>" : "</circle>")
                    .append('\n');
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * The decision-point chain: for each stage, each group's share of the stage before it, as the ratio
     * to the reference group's (so that stages on different scales can be compared), on a log scale.
     */
    public static String chain(List<SnapshotFindings.Chain> chains, String reference) {
        SnapshotFindings.Chain base = chains.stream().filter(c -> c.group().equals(reference)).findFirst().orElse(null);
        List<SnapshotFindings.Chain> others = chains.stream().filter(c -> !c.group().equals(reference)).toList();
        if (base == null || others.isEmpty()) {
            return "";
        }
        List<String> stages = base.stages().stream().map(SnapshotFindings.Stage::stage).toList();
        int height = 70 + 24 * others.size() * stages.size() + 12 * stages.size();
        double min = 0.25;
        double max = 16;
        int left = 230;
        int plot = WIDTH - left - 60;
        StringBuilder svg = open("chain", height, "Disparity at each decision point",
                "For each stage (searched, arrested, more than outer clothing removed), each group's rate or share as a "
                        + "ratio to " + reference + ", on a log scale from 0.25 to 16; the dashed line is a ratio of 1. "
                        + "The same numbers are in the table beside it.");
        double one = left + plot * Math.log(1 / min) / Math.log(max / min);
        line(svg, one, 10, one, height - 25, "#505a5f", true);
        for (double tick : new double[] {0.25, 0.5, 1, 2, 4, 8, 16}) {
            text(svg, left + plot * Math.log(tick / min) / Math.log(max / min), height - 8, "middle", RateRow.number(tick));
        }
        int y = 20;
        for (int s = 0; s < stages.size(); s++) {
            text(svg, 5, y + 4, "start", (s + 1) + ". " + stages.get(s));
            y += 18;
            double baseShare = base.stages().get(s).share();
            for (SnapshotFindings.Chain chain : others) {
                double share = chain.stages().get(s).share();
                if (baseShare > 0 && share > 0) {
                    double ratio = share / baseShare;
                    double x = left + plot * Math.log(Math.min(max, Math.max(min, ratio)) / min) / Math.log(max / min);
                    text(svg, 20, y + 4, "start", chain.group());
                    svg.append("<rect x=\"").append(r(Math.min(one, x))).append("\" y=\"").append(y - 7).append("\" width=\"")
                            .append(r(Math.max(1, Math.abs(x - one)))).append("\" height=\"14\" fill=\"")
                            .append(COLOURS[group(chain.group()).ordinal()]).append("\"/>\n");
                    text(svg, Math.max(one, x) + 4, y + 4, "start", String.format(Locale.UK, "%.2f", ratio));
                } else {
                    text(svg, 20, y + 4, "start", chain.group() + (Double.isNaN(share) || Double.isNaN(baseShare)
                            ? ": not shown (too few to publish)" : ": no ratio (none at this stage in one group or both)"));
                }
                y += 24;
            }
            y += 6;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Shares (of 0 to 100%) by group, each a dot with its 95% interval as a line. */
    public static String shares(String id, String title, String what, List<String> groups, List<double[]> shares) {
        int height = 50 + 30 * Math.max(1, groups.size());
        int left = 90;
        int plot = WIDTH - left - 30;
        StringBuilder svg = open(id, height, title, "Each line is a group's " + what + " with its 95% interval, on a scale "
                + "from 0% to 100%. The same numbers are in the table below.");
        for (int tick = 0; tick <= 100; tick += 25) {
            double x = left + plot * tick / 100.0;
            line(svg, x, 10, x, height - 25, "#b1b4b6", true);
            text(svg, x, height - 8, "middle", tick + "%");
        }
        int y = 30;
        for (int i = 0; i < groups.size(); i++) {
            double[] share = shares.get(i);
            text(svg, 5, y + 4, "start", groups.get(i));
            line(svg, left + plot * share[1], y, left + plot * share[2], y, "#0b0c0c", false);
            svg.append("<circle cx=\"").append(r(left + plot * share[0])).append("\" cy=\"").append(y)
                    .append("\" r=\"5\" fill=\"#1d70b8\"/>\n");
            y += 30;
        }
        return svg.append("</svg>\n").toString();
    }

    /** The group of a label ("Black"). */
    private static EthnicGroup group(String label) {
        return Arrays.stream(EthnicGroup.values()).filter(g -> g.label().equals(label)).findFirst().orElseThrow();
    }

    private static StringBuilder open(String id, int height, String title, String description) {
        return new StringBuilder().append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\">\n")
                .append("<title id=\"").append(id).append("-title\">").append(Report.escape(title)).append("</title>\n")
                .append("<desc id=\"").append(id).append("-desc\">").append(Report.escape(description)).append("</desc>\n");
    }

    private static void axes(StringBuilder svg, int left, int top, int width, int height, double max, String unit) {
        line(svg, left, top, left, top + height, "#0b0c0c", false);
        line(svg, left, top + height, left + width, top + height, "#0b0c0c", false);
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            double y = top + height * (1 - i / 4.0);
            text(svg, left - 6, y + 4, "end", RateRow.number(Math.round(value * 1000) / 1000.0));
        }
        text(svg, 5, top - 6, "start", unit);
    }

    private static void marker(StringBuilder svg, EthnicGroup group, double x, double y) {
        String colour = COLOURS[group.ordinal()];
        switch (group.ordinal() % 3) {
            case 0 -> svg.append("<circle cx=\"").append(r(x)).append("\" cy=\"").append(r(y)).append("\" r=\"4\" fill=\"")
                    .append(colour).append("\"/>\n");
            case 1 -> svg.append("<rect x=\"").append(r(x - 4)).append("\" y=\"").append(r(y - 4))
                    .append("\" width=\"8\" height=\"8\" fill=\"").append(colour).append("\"/>\n");
            default -> svg.append("<path d=\"M").append(r(x)).append(' ').append(r(y - 5)).append(" L").append(r(x + 5))
                    .append(' ').append(r(y + 4)).append(" L").append(r(x - 5)).append(' ').append(r(y + 4))
                    .append(" Z\" fill=\"").append(colour).append("\"/>\n");
        }
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour, boolean dashed) {
        svg.append("<line x1=\"").append(r(x1)).append("\" y1=\"").append(r(y1)).append("\" x2=\"").append(r(x2))
                .append("\" y2=\"").append(r(y2)).append("\" stroke=\"").append(colour).append('"')
                .append(dashed ? " stroke-dasharray=\"4 3\"" : " stroke-width=\"1.5\"").append("/>\n");
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(r(x)).append("\" y=\"").append(r(y)).append("\" font-size=\"11\" text-anchor=\"")
                .append(anchor).append("\" fill=\"#0b0c0c\">").append(Report.escape(text)).append("</text>\n");
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten at or above the value. */
    static double niceCeiling(double value) {
        if (value <= 0 || !Double.isFinite(value)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String r(double value) {
        return Long.toString(Math.round(value));
    }
}
