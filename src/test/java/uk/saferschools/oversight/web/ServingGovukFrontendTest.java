package uk.saferschools.oversight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;

/** govuk-frontend is served by the application, without the GOV.UK typeface or crown. */
@OversightTest
class ServingGovukFrontendTest {

    @Autowired
    MockMvc mvc;

    @Test
    void the_stylesheet_uses_arial_and_helvetica_and_never_gds_transport() throws Exception {
        var response = mvc.perform(get("/govuk/govuk-frontend.min.css")).andExpect(status().isOk()).andReturn().getResponse();
        String css = response.getContentAsString();
        assertThat(response.getContentType()).startsWith("text/css");
        assertThat(css).hasSizeGreaterThan(50_000).contains("arial,helvetica,sans-serif")
                .doesNotContain("GDS Transport").doesNotContain("@font-face").doesNotContain("/assets/fonts/");
        assertThat(response.getHeader("ETag")).isNotBlank();
    }

    @Test
    void the_scripts_are_served_from_the_application() throws Exception {
        assertThat(mvc.perform(get("/govuk/govuk-frontend.min.js")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString()).contains("initAll");
        assertThat(mvc.perform(get("/js/oversight.js")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString()).contains("import { initAll } from '/govuk/govuk-frontend.min.js'");
    }

    @Test
    void the_header_has_the_service_name_and_no_crown_or_gov_uk_logotype() throws Exception {
        String page = mvc.perform(get("/")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("govuk-header__service-name\">Safer Schools Oversight</a>", "govuk-phase-banner",
                "Skip to main content", "Accessibility statement", "Open Government Licence v3.0");
        assertThat(page).doesNotContain("govuk-header__logotype").doesNotContain("crown").doesNotContain("GOV.UK");
    }
}
