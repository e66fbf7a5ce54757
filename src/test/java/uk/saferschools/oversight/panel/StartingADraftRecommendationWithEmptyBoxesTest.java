package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The form to draft a recommendation starts empty: the page's own title ("Recommendations") never fills
 * the Title box. After a mistake the box holds what the member typed.
 */
@OversightTest
class StartingADraftRecommendationWithEmptyBoxesTest {

    @Autowired
    MockMvc mvc;

    static String titleBox(String page) {
        Matcher m = Pattern.compile("<input class=\"govuk-input\" id=\"title\"[^>]*>").matcher(page);
        assertThat(m.find()).as("the Title box").isTrue();
        return m.group();
    }

    @Test
    void the_title_box_is_empty_at_first_and_keeps_what_was_typed_after_a_mistake() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        assertThat(titleBox(page(mvc, "/panel/recommendations", member))).doesNotContain("value=\"Recommendations\"")
                .satisfiesAnyOf(box -> assertThat(box).doesNotContain("value="), box -> assertThat(box).contains("value=\"\""));
        String refused = postAs(mvc, member, "/panel/recommendations", 200, "title", "Typed title kept", "body", "");
        assertThat(refused).contains("Enter what the panel recommends");
        assertThat(titleBox(refused)).contains("value=\"Typed title kept\"");
        String empty = postAs(mvc, member, "/panel/recommendations", 200, "title", "", "body", "Body kept.");
        assertThat(titleBox(empty)).doesNotContain("value=\"Error: Recommendations\"").doesNotContain("value=\"Recommendations\"");
        assertThat(empty).contains("Body kept.");
    }
}
