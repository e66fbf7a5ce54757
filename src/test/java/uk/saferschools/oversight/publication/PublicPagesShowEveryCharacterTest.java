package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.GarbledText;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Every public page and every publication's PDF shows its typographic characters (’ – — £ é) as
 * themselves, never as a "?" or a replacement character standing in for one. The findings are made
 * apart from the page they are placed in, and once were written through an encoding that had no ’.
 */
@OversightTest
class PublicPagesShowEveryCharacterTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    static List<String> standIns(String text) {
        return GarbledText.standIns(text);
    }

    private String page(String path) throws Exception {
        var response = mvc.perform(get(path)).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private List<String> publicPages() {
        List<String> pages = new ArrayList<>(PublicSiteAndOpenDataTest.CONTRACT.stream().filter(p -> !p.startsWith("/api/")).toList());
        pages.add("/accessibility");
        pages.add("/search?q=police");
        for (long id : jdbc.sql("select id from publication order by id").query(Long.class).list()) {
            pages.add("/publications/" + id);
        }
        for (long id : jdbc.sql("select id from meeting order by id").query(Long.class).list()) {
            pages.add("/meetings/" + id);
        }
        return pages;
    }

    @Test
    void the_stand_in_check_finds_what_it_is_for_and_leaves_real_questions_alone() {
        assertThat(standIns("Each borough?s rate")).hasSize(1);
        assertThat(standIns("<td>?</td>".replaceAll("<[^>]+>", " "))).hasSize(1);
        assertThat(standIns("2022-03 ? 2022-05")).hasSize(1);
        assertThat(standIns("Is it \uFFFD here")).hasSize(1);
        assertThat(standIns("What policy and guidance documents are there? None yet. Why?")).isEmpty();
        assertThat(standIns("Each borough’s rate – 10 — 12")).isEmpty();
    }

    @Test
    void no_public_page_shows_a_question_mark_for_a_character() throws Exception {
        boolean typographicSeen = false;
        for (String path : publicPages()) {
            var html = Jsoup.parse(page(path));
            assertThat(standIns(html.text())).as(path).isEmpty();
            // inside the findings, which are made apart from the page
            typographicSeen |= path.startsWith("/publications/") && html.select("h2#by-borough ~ p").text().contains("’");
        }
        assertThat(typographicSeen).as("a publication's findings, made apart from its page, hold a ’ to be checked").isTrue();
    }

    @Test
    void no_publication_pdf_shows_a_question_mark_for_a_character() throws Exception {
        List<Long> ids = jdbc.sql("select id from publication order by id").query(Long.class).list();
        assertThat(ids).isNotEmpty();
        boolean typographicSeen = false;
        for (long id : ids) {
            var pdf = mvc.perform(get("/publications/" + id + ".pdf")).andReturn().getResponse();
            assertThat(pdf.getStatus()).isEqualTo(200);
            try (var document = Loader.loadPDF(pdf.getContentAsByteArray())) {
                String text = new PDFTextStripper().getText(document);
                assertThat(standIns(text)).as("publication " + id + ".pdf").isEmpty();
                typographicSeen |= text.contains("’");
            }
        }
        assertThat(typographicSeen).as("a PDF's findings, made apart from its page, hold a ’ to be checked").isTrue();
    }
}
