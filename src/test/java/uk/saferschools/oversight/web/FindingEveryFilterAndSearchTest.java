package uk.saferschools.oversight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * A test of {@link SendingSqlToEveryFilterAndSearchTest}'s discovery: a filter added to a controller, in
 * any of the ways Spring binds one, and a field added to a search form, are found without being listed.
 */
class FindingEveryFilterAndSearchTest {

    record BoroughFilter(String borough, LocalDate from) {
    }

    /** A controller as someone might add one tomorrow. */
    static class NewPage {
        @GetMapping("/panel/new/{id}")
        String list(@PathVariable long id, @RequestParam(defaultValue = "") String q, @RequestParam(name = "sort-by") String sort,
                    @ModelAttribute("filter") BoroughFilter filter, int page, @RequestParam Map<String, String> everything,
                    Model model, java.util.Locale locale) {
            return "page";
        }
    }

    @Test
    void every_query_parameter_a_new_handler_binds_is_found_and_nothing_else() throws Exception {
        var method = new HandlerMethod(new NewPage(), NewPage.class.getDeclaredMethod("list", long.class, String.class, String.class,
                BoroughFilter.class, int.class, Map.class, Model.class, java.util.Locale.class));
        assertThat(FiltersAndSearches.queryParametersOf(method)).containsExactly("borough", "from", "page", "q", "sort-by");
    }

    @Test
    void every_field_of_a_form_sent_with_get_is_found_and_no_field_of_a_form_that_posts() {
        String page = """
                <form action="/panel/search" method="get" role="search">
                  <input type="hidden" name="_csrf" value="t"><input name="q" type="search">
                  <select name="kind"><option>a</option></select><textarea name="words"></textarea>
                </form>
                <form action="/panel/search/save" method="post"><input name="title"></form>""";
        assertThat(FiltersAndSearches.ofForms(page)).containsOnlyKeys("/panel/search");
        assertThat(FiltersAndSearches.ofForms(page).get("/panel/search")).containsExactly("kind", "q", "words");
    }

    @Test
    void the_real_application_search_form_route_is_found_from_its_action() {
        assertThat(SendingSqlToEveryFilterAndSearchTest.routeOf("/search")).isEqualTo("GET /search");
        assertThat(SendingSqlToEveryFilterAndSearchTest.routeOf("/publications/7")).isEqualTo("GET /publications/{id}");
    }
}
