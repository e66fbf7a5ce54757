package uk.saferschools.oversight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.thymeleaf.context.LazyContextVariable;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The database goes while a page is being made, just as the layout asks whether this installation holds
 * demonstration data (a question put only when a template reads it). The person gets the site's own
 * "unavailable" page, not a line of plain text: the error page must not put the same question again.
 */
@OversightTest
class LosingTheDatabaseWhileAPageIsMadeTest {

    @Autowired
    DatabaseTroublePages troublePages;

    @Autowired
    ThymeleafViewResolver views;

    @Test
    void the_unavailable_page_is_made_in_the_sites_layout_without_asking_the_database_again() throws Exception {
        AtomicInteger questions = new AtomicInteger();
        AtomicInteger askedByThePage = new AtomicInteger();
        LazyContextVariable<Boolean> askingTheDatabaseThatHasGone = new LazyContextVariable<>() {
            @Override
            protected Boolean loadValue() {
                questions.incrementAndGet();
                throw new DataAccessResourceFailureException("Connection refused");
            }
        };
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/accessibility");
        request.addHeader("Accept", "text/html");
        MockHttpServletResponse response = new MockHttpServletResponse();

        troublePages.doFilter(request, response, (req, res) -> {
            Map<String, Object> model = new HashMap<>();
            model.put("status", 200);
            model.put("problem", "a page");
            model.put("demonstrationData", askingTheDatabaseThatHasGone);
            try {
                views.resolveViewName("error", Locale.UK).render(model, (MockHttpServletRequest) req, (MockHttpServletResponse) res);
            } catch (RuntimeException | java.io.IOException | jakarta.servlet.ServletException e) {
                askedByThePage.set(questions.get());
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(askedByThePage).as("the page itself asked, and failed").hasPositiveValue();
        assertThat(questions).as("the unavailable page did not ask again").hasValue(askedByThePage.get());
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString()).contains("govuk-header", "Sorry, the service is unavailable",
                DatabaseTroublePages.UNREACHABLE).doesNotContain("Connection refused");
    }
}
