package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Search results show the words found highlighted with {@code <mark>}, never as raw «» markers, and
 * everything else in the snippet as text: markup in a recommendation, or markers typed into it, stay
 * text.
 */
@OversightTest
class HighlightingSearchWordsSafelyTest {

    @Autowired
    MockMvc mvc;

    @Test
    void the_words_found_are_marked_and_the_rest_is_escaped() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        String payload = "«fake» \u0002marker\u0003 <script>alert('xss')</script> <img src=x onerror=alert(1)> quetzalish gate.";
        String path = postAs(mvc, member, "/panel/recommendations", 302, "title", "Highlight quetzalish", "body", payload);
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, path, chair), "version"));
        postAs(mvc, chair, path + "/issue", 302, "responseDue", LocalDate.now().plusDays(9).toString());

        String results = page(mvc, "/search?q=" + URLEncoder.encode("quetzalish", StandardCharsets.UTF_8), null);
        String snippet = results.substring(results.indexOf("oversight-snippet"));
        snippet = snippet.substring(0, snippet.indexOf("</p>"));
        // (PostgreSQL's headline drops what its parser reads as a tag, such as <script>; what is left is text)
        assertThat(snippet).contains("<mark>quetzalish</mark>", "&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<script", "<img", "«quetzalish»", "\u0002", "\u0003");
        // markers typed into the text are text, and no highlight: only the word searched is marked
        assertThat(snippet).contains("«fake»", "marker").doesNotContain("<mark>marker</mark>", "<mark>fake</mark>");
        assertThat(Pattern.compile("<mark>([^<]*)</mark>").matcher(snippet).results().map(r -> r.group(1)))
                .as("only the word searched is marked").isNotEmpty().allMatch(w -> w.equalsIgnoreCase("quetzalish"));
    }
}
