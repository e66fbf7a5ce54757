package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The monthly trend chart (the report's and the public page's) spaces months by calendar time and never
 * joins a line across a month without its point; the months missing from a period are shaded and named.
 * The SVG is parsed, and the positions of the line's points read from its path.
 */
class ChartingMonthsByCalendarTimeTest {

    static final List<String> HELD = List.of("2022-03", "2022-04", "2022-05", "2022-07", "2022-09");

    static List<SnapshotFindings.TrendPoint> rates() {
        List<SnapshotFindings.TrendPoint> rates = new ArrayList<>();
        for (int i = 0; i < HELD.size(); i++) {
            rates.add(SnapshotFindings.TrendPoint.ofMonth(HELD.get(i), "Black", 300 + i, 9 + i * 0.1, 8.5 + i * 0.1, 9.5 + i * 0.1));
            rates.add(SnapshotFindings.TrendPoint.ofMonth(HELD.get(i), "White", 400 + i, 4 + i * 0.1, 3.7 + i * 0.1, 4.3 + i * 0.1));
        }
        return rates;
    }

    static Document svg(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    /** The path's stretches, each a list of its points' x positions. */
    static List<List<Double>> stretches(Document svg, String id) {
        NodeList paths = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element path = (Element) paths.item(i);
            if (id.equals(path.getAttribute("id"))) {
                List<List<Double>> stretches = new ArrayList<>();
                for (String part : path.getAttribute("d").trim().split("M")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    List<Double> xs = new ArrayList<>();
                    for (String point : part.split("L")) {
                        xs.add(Double.parseDouble(point.trim().split(" ")[0]));
                    }
                    stretches.add(xs);
                }
                return stretches;
            }
        }
        throw new AssertionError("no path " + id + " in the chart");
    }

    static void spacedByCalendarTimeAndBrokenAtTheGaps(Document chart, String id) {
        List<List<Double>> black = stretches(chart, id);
        // March to May, then July, then September: three stretches, never joined across June or August
        assertThat(black).hasSize(3);
        assertThat(black.get(0)).hasSize(3);
        assertThat(black.get(1)).hasSize(1);
        assertThat(black.get(2)).hasSize(1);
        double month = black.get(0).get(1) - black.get(0).get(0);
        assertThat(month).isPositive();
        assertThat(black.get(0).get(2) - black.get(0).get(1)).isCloseTo(month, within(1.0));
        // May to July and July to September are two months apart, not one
        assertThat(black.get(1).get(0) - black.get(0).get(2)).isCloseTo(2 * month, within(1.0));
        assertThat(black.get(2).get(0) - black.get(1).get(0)).isCloseTo(2 * month, within(1.0));
    }

    @Test
    void the_public_trend_chart_spaces_months_by_calendar_time_and_leaves_the_gaps() throws Exception {
        Document chart = svg(Charts.trend("trend-month", "Searches per 1,000 by month", rates()));
        spacedByCalendarTimeAndBrokenAtTheGaps(chart, "trend-month-line-black");
        spacedByCalendarTimeAndBrokenAtTheGaps(chart, "trend-month-line-white");
    }

    @Test
    void the_months_missing_are_shaded_named_and_described() throws Exception {
        String text = Charts.trend("trend-month", "Searches per 1,000 by month", rates(), List.of("2022-06", "2022-08"));
        Document chart = svg(text);
        spacedByCalendarTimeAndBrokenAtTheGaps(chart, "trend-month-line-black");
        NodeList rects = chart.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        List<String> gaps = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").equals("no-records")) {
                gaps.add(rect.getTextContent());
            }
        }
        assertThat(gaps).containsExactly("2022-06: no records held", "2022-08: no records held");
        assertThat(chart.getElementsByTagNameNS("http://www.w3.org/2000/svg", "desc").item(0).getTextContent())
                .contains("spaced by calendar time", "No records are held for 2022-06, 2022-08: the chart leaves a gap there.");
    }

    @Test
    void a_missing_month_at_the_end_of_the_period_extends_the_axis() throws Exception {
        Document chart = svg(Charts.trend("t", "By month", rates().subList(0, 6), List.of("2022-06")));
        List<List<Double>> black = stretches(chart, "t-line-black");
        assertThat(black).hasSize(1);
        double month = black.get(0).get(1) - black.get(0).get(0);
        // March, April, May, and June missing after them: the plot's 470 pixels are three months wide
        assertThat(month).isCloseTo(470 / 3.0, within(1.0));
    }

    @Test
    void quarters_are_spaced_by_calendar_time_too() {
        assertThat(Charts.calendar(List.of("2021 Q4", "2022 Q2"))).containsExactly("2021 Q4", "2022 Q1", "2022 Q2");
        assertThat(Charts.calendar(List.of("2021-11", "2022-02"))).containsExactly("2021-11", "2021-12", "2022-01", "2022-02");
    }

    @Test
    void the_months_held_and_missing_are_said_in_words() {
        AnalysisPeriod period = AnalysisPeriod.of("metropolitan", YearMonth.of(2022, 3), YearMonth.of(2022, 9),
                HELD.stream().map(YearMonth::parse).toList());
        assertThat(period.describe()).isEqualTo("2022-03-01 to 2022-09-30 (months held: March to May, July and September 2022; "
                + "no records for June and August 2022)");
        assertThat(period.missing()).containsExactly(YearMonth.of(2022, 6), YearMonth.of(2022, 8));
        assertThat(AnalysisPeriod.months(List.of(YearMonth.of(2021, 11), YearMonth.of(2021, 12), YearMonth.of(2022, 1),
                YearMonth.of(2022, 4)))).isEqualTo("November 2021 to January 2022 and April 2022");
        assertThat(AnalysisPeriod.of("metropolitan", YearMonth.of(2022, 3), YearMonth.of(2022, 5),
                List.of(YearMonth.of(2022, 3), YearMonth.of(2022, 4), YearMonth.of(2022, 5))).describe())
                .isEqualTo("2022-03-01 to 2022-05-31 (months held: March to May 2022)");
    }
}
