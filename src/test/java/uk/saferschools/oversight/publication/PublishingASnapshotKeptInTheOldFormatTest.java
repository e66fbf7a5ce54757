package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.jsoup.Jsoup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A snapshot kept before results.json had a format version (its rates.csv, results.json and report, as
 * the code of then wrote them for the demonstration analysis of children) publishes exactly the figures,
 * tables and charts that code published from it, which were kept beside it; and so does the same analysis
 * written in the current format, which reads back as what was written.
 * <p>
 * Except the figures from the extended records (strip searches and appropriate adults, Safer Schools Officers
 * against other officers, body-worn video): these are now published only perturbed by their cell keys (ADR
 * 0017), which a snapshot kept before format 4 does not have, so they are withheld with a sentence rather than
 * published unperturbed. The kept page ({@code published/publication.html}) was updated for exactly that: the
 * warning and the withheld sentence in the strip-search and SSO sections in place of their tables, charts and
 * CSV links, and no line on the extended records' source; the strip-search and SSO CSVs, which that code
 * published, are no longer published (404). Every other figure, table, CSV, API answer and the rest of the
 * page are compared byte for byte with what the code of then published.
 */
@OversightTest
class PublishingASnapshotKeptInTheOldFormatTest {

    private static final String KEPT = "/kept-snapshots/before-format-version/";
    private static final Actor SECRETARIAT = new Actor("demo-secretariat", "SECRETARIAT");
    /** The tables from the police.uk records, published as before. */
    private static final List<String> TABLES = List.of("boroughs", "decision-points");
    /** The tables from the extended records, which the old snapshot has no cell keys for: withheld. */
    private static final List<String> EXTENDED_TABLES = List.of("strip-searches", "sso");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Publications publications;
    @Autowired
    AuditTrail auditTrail;

    @Test
    void a_snapshot_kept_in_the_old_format_publishes_the_same_figures_as_before() throws Exception {
        assertThat(kept("results.json")).doesNotContain("format_version");
        assertPublishesAsBefore(keep(kept("rates.csv"), kept("results.json")));
    }

    @Test
    void the_same_analysis_in_the_current_format_publishes_the_same_figures_without_its_rates_csv() throws Exception {
        String current = SnapshotFindings.read(kept("rates.csv"), kept("results.json")).json();
        assertThat(current).containsPattern("\"format_version\"\\s*:\\s*" + SnapshotFindings.FORMAT_VERSION);
        // rates.csv stays a download, but is not read back: a changed column would not move a published figure
        String shifted = kept("rates.csv").replace(",reliable", ",suppressed").replace("E23000001,", "E23000002,");
        assertPublishesAsBefore(keep(shifted, current));
    }

    @Test
    void the_current_format_reads_back_as_written() throws IOException {
        SnapshotFindings old = SnapshotFindings.read(kept("rates.csv"), kept("results.json"));
        SnapshotFindings back = SnapshotFindings.read("", old.json());
        assertThat(back).isEqualTo(old);
        assertThat(back.rows()).hasSize(198);
        assertThat(back.areaName("E09000022")).isEqualTo("Lambeth");
        assertThat(back.trend()).isNotEmpty();
        assertThat(back.stripSearches()).isNotEmpty();
        assertThat(back.bwvCoverage()).isNotNull();
        assertThat(back.schoolFunnel().points()).isNotEmpty();
    }

    @Test
    void an_analysis_kept_now_is_in_the_current_format_and_reads_back_as_written() {
        String json = jdbc.sql("select results_json from analysis_snapshot where demonstration order by id limit 1")
                .query(String.class).single();
        SnapshotFindings kept = SnapshotFindings.read("", json);
        assertThat(kept.formatVersion()).isEqualTo(SnapshotFindings.FORMAT_VERSION);
        assertThat(kept.rows()).isNotEmpty();
        assertThat(SnapshotFindings.read("", kept.json())).isEqualTo(kept);
    }

    private void assertPublishesAsBefore(long snapshot) throws Exception {
        Properties about = about();
        // published before fixed reporting periods: March to May 2022 is no longer a period the secretariat can
        // publish (ReportingPeriods), so the publication is kept as it was made then
        long id = jdbc.sql("insert into publication (analysis_snapshot_id, title, summary, published_by, demonstration) "
                        + "values (?, ?, ?, ?, true) returning id")
                .params(snapshot, about.getProperty("publication_title"), about.getProperty("summary"), SECRETARIAT.name())
                .query(Long.class).single();
        auditTrail.record(SECRETARIAT, "ANALYSIS_PUBLISHED", "publication:" + id, null, "analysis:" + snapshot); // moves the public version
        assertSameColumnsAsBefore(anonymous("/publications/" + id + ".csv"), expected("figures.csv"));
        for (String table : TABLES) {
            assertSameColumnsAsBefore(anonymous("/publications/" + id + "/" + table + ".csv"), expected(table + ".csv"));
        }
        for (String table : EXTENDED_TABLES) {
            mvc.perform(get("/publications/" + id + "/" + table + ".csv")).andExpect(status().isNotFound());
        }
        JsonNode figures = JSON.readTree(anonymous("/api/v1/publications/" + id + "/figures"));
        JsonNode before = JSON.readTree(expected("api-figures.json"));
        assertThat(figures.size()).isEqualTo(before.size());
        for (int i = 0; i < figures.size(); i++) {
            ObjectNode figure = (ObjectNode) figures.get(i);
            // issue 14 added what each rate is over, its rate a year and the ages: 0 to 17, as every analysis then
            assertThat(figure.remove("ages").asString()).isEqualTo("0-17");
            assertThat(figure.remove("months_held").asString()).isEqualTo("3");
            figure.remove("rate_per_1000_a_year");
            assertThat(figure).as("figure %d", i).isEqualTo(before.get(i));
        }
        assertThat(findings(anonymous("/publications/" + id), id))
                .isEqualTo(findings(expected("publication.html"), Long.parseLong(about.getProperty("pid"))));
        String analysis = PageRequests.page(mvc, "/analysis/" + snapshot, SignIn.as(mvc, TestAccounts.ANALYST));
        assertThat(rates(analysis)).isEqualTo(rates(expected("analysis.html")));
    }

    /**
     * A CSV as published now against the same CSV as published before issue 14, which added columns at the end
     * (the months the rates are over, the ages): every line is as it was, then the new columns.
     */
    private static void assertSameColumnsAsBefore(String now, String before) {
        List<String> lines = now.lines().toList();
        List<String> linesBefore = before.lines().toList();
        assertThat(lines).hasSameSizeAs(linesBefore);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).startsWith(linesBefore.get(i) + ",");
        }
        assertThat(lines.get(0)).endsWith(",months_held,ages");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private long keep(String rates, String results) throws IOException {
        Properties about = about();
        return jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html, demonstration)
                values (?, 'demo-analyst', ?, ?, ?, ?, ?, ?, ?, true) returning id""")
                .params(about.getProperty("title"), about.getProperty("settings"), LocalDate.parse(about.getProperty("period_from")),
                        LocalDate.parse(about.getProperty("period_to")), Long.parseLong(about.getProperty("records")), rates, results,
                        kept("report.html"))
                .query(Long.class).single();
    }

    /** The publication's page without what differs between two publications of the same analysis: its id and date. */
    private static String findings(String page, long id) {
        Element main = Jsoup.parse(page).selectFirst("main");
        main.select("p.govuk-body-s").stream().filter(p -> p.text().startsWith("Published ")).forEach(Element::remove);
        // the findings of body-worn video reviews of the same months, published on their own since (issue 15), are not
        // the snapshot's: they are left out of the comparison, up to their last paragraph (the link to their CSV)
        main.select("a[href=#bwv-reviews]").forEach(a -> a.parent().remove());
        Element reviews = main.selectFirst("h2#bwv-reviews");
        while (reviews != null) {
            Element next = reviews.nextElementSibling();
            boolean last = reviews.is("p") && reviews.text().contains("findings as CSV");
            reviews.remove();
            reviews = last ? null : next;
        }
        return main.outerHtml().replaceAll("[ \t]+\n", "\n").replace("/publications/" + id + ".", "/publications/ID.")
                .replace("/publications/" + id + "/", "/publications/ID/");
    }

    /** The snapshot page's table of rates and ratios. */
    private static String rates(String page) {
        Document document = Jsoup.parse(page);
        return document.select("table").stream().filter(t -> t.text().contains("Rates and rate ratios")).findFirst()
                .orElseThrow().outerHtml();
    }

    private String anonymous(String path) throws Exception {
        return PageRequests.page(mvc, path, null);
    }

    private static Properties about() throws IOException {
        Properties about = new Properties();
        try (InputStream in = PublishingASnapshotKeptInTheOldFormatTest.class.getResourceAsStream(KEPT + "snapshot.properties")) {
            about.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return about;
    }

    private static String kept(String file) throws IOException {
        try (InputStream in = PublishingASnapshotKeptInTheOldFormatTest.class.getResourceAsStream(KEPT + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String expected(String file) throws IOException {
        return kept("published/" + file);
    }
}
