package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * An anonymous visitor's public answers are kept whole while the data is unchanged: the second answer is
 * the first, headers and all; a change through the product is seen at once; a signed-in person is never
 * given the kept copy, nor is their page kept.
 */
@OversightTest
class AnsweringAnonymousVisitorsFromAKeptCopyTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    FilterRegistrationBean<AnonymousResponseCache.Filter> anonymousAnswersFilter;

    private MockHttpServletResponse anonymous(String path) throws Exception {
        return mvc.perform(get(path)).andReturn().getResponse();
    }

    @Test
    void an_unchanged_answer_is_the_same_headers_and_all() throws Exception {
        // An answer is kept only once it carries a Last-Modified time, which is left out within the second of a change
        Thread.sleep(1_100);
        for (String path : new String[] {"/data", "/api/v1/recommendations", "/recommendations", "/schedule"}) {
            MockHttpServletResponse first = anonymous(path);
            long kept = anonymousAnswersFilter.getFilter().answeredFromKeptCopy();
            MockHttpServletResponse second = anonymous(path);
            assertThat(anonymousAnswersFilter.getFilter().answeredFromKeptCopy()).as(path + " from the kept copy").isEqualTo(kept + 1);
            assertThat(second.getStatus()).as(path).isEqualTo(200);
            assertThat(second.getContentAsByteArray()).as(path).isEqualTo(first.getContentAsByteArray());
            assertThat(second.getContentType()).as(path).isEqualTo(first.getContentType());
            assertThat(second.getHeader("ETag")).as(path).isNotNull().isEqualTo(first.getHeader("ETag"));
            assertThat(second.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(second.getHeader("Content-Security-Policy")).as(path).isEqualTo(first.getHeader("Content-Security-Policy"));
            assertThat(second.getHeader("Set-Cookie")).as(path).isNull();
            MockHttpServletResponse conditional = mvc.perform(get(path).header("If-None-Match", first.getHeader("ETag")))
                    .andReturn().getResponse();
            assertThat(conditional.getStatus()).as(path).isEqualTo(304);
        }
        assertThat(mvc.perform(get("/api/v1/recommendations").header("Accept", "text/csv")).andReturn().getResponse()
                .getContentType()).as("the kept JSON is not given to a request for CSV").startsWith("text/csv");
    }

    @Test
    void a_change_through_the_product_is_seen_at_once() throws Exception {
        String before = anonymous("/schedule").getContentAsString();
        assertThat(before).doesNotContain("Kept-copy check publication");
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        postAs(mvc, secretariat, "/manage/schedule", 302, "title", "Kept-copy check publication", "description", "",
                "dueOn", LocalDate.now().plusMonths(3).toString());
        assertThat(anonymous("/schedule").getContentAsString()).contains("Kept-copy check publication");
    }

    @Test
    void a_signed_in_person_is_never_given_the_kept_copy_and_their_page_is_not_kept() throws Exception {
        Thread.sleep(1_100);
        String anonymousPage = anonymous("/recommendations").getContentAsString();
        assertThat(anonymousPage).contains("Sign in");
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        long kept = anonymousAnswersFilter.getFilter().answeredFromKeptCopy();
        String memberPage = page(mvc, "/recommendations", member);
        assertThat(anonymousAnswersFilter.getFilter().answeredFromKeptCopy()).isEqualTo(kept);
        assertThat(memberPage).contains("Sign out").isNotEqualTo(anonymousPage);
        assertThat(anonymous("/recommendations").getContentAsString()).doesNotContain("Sign out").isEqualTo(anonymousPage);
    }
}
