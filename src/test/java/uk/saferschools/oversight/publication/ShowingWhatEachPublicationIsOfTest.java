package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * What a reader of a publication's page, its PDF and the list of publications is told of what it is of:
 * the months with no records named wherever its period is shown, its monthly figures kept with a gap, and
 * its figures from synthetic extended records marked "Synthetic" in each section and in the PDF.
 */
@OversightTest
class ShowingWhatEachPublicationIsOfTest {

    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Publications publications;

    private static final String RATES = "area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability\n"
            + "E23000001,Black,130,10000,13,2.6,2.1,3.2,reliable\n"
            + "E23000001,White,150,30000,5,1,,,reliable\n";

    private long published(String title) {
        StringBuilder trend = new StringBuilder();
        for (String month : List.of("2044-07", "2044-09")) {
            for (String group : List.of("Black", "White")) {
                trend.append(trend.isEmpty() ? "" : ",").append("""
                        {"month": "%s", "group": "%s", "events": 26, "rate_per_1000": 2.6, "ci_lower": 1.7, "ci_upper": 3.8}"""
                        .formatted(month, group));
            }
        }
        String results = """
                {"force": "metropolitan", "reference_group": "White", "months_held": ["2044-07", "2044-09"],
                 "months_missing": ["2044-08"], "trend": [%s],
                 "sso_counts": [{"group": "Black", "sso_events": 60, "other_events": 70, "sso_key": 1234567890, "other_key": 987654321},
                                {"group": "White", "sso_events": 50, "other_events": 100, "sso_key": 3000000000, "other_key": 42}],
                 "strip_searches": [{"power": "MORE_THOROUGH_SEARCH", "group": "Black", "appropriate_adult": true, "outcome": "ARREST", "events": 12,
                                     "cell_key": 2718281828},
                                    {"power": "MORE_THOROUGH_SEARCH", "group": "White", "appropriate_adult": false, "outcome": "NO_FURTHER_ACTION", "events": 14,
                                     "cell_key": 3141592653}],
                 "bwv_coverage": {"recorded": 200, "not_recorded": 70, "unknown": 10, "recorded_key": 11, "not_recorded_key": 2222222222,
                                  "unknown_key": 4000000000},
                 "extended_records_period": "2044-07-02 to 2044-09-28",
                 "extended_records_months": ["2044-07", "2044-09"],
                 "extended_records_synthetic": true}""".formatted(trend);
        long snapshot = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values (?, 'demo-analyst', 'children, self-defined ethnicity, reference White; force metropolitan',
                    '2044-07-01', '2044-09-30', 280, ?, ?, '<p>x</p>') returning id""")
                .params(title, RATES, results).query(Long.class).single();
        return publications.publish(snapshot, title, "A summary.", null, SECRETARIAT);
    }

    private String text(String path) throws Exception {
        var response = mvc.perform(get(path)).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString(StandardCharsets.UTF_8)).text();
    }

    @Test
    void the_months_with_no_records_are_named_on_the_page_in_the_pdf_and_in_the_list() throws Exception {
        long id = published("Godwit spring and summer 2044");
        String page = text("/publications/" + id);
        assertThat(page).contains("July to September 2044",
                "No records are held for August 2044: the figures are of July and September 2044 only.",
                "Month by month", "No records are held for August 2044, so there is no figure for",
                "2044-08 No records held for this month");
        assertThat(page).as("the monthly figures of the months held are shown, not dropped for the gap")
                .contains("2044-07 Black 26");
        var pdf = mvc.perform(get("/publications/" + id + ".pdf")).andReturn().getResponse();
        try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
            String printed = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(printed).contains("No records are held for August 2044", "No records held for this month");
        }
        String list = text("/publications");
        assertThat(list).contains("Godwit spring and summer 2044", "July to September 2044 (no records are held for August 2044)");
        String chart = mvc.perform(get("/publications/" + id)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(Jsoup.parse(chart).select("#trend-month-title, svg[aria-labelledby^=trend-month]")).isNotEmpty();
    }

    @Test
    void figures_from_synthetic_extended_records_are_marked_in_each_section_and_in_the_pdf() throws Exception {
        long id = published("Dunlin spring and summer 2044");
        var html = Jsoup.parse(mvc.perform(get("/publications/" + id)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(html.select("h2#strip-searches .govuk-tag").text()).isEqualTo("Synthetic");
        assertThat(html.select("h2#sso .govuk-tag").text()).isEqualTo("Synthetic");
        assertThat(html.text()).contains("which are synthetic: made up by the demonstration data generator");
        // and, being perturbed, each section says so
        assertThat(html.select("h2#strip-searches ~ p strong").eachText()).contains(PublishedTables.PERTURBED);
        assertThat(html.text()).doesNotContain("left out of this publication");
        var pdf = mvc.perform(get("/publications/" + id + ".pdf")).andReturn().getResponse();
        try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
            String printed = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(printed).contains("Strip searches and appropriate adults Synthetic",
                    "Safer Schools Officers and other officers Synthetic", "The figures in this section are synthetic",
                    PublishedTables.PERTURBED);
        }
    }
}
