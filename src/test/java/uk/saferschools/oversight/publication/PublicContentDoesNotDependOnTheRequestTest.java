package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;

/**
 * What an anonymous visitor is sent, and what is kept and shared with the next one, does not depend on
 * anything in the request that the visitor chooses: not the language, nor the host or forwarded headers,
 * nor a repeated Accept header, nor a query string. Run behind a proxy as the README advises (forwarded
 * headers read by the framework), with a configured site address.
 */
@OversightTest
@TestPropertySource(properties = {"server.forward-headers-strategy=framework", "oversight.site-url=" + PublicContentDoesNotDependOnTheRequestTest.SITE})
class PublicContentDoesNotDependOnTheRequestTest {

    static final String SITE = "https://oversight.example.org";
    private static final Actor SECRETARIAT = new Actor("demo-secretariat", "SECRETARIAT");
    /** A number written with a decimal comma and two decimals, as de-DE writes 2.22. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile(">\\s*-?\\d+,\\d{2}(\\s|<| to )");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Publications publications;
    @Autowired
    PublishedContentCache cache;
    @Autowired
    FilterRegistrationBean<AnonymousResponseCache.Filter> anonymousAnswersFilter;

    final JsonMapper json = JsonMapper.builder().build();

    /**
     * A change to public content, so that whatever is asked next is made afresh; then the second in which
     * answers are not kept (Last-Modified is left out within the second of a change) is waited out.
     */
    private void publicContentChanges() throws Exception {
        publications.schedule("Request independence check " + System.nanoTime(), "", LocalDate.now().plusMonths(2), SECRETARIAT);
        Thread.sleep(1_100);
    }

    private long latestChildrenPublication() {
        return jdbc.sql("""
                select p.id from publication p join analysis_snapshot s on s.id = p.analysis_snapshot_id
                where s.settings like 'children%' order by p.published_at desc, p.id desc limit 1""").query(Long.class).single();
    }

    /** A rate ratio the dashboard shows, as en-GB writes it with two decimals. */
    private String aRatioInEnglish(long publication) throws Exception {
        for (JsonNode figure : json.readTree(mvc.perform(get("/api/v1/publications/" + publication + "/figures"))
                .andReturn().getResponse().getContentAsString())) {
            JsonNode ratio = figure.get("rate_ratio");
            JsonNode lower = figure.get("ci_lower");
            if (ratio != null && !ratio.isNull() && !ratio.asString().isBlank() && lower != null && !lower.isNull()
                    && !lower.asString().isBlank()) {
                // the double's own value, rounded as DecimalFormat rounds it
                return new BigDecimal(Double.parseDouble(ratio.asString())).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
            }
        }
        throw new AssertionError("The dashboard shows no rate ratio");
    }

    private String pdfText(MockHttpServletResponse pdf) throws Exception {
        assertThat(pdf.getStatus()).isEqualTo(200);
        try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    private List<String> pdfLinks(MockHttpServletResponse pdf) throws Exception {
        List<String> links = new ArrayList<>();
        try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
            for (PDPage page : document.getPages()) {
                for (PDAnnotation annotation : page.getAnnotations()) {
                    if (annotation instanceof PDAnnotationLink link && link.getAction() instanceof PDActionURI uri) {
                        links.add(uri.getURI());
                    }
                }
            }
        }
        return links;
    }

    @Test
    void a_german_visitor_cannot_make_the_published_figures_use_decimal_commas_for_anyone() throws Exception {
        long id = latestChildrenPublication();
        String english = aRatioInEnglish(id);
        String german = english.replace('.', ',');
        publicContentChanges();

        String forTheGermanVisitor = mvc.perform(get("/data").header("Accept-Language", "de-DE,de;q=0.9"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String forTheNext = mvc.perform(get("/data")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (String page : List.of(forTheGermanVisitor, forTheNext)) {
            assertThat(page).contains(">" + english).doesNotContain(">" + german);
            assertThat(DECIMAL_COMMA.matcher(page).find()).as("a number with a decimal comma on /data").isFalse();
        }
        assertThat(mvc.perform(get("/publications/" + id).header("Accept-Language", "de")).andReturn().getResponse()
                .getContentAsString()).contains(">" + english).doesNotContain(">" + german);
        // every page, not only the findings, is in the one locale
        for (String path : List.of("/data", "/schedule", "/members", "/api/v1/publications")) {
            assertThat(mvc.perform(get(path).header("Accept-Language", "de-DE")).andReturn().getResponse().getHeader("Content-Language"))
                    .as(path).isIn(null, "en-GB");
        }
        assertThat(mvc.perform(get("/about").header("Accept-Language", "ar-EG")).andReturn().getResponse().getHeader("Content-Language"))
                .isEqualTo("en-GB");

        publicContentChanges();
        String pdf = pdfText(mvc.perform(get("/publications/" + id + ".pdf").header("Accept-Language", "de-DE"))
                .andReturn().getResponse());
        assertThat(pdf).contains(english).doesNotContain(" " + german + " ");
        assertThat(pdfText(mvc.perform(get("/publications/" + id + ".pdf")).andReturn().getResponse()))
                .contains(english).doesNotContain(" " + german + " ");
    }

    @Test
    void the_pdf_names_only_the_configured_site_whatever_host_or_forwarded_headers_say() throws Exception {
        long id = latestChildrenPublication();
        List<MockHttpServletRequestBuilder> attacks = List.of(
                get("/publications/" + id + ".pdf").header("Host", "evil.example"),
                get("/publications/" + id + ".pdf").header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "http")
                        .header("X-Forwarded-Prefix", "/evil"),
                get("/publications/" + id + ".pdf").header("Forwarded", "host=evil.example;proto=http"));
        for (MockHttpServletRequestBuilder attack : attacks) {
            publicContentChanges();
            for (MockHttpServletResponse pdf : List.of(mvc.perform(attack).andReturn().getResponse(),
                    mvc.perform(get("/publications/" + id + ".pdf")).andReturn().getResponse())) {
                String text = pdfText(pdf);
                assertThat(text.replace(" ", "")).contains("Onlineat" + SITE + "/publications/" + id + ".").doesNotContain("evil");
                List<String> links = pdfLinks(pdf);
                assertThat(links).as("the PDF's links").noneMatch(link -> link.contains("evil"))
                        .filteredOn(link -> link.contains(".csv")).isNotEmpty()
                        .allMatch(link -> link.startsWith(SITE + "/publications/") || link.equals(SITE + "/api/v1/scrutiny/findings.csv"));
            }
        }
    }

    @Test
    void a_forwarded_prefix_cannot_change_the_links_in_the_findings_kept_for_everyone() throws Exception {
        publicContentChanges();
        String forTheAttacker = mvc.perform(get("/data").header("X-Forwarded-Prefix", "/evil")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(forTheAttacker).contains(".csv");
        String forTheNext = mvc.perform(get("/data")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(forTheNext).contains("href=\"/publications/").doesNotContain("/evil");
    }

    @Test
    void json_clients_never_get_csv_even_after_a_request_with_a_repeated_accept_header() throws Exception {
        for (String path : List.of("/api/v1/recommendations", "/api/v1/publications", "/api/v1/members")) {
            publicContentChanges();
            MockHttpServletResponse poisoned = mvc.perform(get(path).header("Accept", "application/json", "text/csv"))
                    .andExpect(status().isOk()).andReturn().getResponse();
            assertThat(poisoned.getContentType()).as(path).startsWith("text/csv");
            for (int i = 0; i < 2; i++) {
                MockHttpServletResponse json = mvc.perform(get(path).header("Accept", "application/json")).andExpect(status().isOk())
                        .andReturn().getResponse();
                assertThat(json.getContentType()).as(path).startsWith("application/json");
                assertThat(json.getContentAsString()).as(path).startsWith("[");
                MockHttpServletResponse plain = mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse();
                assertThat(plain.getContentType()).as(path).startsWith("application/json");
            }
            MockHttpServletResponse csv = mvc.perform(get(path).header("Accept", "text/csv")).andReturn().getResponse();
            assertThat(csv.getContentType()).as(path).startsWith("text/csv");
            for (MockHttpServletResponse answer : List.of(poisoned, csv)) {
                assertThat(answer.getHeaders("Vary")).as(path + ": a shared cache must tell JSON and CSV apart")
                        .anyMatch(v -> v.contains("Accept"));
            }
        }
    }

    @Test
    void a_query_string_neither_adds_a_kept_copy_nor_makes_the_answer_again() throws Exception {
        long id = latestChildrenPublication();
        publicContentChanges();
        AnonymousResponseCache.Filter kept = anonymousAnswersFilter.getFilter();
        byte[] first = mvc.perform(get("/publications/" + id + ".pdf")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
        long bytes = kept.keptBytes();
        long answered = kept.answeredFromKeptCopy();
        for (int n = 1; n <= 20; n++) {
            byte[] again = mvc.perform(get("/publications/" + id + ".pdf?n=" + n)).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsByteArray();
            assertThat(again).isEqualTo(first);
        }
        assertThat(kept.answeredFromKeptCopy()).isEqualTo(answered + 20);
        assertThat(kept.keptBytes()).isEqualTo(bytes);
        // a path written another way is answered, but not kept
        for (String other : List.of("/publications/0" + id + ".pdf", "/publications/00" + id + ".pdf", "/publications/" + id + ".pdf;n=1")) {
            try {
                mvc.perform(get(other));
            } catch (Exception refusedByTheFirewall) {
                // answered or refused, either way not kept
            }
        }
        assertThat(kept.keptBytes()).isEqualTo(bytes);
    }

    @Test
    void an_answer_that_started_a_session_is_never_kept() throws Exception {
        AnonymousResponseCache.Filter filter = new AnonymousResponseCache.Filter(cache);
        AtomicInteger made = new AtomicInteger();
        publicContentChanges();
        for (int i = 0; i < 2; i++) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(new MockHttpServletRequest("GET", "/schedule"), response, (request, answer) -> {
                made.incrementAndGet();
                // as a page with a form would: its CSRF token is kept in a new session, whose cookie Spring Session
                // writes only after this filter has returned
                ((HttpServletRequest) request).getSession(true).setAttribute("token", "one visitor's token");
                HttpServletResponse page = (HttpServletResponse) answer;
                page.setHeader("ETag", "\"page\"");
                page.setDateHeader("Last-Modified", System.currentTimeMillis() - 60_000);
                page.getWriter().write("<form><input name=\"_csrf\" value=\"one visitor's token\"></form>");
            });
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(made.get()).as("each visitor's page is made for them").isEqualTo(2);
        assertThat(filter.answeredFromKeptCopy()).isZero();
    }
}
