package uk.saferschools.oversight.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.PowerUseCounts;
import uk.saferschools.oversight.statistics.Estimate;
import uk.saferschools.oversight.statistics.Interval;
import uk.saferschools.oversight.statistics.Rates;

/**
 * The report a panel member reads: findings in plain English, each with its caveats; SVG charts (forest
 * plot of rate ratios, decision-point chain, trends by month and quarter, funnel of boroughs), each with
 * its numbers in a table beside it; method notes with formulas and sources; the data sources and their
 * licence. The PDF is rendered from the same HTML.
 */
final class Report {

    private final Analysis analysis;

    Report(Analysis analysis) {
        this.analysis = analysis;
    }

    /** Writes the report as HTML, and as PDF too unless {@code pdf} is null. */
    void write(Path html, Path pdf) throws IOException {
        String page = html();
        Files.writeString(html, page);
        if (pdf == null) {
            Files.deleteIfExists(html.resolveSibling("report.pdf")); // never leave the PDF of an earlier run beside this report
            return;
        }
        try (OutputStream out = Files.newOutputStream(pdf)) {
            PrintedPages.print(page, html.getParent().toUri().toString(), out);
        }
    }

    String html() {
        String people = analysis.options().childrenOnly() ? "children" : "people";
        String power = "stopped and searched";
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>Stop and search by ethnic group – Safer Schools Oversight</title>\n")
                .append("<style>\nbody{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border-bottom:1px solid #b1b4b6;padding:.3em .6em;text-align:left}")
                .append("td.n,th.n{text-align:right}caption{text-align:left;font-weight:bold;margin-bottom:.3em}")
                .append(".caveat{border-left:5px solid #b1b4b6;padding-left:1em}.synthetic{border:2px solid #0b0c0c;padding:0 .3em;font-size:.8em;text-transform:uppercase;letter-spacing:.05em}.figure svg{max-width:100%;height:auto}code{font-family:monospace}\n</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>Stop and search of ").append(analysis.options().childrenOnly()
                ? "children aged " + analysis.options().ages().words() : people).append(" by ethnic group</h1>\n");
        h.append("<p>").append(escape(analysis.summary())).append(" Ethnicity: ")
                .append(analysis.options().ethnicity().equals("officer") ? "as recorded by the officer" : "as the person described it")
                .append(". Compared with ").append(escape(analysis.reference().label())).append(" ").append(people).append(".</p>\n");

        h.append("<h2>Findings</h2>\n<ul>\n");
        List<RateRow> areaRows = analysis.rows().stream().filter(r -> r.areaCode().equals(firstArea())).toList();
        long unknown = areaRows.stream().filter(r -> r.group().equals("Unknown")).mapToLong(RateRow::events).findFirst().orElse(0);
        RateRow reference = areaRows.stream().filter(r -> r.group().equals(analysis.reference().label())).findFirst().orElse(null);
        for (RateRow row : areaRows) {
            if (row.group().equals("Unknown") || row.group().equals(analysis.reference().label())) {
                continue;
            }
            h.append("<li>");
            if (row.rateRatio() != null && row.ciLower() != null) {
                h.append(escape(row.group())).append(' ').append(people).append(" were ").append(power).append(" at ")
                        .append(times(row.rateRatio())).append(escape(analysis.reference().label()))
                        .append(' ').append(people).append(" (rate ratio ").append(two(row.rateRatio()))
                        .append("); 95% interval ").append(two(row.ciLower())).append(" to ")
                        .append(two(row.ciUpper())).append('.');
                if (row.reliability().equals("unstable")) {
                    h.append(" Based on ").append(count(row.events())).append(" events: unstable, read with care.");
                }
                if (reference != null && reference.population() != null && row.population() != null && unknown > 0) {
                    Interval bounds = Rates.missingEthnicityBounds(row.events(), row.population(), reference.events(),
                            reference.population(), unknown);
                    h.append(" With the ").append(unknown).append(" records of unknown ethnicity all in one group or the other, ")
                            .append("the ratio would lie between ").append(two(bounds.lower())).append(" and ")
                            .append(two(bounds.upper())).append('.');
                }
            } else if (row.reliability().equals("suppressed")) {
                h.append(escape(row.group())).append(": fewer than 10 events, too few for a rate to mean anything.");
            } else {
                h.append(escape(row.group())).append(": no ratio (the reference group has too few events or no population).");
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n");

        h.append("<h2>Rate ratios</h2>\n<div class=\"figure\">\n").append(Charts.forestPlot(areaRows)).append(table(areaRows, monthsHeld())).append("</div>\n");

        extraSections(h, people);

        h.append("<h2>Caveats</h2>\n<div class=\"caveat\">\n<ul>\n")
                .append("<li>The benchmark is the resident population in the Census 2021, not the people present where ")
                .append("searches happen; rates against another benchmark can differ.</li>\n");
        if (analysis.options().ethnicity().equals("officer")) {
            h.append("<li>Officer-defined ethnicity has no census population of its own: the self-defined census population ")
                    .append("stands in for it.</li>\n");
        }
        if (analysis.options().childrenOnly()) {
            h.append("<li>Children are those aged ").append(analysis.options().ages().words()).append(" (police.uk age range")
                    .append(analysis.options().ages().ageRanges().size() > 1 ? "s " : " ")
                    .append(escape(String.join(" and ", analysis.options().ages().ageRanges().stream().map(r -> "“" + r + "”")
                            .toList()))).append(")");
            if (analysis.population() != null && analysis.population().ofSomeAges()) {
                h.append(", and the population is of the same ages");
            }
            h.append(".</li>\n");
        }
        if (analysis.population() != null && analysis.options().childrenOnly() && !analysis.population().hasAges()) {
            h.append("<li>The population file has no ages, so children's rates are per 1,000 residents of all ages: compare ")
                    .append("groups, not levels.</li>\n");
        }
        h.append("<li>").append(unknown).append(" records had no ethnicity stated; the findings give the range the ratio would ")
                .append("take if they were all in one group or all in the other.</li>\n")
                .append("<li>Each record is a use of a power, not a person: one child searched twice counts twice.</li>\n")
                .append("<li>Rates from fewer than 10 events are not shown; from 10 to 19 they are marked unstable.</li>\n")
                .append("</ul>\n</div>\n");

        h.append("<h2>Methods</h2>\n<ul>\n")
                .append("<li>").append(rateMethod()).append("</li>\n")
                .append("<li>Rate ratio = (events<sub>g</sub> ÷ population<sub>g</sub>) ÷ (events<sub>r</sub> ÷ population<sub>r</sub>), ")
                .append("with the Katz log interval exp(ln RR ± z × √(1/x<sub>g</sub> − 1/n<sub>g</sub> + 1/x<sub>r</sub> − 1/n<sub>r</sub>)) ")
                .append("(Katz et al., Biometrics 1978); where a group had more searches than people (some searched more than once), ")
                .append("its −1/n term is left out, the Poisson form. z = 1.959964 (Φ⁻¹(0.975), used to full precision).</li>\n")
                .append("<li>Ethnic groups: self-defined labels by the group named before “ - ”; census categories by the text ")
                .append("before the colon; “Not stated” and blank are unknown. Vehicle searches are left out (no person was searched).</li>\n")
                .append("</ul>\n");

        h.append("<h2>Data sources</h2>\n<ul>\n");
        for (Path input : analysis.inputs()) {
            h.append("<li><code>").append(escape(input.getFileName().toString())).append("</code></li>\n");
        }
        if (analysis.population() != null) {
            h.append("<li>Population: <code>").append(escape(analysis.population().source())).append("</code> (ONS Census 2021)</li>\n");
        }
        h.append("</ul>\n<p>Contains public sector information licensed under the Open Government Licence v3.0.</p>\n")
                .append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private void extraSections(StringBuilder h, String people) {
        Analysis.Extra extra = analysis.extra();
        if (!extra.chains().isEmpty()) {
            h.append("<h2>Decision points</h2>\n<p>Each stage as a share of the stage before it: searches per 1,000 ")
                    .append(people).append(", then the share of those searched who were arrested, then the share of those ")
                    .append("arrested who had more than outer clothing removed. A disparity that grows along the chain arises ")
                    .append("at that decision.</p>\n<div class=\"figure\">\n").append(Charts.chain(Analysis.chains(extra.chains()), analysis.reference().label()))
                    .append("<table>\n<caption>Decision-point chain by ethnic group (95% intervals)</caption>\n")
                    .append("<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">Searched per 1,000</th>")
                    .append("<th scope=\"col\" class=\"n\">Arrested, of searched</th><th scope=\"col\" class=\"n\">")
                    .append("More than outer clothing removed, of arrested</th></tr></thead>\n<tbody>\n");
            for (Findings.Chain chain : extra.chains()) {
                h.append("<tr><th scope=\"row\">").append(escape(chain.group().label())).append("</th>");
                for (int i = 0; i < chain.stages().size(); i++) {
                    var stage = chain.stages().get(i);
                    boolean perThousand = i == 0;
                    h.append("<td class=\"n\">").append(count(stage.count())).append(" (")
                            .append(perThousand ? two(stage.share().value()) : percent(stage.share().value()))
                            .append("; ").append(perThousand ? two(stage.share().interval().lower()) : percent(stage.share().interval().lower()))
                            .append(" to ").append(perThousand ? two(stage.share().interval().upper()) : percent(stage.share().interval().upper()))
                            .append(")</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n</div>\n");
        }
        if (!extra.outcomeTests().isEmpty()) {
            h.append("<h2>Outcome test</h2>\n<p>Of searches whose outcome is known to be linked or not to what was searched ")
                    .append("for, the share where it was. Searches with this unknown are left out, not counted as failures. A ")
                    .append("lower share for one group can mean its members are searched on weaker grounds.</p>\n")
                    .append("<table>\n<caption>Outcome linked to the object of search (Wilson 95% intervals)</caption>\n")
                    .append("<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">Linked</th>")
                    .append("<th scope=\"col\" class=\"n\">Outcome known</th><th scope=\"col\" class=\"n\">Share</th></tr></thead>\n<tbody>\n");
            for (Findings.OutcomeTest test : extra.outcomeTests()) {
                h.append("<tr><th scope=\"row\">").append(escape(test.group().label())).append("</th><td class=\"n\">")
                        .append(count(test.linked())).append("</td><td class=\"n\">").append(count(test.known())).append("</td><td class=\"n\">")
                        .append(percent(test.share().value())).append(" (").append(percent(test.share().interval().lower()))
                        .append(" to ").append(percent(test.share().interval().upper())).append(")</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        List<String> missingMonths = analysis.period() == null ? List.of()
                : analysis.period().missing().stream().map(YearMonth::toString).toList();
        if (!extra.trend().isEmpty()) {
            h.append("<h2>Trend by month</h2>\n");
            if (!missingMonths.isEmpty()) {
                h.append("<p>No records are held for ").append(escape(AnalysisPeriod.months(analysis.period().missing())))
                        .append(": the chart leaves a gap there and joins no line across it.</p>\n");
            }
            h.append("<div class=\"figure\">\n")
                    .append(Charts.trend("trend-month", "Searches per 1,000 " + people + " by month", Analysis.trend(extra.trend()), missingMonths))
                    .append(trendTable("Searches per 1,000 " + people + " in each month (95% intervals; months with fewer "
                            + "than 10 events left out)", "Month", extra.trend(), missingMonths)).append("</div>\n");
        }
        List<String> missingQuarters = missingQuarters();
        if (Stream.concat(extra.quarterlyTrend().stream().map(Findings.Trend::period), missingQuarters.stream())
                .distinct().count() > 1 && !extra.quarterlyTrend().isEmpty()) {
            h.append("<h2>Trend by quarter</h2>\n<div class=\"figure\">\n")
                    .append(Charts.trend("trend-quarter", "Searches per 1,000 " + people + " by quarter", Analysis.quarterlyTrend(extra.quarterlyTrend()),
                            missingQuarters))
                    .append(trendTable("Searches per 1,000 " + people + " in each quarter, for the months with records "
                            + "(95% intervals; fewer than 10 events left out)", "Quarter", extra.quarterlyTrend(), missingQuarters))
                    .append("</div>\n");
        }
        if (analysis.options().childrenOnly() && analysis.period() != null && extra.sources() != null) {
            extendedRecordsSection(h, extra);
        }
        if (!extra.sso().isEmpty()) {
            h.append("<h2>Safer Schools Officers and other officers").append(syntheticMark()).append("</h2>\n<p>From the extended records of powers used on ")
                    .append("children: each group's share of what Safer Schools Officers did, against its share of what other ")
                    .append("officers did. A ratio above 1 means the group makes up more of the SSOs' uses of powers.</p>\n")
                    .append("<table>\n<caption>Share of uses of powers on children, SSO against other officers (Katz 95% intervals)</caption>\n")
                    .append("<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">SSO</th>")
                    .append("<th scope=\"col\" class=\"n\">Other officers</th><th scope=\"col\" class=\"n\">Ratio of shares</th></tr></thead>\n<tbody>\n");
            for (Findings.SsoComparison c : extra.sso()) {
                h.append("<tr><th scope=\"row\">").append(escape(c.group().label())).append("</th><td class=\"n\">")
                        .append(c.ssoEvents()).append(" of ").append(c.ssoTotal()).append("</td><td class=\"n\">")
                        .append(c.otherEvents()).append(" of ").append(c.otherTotal()).append("</td><td class=\"n\">")
                        .append(two(c.ratio().value())).append(" (").append(two(c.ratio().interval().lower())).append(" to ")
                        .append(two(c.ratio().interval().upper())).append(")</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        if (!extra.stripSearches().isEmpty()) {
            stripSearchSection(h, extra.stripSearches(), syntheticMark());
        }
        largestOtherThanReference(extra.funnels()).ifPresent(e -> {
            double centre = Findings.forceAreaRate(analysis.rows(), firstArea(), e.getKey());
            funnelSection(h, "funnel", "Boroughs compared (funnel)", "",
                    "Each borough's rate for " + e.getKey().label() + " " + people + " against the range expected by chance alone "
                            + "for a borough of its size. The limits are centred on the force area's rate for the group, "
                            + two(centre) + " per 1,000, which includes records whose borough is not known; the public page "
                            + "uses the same centre. Outside the 99.8% limits is unlikely to be chance.", "Borough", "Population",
                    e.getKey().label() + " residents", e.getKey(), e.getValue(), centre);
        });
        Findings.SchoolFunnels schools = extra.schools();
        largestOtherThanReference(schools.byGroup()).ifPresent(e -> funnelSection(h, "school-funnel", "Schools compared (funnel)",
                syntheticMark(),
                "Each school's rate of uses of powers on its " + e.getKey().label() + " pupils, per 1,000 of them on its roll ("
                        + String.join(", ", schools.academicYears()) + "), against the range expected by chance alone for a "
                        + "school of its size. Only records that name a school count. " + schools.suppressedCells()
                        + " school × group counts were suppressed in the rolls and have no rate; "
                        + schools.eventsWithoutRoll() + " records named a school with no roll.",
                "School", "Pupils", e.getKey().label() + " pupils", e.getKey(), e.getValue(), null));
    }

    /** A "Synthetic" mark beside the heading of a section of extended records, when any record counted is synthetic. */
    private String syntheticMark() {
        return analysis.extra().extendedSynthetic() ? " <strong class=\"synthetic\">Synthetic</strong>" : "";
    }

    /** Which extended records the SSO, strip-search and school sections count: their months, and their source. */
    private void extendedRecordsSection(StringBuilder h, Analysis.Extra extra) {
        h.append("<h2>Extended records").append(syntheticMark()).append("</h2>\n");
        if (extra.sources().months().isEmpty()) {
            h.append("<p>No extended records of powers used on children are held for ").append(escape(analysis.period().force()))
                    .append(" from ").append(analysis.period().firstDay()).append(" to ").append(analysis.period().lastDay())
                    .append(", so this report has no figures on Safer Schools Officers, more thorough and strip searches, ")
                    .append("schools or body-worn video.</p>\n");
            return;
        }
        h.append("<p>The figures on Safer Schools Officers, more thorough and strip searches and schools count only the ")
                .append("extended records of powers used on children dated within the period, ")
                .append(escape(extra.extendedPeriod())).append(" (months with records: ")
                .append(escape(AnalysisPeriod.months(extra.sources().months()))).append(").");
        if (extra.extendedSynthetic()) {
            h.append(" Some or all of them are synthetic: made up by the demonstration data generator, not real records. ")
                    .append("Nothing should be concluded from them.");
        }
        h.append("</p>\n");
    }

    /** The quarters of the period with no month held. */
    private List<String> missingQuarters() {
        if (analysis.period() == null) {
            return List.of();
        }
        Set<String> held = new TreeSet<>();
        analysis.period().held().forEach(m -> held.add(quarter(m)));
        return analysis.period().missing().stream().map(Report::quarter).filter(q -> !held.contains(q)).distinct().toList();
    }

    private static String quarter(YearMonth month) {
        return month.getYear() + " Q" + ((month.getMonthValue() - 1) / 3 + 1);
    }

    /**
     * More thorough and strip searches of children by group: how many had an appropriate adult present,
     * not present, or not recorded, with the share present among those recorded (Wilson 95% interval),
     * and how many ended in no further action or arrest.
     */
    private static void stripSearchSection(StringBuilder h, List<PowerUseCounts.StripSearchCell> cells,
                                           String mark) {
        h.append("<h2>More thorough and strip searches").append(mark).append("</h2>\n<p>From the extended records of powers used on children ")
                .append("(police.uk records do not say whether an appropriate adult was present). A child must have an ")
                .append("appropriate adult present save in urgent cases. The share is of the searches where presence was recorded.</p>\n")
                .append("<table>\n<caption>More thorough and strip searches of children by ethnic group (Wilson 95% intervals)</caption>\n")
                .append("<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">Searches</th>")
                .append("<th scope=\"col\" class=\"n\">Exposing intimate parts</th><th scope=\"col\" class=\"n\">Adult present</th>")
                .append("<th scope=\"col\" class=\"n\">Not present</th><th scope=\"col\" class=\"n\">Not recorded</th>")
                .append("<th scope=\"col\" class=\"n\">Share present</th><th scope=\"col\" class=\"n\">No further action</th>")
                .append("<th scope=\"col\" class=\"n\">Arrest</th></tr></thead>\n<tbody>\n");
        Map<String, long[]> byGroup = new LinkedHashMap<>();
        for (EthnicGroup g : EthnicGroup.values()) {
            byGroup.put(g.label(), new long[7]);
        }
        byGroup.put("Unknown", new long[7]);
        for (var cell : cells) {
            long[] c = byGroup.get(cell.group() == null ? "Unknown" : cell.group().label());
            c[0] += cell.events();
            c[1] += cell.power().equals("STRIP_SEARCH_INTIMATE_PARTS") ? cell.events() : 0;
            c[cell.appropriateAdult() == null ? 4 : cell.appropriateAdult() ? 2 : 3] += cell.events();
            c[5] += "NO_FURTHER_ACTION".equals(cell.outcome()) ? cell.events() : 0;
            c[6] += "ARREST".equals(cell.outcome()) ? cell.events() : 0;
        }
        byGroup.forEach((group, c) -> {
            if (c[0] == 0) {
                return;
            }
            long recorded = c[2] + c[3];
            String share = recorded == 0 ? "–" : percent(Rates.wilson(c[2], recorded));
            h.append("<tr><th scope=\"row\">").append(escape(group)).append("</th>");
            for (int i : new int[] {0, 1, 2, 3, 4}) {
                h.append("<td class=\"n\">").append(count(c[i])).append("</td>");
            }
            h.append("<td class=\"n\">").append(share).append("</td><td class=\"n\">").append(count(c[5])).append("</td><td class=\"n\">")
                    .append(count(c[6])).append("</td></tr>\n");
        });
        h.append("</tbody>\n</table>\n");
    }

    private static String percent(Estimate share) {
        return String.format(Locale.UK, "%.1f%% (%.1f%% to %.1f%%)", 100 * share.value(), 100 * share.interval().lower(),
                100 * share.interval().upper());
    }

    /** The funnel of the group with the most events, other than the reference group. */
    private Optional<Map.Entry<EthnicGroup, List<Findings.FunnelPoint>>>
            largestOtherThanReference(Map<EthnicGroup, List<Findings.FunnelPoint>> funnels) {
        return funnels.entrySet().stream().filter(e -> e.getKey() != analysis.reference() && !e.getValue().isEmpty())
                .max(Comparator.comparingLong(e -> e.getValue().stream().mapToLong(Findings.FunnelPoint::events).sum()));
    }

    /** A funnel and its table; {@code centre} is the rate per 1,000 the limits are around (null: of all the points together). */
    private static void funnelSection(StringBuilder h, String id, String heading, String mark, String explanation, String area,
                                      String population, String who, EthnicGroup group, List<Findings.FunnelPoint> points,
                                      Double centre) {
        h.append("<h2>").append(escape(heading)).append(mark).append("</h2>\n<p>").append(escape(explanation)).append("</p>\n")
                .append("<div class=\"figure\">\n").append(centre == null ? Charts.funnel(id, area.toLowerCase(Locale.UK), who, Analysis.funnel(group, points))
                        : Charts.funnel(id, area.toLowerCase(Locale.UK), who, Analysis.funnel(group, points), centre))
                .append("<table>\n<caption>Rates by ").append(area.toLowerCase(Locale.UK)).append(" with funnel limits</caption>\n<thead><tr>")
                .append("<th scope=\"col\">").append(area).append("</th><th scope=\"col\" class=\"n\">Events</th><th scope=\"col\" class=\"n\">")
                .append(population).append("</th><th scope=\"col\" class=\"n\">Rate per 1,000</th><th scope=\"col\" class=\"n\">")
                .append("95% limits</th><th scope=\"col\" class=\"n\">99.8% limits</th><th scope=\"col\">Outside</th></tr></thead>\n<tbody>\n");
        for (Findings.FunnelPoint p : points) {
            boolean outside = p.rate() > p.limits().upper998() || p.rate() < p.limits().lower998();
            h.append("<tr><th scope=\"row\">").append(escape(AreaNames.withCode(p.area()))).append("</th><td class=\"n\">").append(count(p.events()))
                    .append("</td><td class=\"n\">").append(String.format(Locale.UK, "%,.0f", p.population()))
                    .append("</td><td class=\"n\">").append(two(p.rate())).append("</td><td class=\"n\">")
                    .append(two(p.limits().lower95())).append(" to ").append(two(p.limits().upper95()))
                    .append("</td><td class=\"n\">").append(two(Math.max(0, p.limits().lower998()))).append(" to ")
                    .append(two(p.limits().upper998())).append("</td><td>").append(outside ? "yes" : "no").append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
    }

    /** The trend's numbers, period by period, with each period in {@code missing} listed as "no records held". */
    private static String trendTable(String caption, String period, List<Findings.Trend> trend, List<String> missing) {
        StringBuilder t = new StringBuilder("<table>\n<caption>").append(escape(caption)).append("</caption>\n")
                .append("<thead><tr><th scope=\"col\">").append(period).append("</th><th scope=\"col\">Group</th>")
                .append("<th scope=\"col\" class=\"n\">Events</th><th scope=\"col\" class=\"n\">Rate per 1,000</th></tr></thead>\n<tbody>\n");
        List<String> periods = Charts.calendar(Stream.concat(trend.stream().map(Findings.Trend::period),
                missing.stream()).distinct().sorted().toList());
        Set<String> noRecords = new HashSet<>(missing);
        List<Findings.Trend> rows = new ArrayList<>(trend);
        for (String gap : periods) {
            if (noRecords.contains(gap)) {
                rows.add(new Findings.Trend(gap, 0, null, 0, null));
            }
        }
        rows.sort(Comparator.comparingInt(r -> periods.indexOf(r.period())));
        for (Findings.Trend row : rows) {
            if (row.group() == null) {
                t.append("<tr><td>").append(escape(row.period())).append("</td><td colspan=\"3\">no records held</td></tr>\n");
                continue;
            }
            t.append("<tr><td>").append(escape(row.period())).append(period.equals("Quarter") && row.months() < 3
                    ? " (" + row.months() + (row.months() == 1 ? " month" : " months") + ")" : "")
                    .append("</td><th scope=\"row\">").append(escape(row.group().label()))
                    .append("</th><td class=\"n\">").append(count(row.events())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.UK, "%.3f (%.3f to %.3f)", row.rate().value(), row.rate().interval().lower(),
                            row.rate().interval().upper())).append("</td></tr>\n");
        }
        return t.append("</tbody>\n</table>\n").toString();
    }

    private static String percent(double share) {
        return String.format(Locale.UK, "%.1f%%", 100 * share);
    }

    private String firstArea() {
        return analysis.rows().isEmpty() ? "" : analysis.rows().get(0).areaCode();
    }

    /** The months with records held, or 0 when the analysis does not know them. */
    private int monthsHeld() {
        return analysis.period() == null ? 0 : analysis.period().held().size();
    }

    /** What a rate per 1,000 is over, and, when that is not a year, how the rate a year is made (DESIGN.md section 5). */
    private String rateMethod() {
        int months = monthsHeld();
        if (months == 0) {
            return "Rate per 1,000 = 1000 × events ÷ population, for the period (not annualised).";
        }
        String over = "Rate per 1,000 = 1000 × events ÷ population, over the " + months + (months == 1 ? " month" : " months")
                + " with records held (" + escape(AnalysisPeriod.months(analysis.period().held())) + ")";
        return months == 12 ? over + ", a year." : over + ", not a year; the rate per 1,000 a year beside it is 1000 × events ÷ "
                + "(population × " + months + " ÷ 12).";
    }

    /** The table of the chart; with a column of rates a year when {@code months} (held) is known and not 12. */
    private static String table(List<RateRow> rows, int months) {
        boolean perYear = months > 0 && months != 12;
        StringBuilder t = new StringBuilder("<table>\n<caption>Events, population, rates and ratios (the numbers of the chart)</caption>\n")
                .append("<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">Events</th><th scope=\"col\" class=\"n\">")
                .append("Population</th><th scope=\"col\" class=\"n\">Rate per 1,000</th>")
                .append(perYear ? "<th scope=\"col\" class=\"n\">Rate per 1,000 a year</th>" : "")
                .append("<th scope=\"col\" class=\"n\">Rate ratio</th>")
                .append("<th scope=\"col\" class=\"n\">95% interval</th><th scope=\"col\">Reliability</th></tr></thead>\n<tbody>\n");
        for (RateRow r : rows) {
            t.append("<tr><th scope=\"row\">").append(escape(r.group())).append("</th><td class=\"n\">").append(count(r.events()))
                    .append("</td><td class=\"n\">").append(r.population() == null ? "–" : String.format(Locale.UK, "%,.0f", r.population()))
                    .append("</td><td class=\"n\">").append(r.ratePerThousand() == null ? "–" : two(r.ratePerThousand()))
                    .append(!perYear ? "" : "</td><td class=\"n\">" + (r.ratePerThousand() == null ? "–" : two(Rates.perYear(r.ratePerThousand(), months))))
                    .append("</td><td class=\"n\">").append(r.rateRatio() == null ? "–" : two(r.rateRatio()))
                    .append("</td><td class=\"n\">").append(r.ciLower() == null ? "–" : two(r.ciLower()) + " to " + two(r.ciUpper()))
                    .append("</td><td>").append(escape(r.reliability())).append("</td></tr>\n");
        }
        return t.append("</tbody>\n</table>\n").toString();
    }

    /** "2.50 times the rate of ", or "about the same rate as " when the ratio rounds to 1.00. */
    private static String times(double ratio) {
        return two(ratio).equals("1.00") ? "about the same rate as " : two(ratio) + " times the rate of ";
    }

    /** A count as the public pages write it: 12,345. */
    private static String count(long value) {
        return String.format(Locale.UK, "%,d", value);
    }

    private static String two(double value) {
        return String.format(Locale.UK, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
