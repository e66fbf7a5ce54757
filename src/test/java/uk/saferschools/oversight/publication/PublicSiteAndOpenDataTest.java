package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.panel.Members;
import uk.saferschools.oversight.statistics.PerturbationTable;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The public site's contract addresses answer everyone; the FOI page answers the five questions from the
 * database; the open data API serves published content only, disclosure-controlled, as JSON or CSV,
 * described by its OpenAPI document; responses carry ETags.
 */
@OversightTest
class PublicSiteAndOpenDataTest {

    static final List<String> CONTRACT = List.of("/", "/about", "/terms-of-reference", "/members", "/meetings", "/recommendations",
            "/data", "/scrutiny", "/publications", "/schedule", "/documents", "/questions", "/api/v1/openapi.json", "/api");
    static final List<String> ENDPOINTS = List.of("/api/v1/publications", "/api/v1/recommendations", "/api/v1/meetings",
            "/api/v1/members", "/api/v1/scrutiny/findings");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Members panelMembers;

    final JsonMapper json = JsonMapper.builder().build();

    String anonymous(String path) throws Exception {
        return mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void every_contract_address_answers_an_anonymous_visitor() throws Exception {
        for (String path : CONTRACT) {
            assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus()).as(path).isEqualTo(200);
        }
    }

    @Test
    void the_questions_page_answers_the_five_questions_from_the_database() throws Exception {
        String page = anonymous("/questions");
        var state = jdbc.sql("select state from tor_version order by number desc limit 1").query(String.class).optional();
        if (jdbc.sql("select exists (select 1 from tor_version where state = 'APPROVED')").query(Boolean.class).single()) {
            assertThat(page).contains("terms of reference were approved on");
        } else if (state.isPresent()) {
            assertThat(page).contains("The terms of reference are not approved yet: they are a draft (version");
        }
        for (String organisation : jdbc.sql("select distinct o.name from organisation o join panel_member m on m.organisation_id = o.id "
                + "where m.term_from <= current_date and (m.term_to is null or m.term_to >= current_date)").query(String.class).list()) {
            assertThat(page).contains(organisation.replace("'", "&#39;"));
        }
        for (LocalDate due : jdbc.sql("select due_on from publication_schedule where published_on is null").query(LocalDate.class).list()) {
            assertThat(page).contains("by " + due);
        }
        // body-worn video coverage as of the latest publication of children (not live: its changes would be readable)
        String results = jdbc.sql("""
                select s.results_json from analysis_snapshot s join publication p on p.analysis_snapshot_id = s.id
                where s.settings like 'children%' order by p.published_at desc, p.id desc limit 1""").query(String.class).single();
        // as published: perturbed by its cell key, as every count from the extended records
        JsonNode bwv = json.readTree(results).get("bwv_coverage");
        long recorded = PerturbationTable.PUBLISHED.perturbed(bwv.get("recorded").asLong(), bwv.get("recorded_key").asLong());
        long expected = jdbc.sql("select count(*) from power_use where bwv_recorded and (age_years < 18 or age_band in ('under 10', '10-17'))")
                .query(Long.class).single();
        assertThat(recorded).as("the demonstration publication counted what the demonstration records hold").isPositive();
        String shown = String.format(Locale.UK, "%,d", recorded);
        assertThat(page).contains("body-worn video was recording at " + shown + " (");
        assertThat(anonymous("/scrutiny")).contains("body-worn video was recording at " + shown + " (");
        assertThat(expected).isGreaterThanOrEqualTo(bwv.get("recorded").asLong());
        assertThat(Math.abs(recorded - bwv.get("recorded").asLong())).isLessThanOrEqualTo(PerturbationTable.PUBLISHED.maximumChange());
    }

    @Test
    void the_public_header_leads_to_the_data_the_publications_and_the_meetings() throws Exception {
        var header = Jsoup.parse(anonymous("/")).select("nav[aria-label=Menu] a");
        assertThat(header.eachAttr("href")).contains("/data", "/publications", "/meetings", "/recommendations", "/search");
    }

    @Test
    void the_questions_page_claims_only_what_the_data_supports() throws Exception {
        String page = Jsoup.parse(anonymous("/questions")).text();
        assertThat(page).doesNotContain("Its term is set out in the terms of reference");
        // one definition of a member, the quorum's: the chair and members, not the secretariat or the police liaison
        long members = panelMembers.servingOn(LocalDate.now(LondonTime.LONDON), true).stream()
                .filter(m -> m.role().countsForQuorum()).count();
        assertThat(members).isLessThan(panelMembers.servingOn(LocalDate.now(LondonTime.LONDON), true).size());
        assertThat(page).contains(members + " members serve today (the chair and members, who make up the quorum)");
        assertThat(page).contains("Also serving the panel, but not its members:");
        // the monitored data has dates, and policy documents are not claimed for any paper
        assertThat(page).containsPattern("The data monitored so far: the latest publication of children, .+, covers \\w+ (to \\w+ )?\\d{4}");
        assertThat(page).contains("No police policy or guidance on Safer Schools Officers has been published here yet");
        // body-worn video: said to be of all officers, never passed off as the SSOs' alone
        assertThat(page).contains("does not yet publish body-worn video coverage for Safer Schools Officers alone");
    }

    @Test
    void the_dashboard_and_downloads_show_only_disclosure_controlled_figures() throws Exception {
        String data = anonymous("/data");
        assertThat(data).contains("Children stopped and searched, by ethnic group (demonstration)", "role=\"img\"",
                "Open Government Licence");
        long id = jdbc.sql("select id from publication where title = 'Children stopped and searched, by ethnic group (demonstration)'")
                .query(Long.class).single();
        String csv = anonymous("/publications/" + id + ".csv");
        assertThat(csv).startsWith("area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability,"
                + "rate_per_1000_a_year,months_held,ages\n");
        assertThat(csv.lines().skip(1)).allSatisfy(line -> assertThat(line).as("April to June, with no records in June").endsWith("\"2\",\"10-17\""));
        for (String line : csv.lines().skip(1).toList()) {
            String events = line.split(",", -1)[2].replace("\"", "");
            assertThat(events.equals("[c]") || Long.parseLong(events) == 0 || Long.parseLong(events) >= 5).as(line).isTrue();
        }
        assertThat(data).contains("Borough by borough", "From search to strip search", "Strip searches and appropriate adults",
                "Safer Schools Officers and other officers", "funnel-boroughs-title", "chain-title", "strip-search-adults-title",
                "sso-ratios-title");
        JsonNode results = json.readTree(jdbc.sql("""
                select s.results_json from analysis_snapshot s join publication p on p.analysis_snapshot_id = s.id
                where p.title = 'Children stopped and searched, by ethnic group (demonstration)'""").query(String.class).single());
        String period = results.get("extended_records_period").asString();
        assertThat(period).matches("\\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}");
        assertThat(data).as("the extended records' own dates are given").contains("These extended records are dated " + period);
        // police.uk tables: [c] for every count of 1 to 4
        for (String table : List.of("boroughs", "decision-points")) {
            String tableCsv = anonymous("/publications/" + id + "/" + table + ".csv");
            assertThat(tableCsv.lines().count()).as(table).isGreaterThan(2);
            List<String> header = List.of(tableCsv.lines().findFirst().orElseThrow().split(","));
            assertThat(header).endsWith("months_held", "ages");
            for (String line : tableCsv.lines().skip(1).toList()) {
                String[] cells = line.split(",", -1);
                // every cell but the months the rates are over, which is no count of anyone
                for (int i = 0; i < header.indexOf("months_held"); i++) {
                    String value = cells[i].replace("\"", "");
                    if (value.matches("\\d+")) {
                        assertThat(Long.parseLong(value) == 0 || Long.parseLong(value) >= 5).as(table + ": " + line).isTrue();
                    }
                }
            }
        }
        // extended-record tables: every count perturbed, as the table gives it for its count and cell key, and so no 1 or 2
        assertEveryCountPerturbed(anonymous("/publications/" + id + "/strip-searches.csv"), stripSearchCells(results));
        assertEveryCountPerturbed(anonymous("/publications/" + id + "/sso.csv"), ssoCells(results));
        mvc.perform(get("/publications/" + id + "/nothing.csv")).andExpect(status().isNotFound());
        var pdf = mvc.perform(get("/publications/" + id + ".pdf")).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
        try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("Children stopped and searched, by ethnic group (demonstration)", "Borough by borough",
                    "Strip searches and appropriate adults", "Open Government Licence");
        }
        assertThat(data).contains("/publications/" + id + ".pdf");
        JsonNode figures = json.readTree(anonymous("/api/v1/publications/" + id + "/figures"));
        assertThat(figures.size()).isGreaterThan(1);
        assertThat(figures.get(0).get("area_code").asString()).isEqualTo("E23000001");
        // each figure says what its rate is over and of which ages, and gives it a year
        for (JsonNode f : figures) {
            assertThat(f.get("months_held").asString()).isEqualTo("2");
            assertThat(f.get("ages").asString()).isEqualTo("10-17");
            if (!f.get("rate_per_1000").asString().isEmpty()) {
                assertThat(Double.parseDouble(f.get("rate_per_1000_a_year").asString()))
                        .isCloseTo(Double.parseDouble(f.get("rate_per_1000").asString()) * 12 / 2, within(1e-9));
            }
        }
    }

    @Test
    void unpublished_content_cannot_be_reached_through_any_endpoint_or_format() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        List<String> secrets = new ArrayList<>();
        secrets.add("Zebrafinch draft recommendation");
        postAs(mvc, member, "/panel/recommendations", 302, "title", secrets.get(0), "body", "x");
        secrets.add("Marmoset agreed recommendation");
        String agreed = postAs(mvc, member, "/panel/recommendations", 302, "title", secrets.get(1), "body", "x");
        postAs(mvc, chair, agreed + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, agreed, chair), "version"));
        secrets.add("Ocelot draft minutes");
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Open data test meeting", "date", "2027-05-01",
                "time", "18:00", "place", "Online");
        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", secrets.get(2));
        secrets.add("Axolotl unpublished analysis");
        long snapshot = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values (?, 'demo-analyst', 'children', 3,
                        'area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability' || chr(10)
                        || 'E23000001,Black,3,1000,,,,,suppressed', '{"force": "metropolitan"}', '<p>x</p>') returning id""").param(secrets.get(3))
                .query(Long.class).single();
        secrets.add("Pangolin unconfirmed declaration");
        long someone = jdbc.sql("select min(id) from panel_member").query(Long.class).single();
        postAs(mvc, secretariat, "/panel/members/" + someone + "/declarations", 302, "text", secrets.get(4), "declaredOn",
                LocalDate.now().toString());

        List<String> responses = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            responses.add(anonymous(endpoint));
            responses.add(anonymous(endpoint + ".csv"));
            responses.add(mvc.perform(get(endpoint).header("Accept", "text/csv")).andReturn().getResponse().getContentAsString());
        }
        for (long publication : jdbc.sql("select id from publication").query(Long.class).list()) {
            responses.add(anonymous("/api/v1/publications/" + publication + "/figures"));
            responses.add(anonymous("/api/v1/publications/" + publication + "/figures.csv"));
            responses.add(anonymous("/publications/" + publication));
            responses.add(anonymous("/publications/" + publication + ".csv"));
            for (String table : List.of("boroughs", "decision-points", "strip-searches", "sso")) {
                responses.add(mvc.perform(get("/publications/" + publication + "/" + table + ".csv")).andReturn().getResponse()
                        .getContentAsString());
            }
        }
        for (String page : List.of("/data", "/publications", "/questions", "/documents", "/members", "/meetings", "/recommendations")) {
            responses.add(anonymous(page));
        }
        for (String response : responses) {
            for (String secret : secrets) {
                assertThat(response).doesNotContain(secret);
            }
        }
        long unpublishedId = jdbc.sql("select coalesce(max(id), 0) + 1000 from publication").query(Long.class).single();
        mvc.perform(get("/api/v1/publications/" + unpublishedId + "/figures")).andExpect(status().isNotFound());
        for (String suffix : List.of("", ".csv", ".pdf", "/boroughs.csv", "/decision-points.csv", "/strip-searches.csv", "/sso.csv")) {
            mvc.perform(get("/publications/" + unpublishedId + suffix)).andExpect(status().isNotFound());
        }
        assertThat(snapshot).isPositive();
    }

    @Test
    void the_openapi_document_describes_every_endpoint_and_field_and_the_api_page_explains_them() throws Exception {
        JsonNode spec = json.readTree(anonymous("/api/v1/openapi.json"));
        String page = anonymous("/api");
        Map<String, String> schemaOf = Map.of("/api/v1/publications", "Publication", "/api/v1/recommendations", "Recommendation",
                "/api/v1/meetings", "Meeting", "/api/v1/members", "Member", "/api/v1/scrutiny/findings", "ScrutinyFinding");
        for (String endpoint : ENDPOINTS) {
            assertThat(spec.get("paths").has(endpoint)).as(endpoint).isTrue();
            JsonNode properties = spec.get("components").get("schemas").get(schemaOf.get(endpoint)).get("properties");
            List<String> documented = new ArrayList<>(properties.propertyNames());
            JsonNode answer = json.readTree(anonymous(endpoint));
            assertThat(answer.size()).as(endpoint + " has demonstration content").isPositive();
            assertThat(new ArrayList<>(answer.get(0).propertyNames())).as(endpoint).containsExactlyElementsOf(documented);
            for (String field : documented) {
                assertThat(page).contains("<code>" + field + "</code>");
            }
        }
        assertThat(spec.get("paths").has("/api/v1/publications/{id}/figures")).isTrue();
    }

    @Test
    void public_answers_carry_an_etag_and_an_unchanged_one_is_not_sent_again() throws Exception {
        var first = mvc.perform(get("/api/v1/recommendations")).andExpect(status().isOk()).andReturn().getResponse();
        String etag = first.getHeader("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.getHeader("Cache-Control")).contains("max-age=60");
        mvc.perform(get("/api/v1/recommendations").header("If-None-Match", etag)).andExpect(status().isNotModified());
    }

    @Autowired
    Publications publications;

    @Test
    void the_monthly_trend_shows_a_group_only_when_every_month_has_ten_or_more_events() {
        long snapshot = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values ('Trend test', 'demo-analyst', 'all ages, self-defined ethnicity', '2023-01-01', '2023-03-31', 80,
                    'area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability', ?, '<p>x</p>')
                returning id""").param("""
                {"force": "metropolitan", "months_held": ["2023-01", "2023-02"], "months_missing": ["2023-03"], "trend": [
                  {"month": "2023-01", "group": "Black", "events": 20, "rate_per_1000": 2.0, "ci_lower": 1.2, "ci_upper": 3.1},
                  {"month": "2023-02", "group": "Black", "events": 12, "rate_per_1000": 1.2, "ci_lower": 0.6, "ci_upper": 2.1},
                  {"month": "2023-01", "group": "White", "events": 25, "rate_per_1000": 0.5, "ci_lower": 0.3, "ci_upper": 0.7}
                ]}""").query(Long.class).single();
        long id = publications.publish(snapshot, "Trend test publication", "Summary.", null,
                new Actor("demo-secretariat", "SECRETARIAT"));
        var trend = publications.trend(publications.byId(id).orElseThrow());
        // White has no entry for February (under 10 events): its January figure would give February away
        assertThat(trend).extracting(SnapshotFindings.TrendPoint::group).containsExactly("Black", "Black");
        assertThat(trend.get(1).events()).isEqualTo(12);
    }

    @Test
    void only_the_secretariat_publishes_and_schedules() throws Exception {
        long snapshot = jdbc.sql("select max(id) from analysis_snapshot").query(Long.class).single();
        postAs(mvc, SignIn.as(mvc, TestAccounts.MEMBER), "/manage/publications", 403, "snapshot", Long.toString(snapshot), "title", "x",
                "summary", "y");
        postAs(mvc, SignIn.as(mvc, TestAccounts.ANALYST), "/manage/schedule", 403, "title", "x", "dueOn", "2027-01-01");
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String back = postAs(mvc, secretariat, "/manage/publications", 302, "snapshot", Long.toString(snapshot), "title", "", "summary", "y");
        assertThat(back).isEqualTo("/analysis/" + snapshot);
        postAs(mvc, secretariat, "/manage/schedule", 302, "title", "Annual report", "dueOn", "2027-06-30");
        assertThat(anonymous("/schedule")).contains("Annual report", "2027-06-30");
    }

    /**
     * Each extended-record CSV line's counts (its first four columns after the group, where numbers) against the
     * cells they are of: a count is its cells' events summed, perturbed by their keys summed, as the perturbation
     * table gives; never 1 or 2, never [c], and every line says the figures have small changes, and of which ages.
     */
    private static void assertEveryCountPerturbed(String csv, Map<String, List<long[]>> cells) {
        List<String> lines = csv.lines().skip(1).toList();
        assertThat(lines).isNotEmpty();
        int checked = 0;
        for (String line : lines) {
            List<String> values = new ArrayList<>();
            Matcher cell = Pattern.compile("\"((?:[^\"]|\"\")*)\"").matcher(line);
            while (cell.find()) {
                values.add(cell.group(1));
            }
            assertThat(values).as(line).doesNotContain("[c]", "1", "2").endsWith(PublishedTables.PERTURBED, "10-17");
            for (int column = 1; column < values.size(); column++) {
                List<long[]> of = cells.get(values.get(0) + "|" + column);
                if (of != null) {
                    long events = of.stream().mapToLong(c -> c[0]).sum();
                    long key = Math.floorMod(of.stream().mapToLong(c -> c[1]).sum(), PerturbationTable.KEY_MODULUS);
                    assertThat(values.get(column)).as(line + ", column " + column)
                            .isEqualTo(Long.toString(PerturbationTable.PUBLISHED.perturbed(events, key)));
                    checked++;
                }
            }
        }
        assertThat(checked).as("counts checked against their cells").isGreaterThan(lines.size());
    }

    /**
     * The strip-search cells of results.json (events, cell key) by the CSV line and column each is counted in:
     * group by adult present (1), not present (2), not recorded (3) and in all (4), the line "All" likewise, and
     * each outcome's line (4).
     */
    private static Map<String, List<long[]>> stripSearchCells(JsonNode results) {
        Map<String, List<long[]>> cells = new HashMap<>();
        for (JsonNode c : results.get("strip_searches")) {
            long[] cell = {c.get("events").asLong(), c.get("cell_key").asLong()};
            JsonNode adult = c.get("appropriate_adult");
            int column = adult == null || adult.isNull() ? 3 : adult.asBoolean() ? 1 : 2;
            JsonNode outcome = c.get("outcome");
            String outcomeLine = "Outcome: " + (outcome == null || outcome.isNull() ? "Outcome not recorded"
                    : outcome.asString().equals("NO_FURTHER_ACTION") ? "No further action"
                    : outcome.asString().equals("ARREST") ? "Arrest" : "Another outcome");
            for (String key : List.of(c.get("group").asString() + "|" + column, c.get("group").asString() + "|4", "All|" + column,
                    "All|4", outcomeLine + "|4")) {
                cells.computeIfAbsent(key, k -> new ArrayList<>()).add(cell);
            }
        }
        return cells;
    }

    /** The SSO counts of results.json by line and column: with an SSO (1), other officers (2), each line "All" too. */
    private static Map<String, List<long[]>> ssoCells(JsonNode results) {
        Map<String, List<long[]>> cells = new HashMap<>();
        for (JsonNode c : results.get("sso_counts")) {
            for (String line : List.of(c.get("group").asString(), "All")) {
                cells.computeIfAbsent(line + "|1", k -> new ArrayList<>()).add(new long[] {c.get("sso_events").asLong(),
                        c.get("sso_key").asLong()});
                cells.computeIfAbsent(line + "|2", k -> new ArrayList<>()).add(new long[] {c.get("other_events").asLong(),
                        c.get("other_key").asLong()});
            }
        }
        return cells;
    }
}
