package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A snapshot's page names its areas, with the ONS code beside the name, and shows counts with thousands
 * separators; its report opens in the browser, as a web page or a PDF, and each reading is recorded; after
 * a proposal to publish, the page says so at its top; the list of analyses shows each one's standing; and
 * the proposal box promises what a publication shows.
 */
@OversightTest
class ReadingASnapshotAndItsReportTest {

    static final String STYLE = "body{font-family:Arial}p{color:#0b0c0c}";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    long snapshot(String title) {
        return jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values (?, 'demo-analyst', 'children', date '2022-03-01', date '2022-09-30', 11451, ?, ?, ?) returning id""")
                .params(title, """
                        area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability
                        E23000001,Black,3149,319700,9.85,2.29,2.18,2.40,reliable
                        E09000002,Black,120,43615,2.75,1.5,1.2,1.9,reliable
                        """, """
                        {"period_from": "2022-03", "period_to": "2022-09", "force": "metropolitan",
                         "months_held": ["2022-03", "2022-04", "2022-05", "2022-07", "2022-09"],
                         "months_missing": ["2022-06", "2022-08"]}""",
                        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Report</title><style>" + STYLE
                                + "</style></head><body><main><h1>Stop and search – a report</h1><p>Findings</p></main></body></html>")
                .query(Long.class).single();
    }

    @Test
    void the_snapshot_names_boroughs_and_force_areas_and_shows_its_months_held_and_missing() throws Exception {
        long id = snapshot("Named areas, test");
        String page = PageRequests.page(mvc, "/analysis/" + id, SignIn.as(mvc, TestAccounts.MEMBER));
        assertThat(page).contains("Metropolitan Police area", "Barking and Dagenham", ">E09000002<", ">E23000001<",
                ">3,149<", ">319,700<", ">43,615<",
                "2022-03-01 to 2022-09-30 (months held: March to May, July and September 2022; no records for June and "
                        + "August 2022), 11,451 records",
                "The same report as a PDF");
        assertThat(PageRequests.page(mvc, "/analysis", SignIn.as(mvc, TestAccounts.MEMBER)))
                .contains("no records for June and August 2022");
    }

    @Test
    void the_report_opens_in_the_browser_as_html_or_pdf_and_each_reading_is_recorded() throws Exception {
        long id = snapshot("Report opened, test");
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        var html = mvc.perform(get("/analysis/" + id + "/report.html").cookie(member)).andExpect(status().isOk())
                .andReturn().getResponse();
        assertThat(html.getHeader("Content-Disposition")).startsWith("inline");
        assertThat(html.getContentType()).isEqualTo("text/html;charset=UTF-8");
        // its own style sheet may apply, and nothing else may load or run
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(STYLE.getBytes(StandardCharsets.UTF_8)));
        assertThat(html.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'; style-src 'sha256-" + hash
                + "'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(html.getContentAsString(StandardCharsets.UTF_8)).contains("Stop and search – a report");

        var pdf = mvc.perform(get("/analysis/" + id + "/report.pdf").cookie(member)).andExpect(status().isOk())
                .andReturn().getResponse();
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
        assertThat(pdf.getHeader("Content-Disposition")).isEqualTo("inline; filename=\"analysis-" + id + "-report.pdf\"");
        try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
            assertThat(new PDFTextStripper().getText(document)).contains("Stop and search – a report");
        }
        mvc.perform(get("/analysis/" + id + "/report.pdf").cookie(SignIn.as(mvc, TestAccounts.LIAISON)))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("select actor || ' ' || after_summary from audit_entry "
                        + "where action = 'ANALYSIS_SNAPSHOT_DOWNLOADED' and subject = ? order by sequence_no")
                .param("analysis:" + id).query(String.class).list()).containsExactly(
                "demo-member report.html of Report opened, test", "demo-member report.pdf of Report opened, test");
    }

    @Test
    void after_a_proposal_the_page_says_so_at_its_top_and_the_list_shows_each_analysis_standing() throws Exception {
        long proposed = snapshot("Proposed at the top, test");
        long untouched = snapshot("Not proposed, test");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String before = PageRequests.page(mvc, "/analysis/" + proposed, analyst);
        assertThat(before).doesNotContain("govuk-notification-banner")
                .contains("borough by borough", "boroughs.csv", "The public never sees the records.")
                .doesNotContain("nor figures for boroughs");

        assertThat(PageRequests.postAs(mvc, analyst, "/analysis/" + proposed + "/propose", 302, "title", "Children searched, 2022",
                "reasons", "Stable across the months held.")).isEqualTo("/analysis/" + proposed);
        String after = PageRequests.page(mvc, "/analysis/" + proposed, analyst);
        int banner = after.indexOf("govuk-notification-banner");
        assertThat(banner).as("a notification banner").isPositive().isLessThan(after.indexOf("<h1"));
        assertThat(after.substring(banner, after.indexOf("<h1"))).contains("Proposed for publication by demo-analyst on ",
                "as “Children searched, 2022”. The secretariat will publish it or say why not.");

        String list = PageRequests.page(mvc, "/analysis", analyst);
        String proposedRow = list.substring(list.indexOf("Proposed at the top, test"));
        assertThat(proposedRow.substring(0, proposedRow.indexOf("</tr>"))).contains(">Proposed<");
        String untouchedRow = list.substring(list.indexOf("Not proposed, test"));
        assertThat(untouchedRow.substring(0, untouchedRow.indexOf("</tr>"))).contains(">Not proposed<");
        assertThat(untouched).isNotEqualTo(proposed);
    }
}
