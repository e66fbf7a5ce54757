package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** Who may reach which page: anonymous, wrong role, right role, and forms without a CSRF token. */
@OversightTest
class AccessControlTest {

    @Autowired
    MockMvc mvc;

    @ParameterizedTest(name = "anyone may see {0}")
    @ValueSource(strings = {"/", "/accessibility", "/sign-in", "/actuator/health", "/govuk/govuk-frontend.min.css",
            "/govuk/govuk-frontend.min.js", "/js/oversight.js", "/css/oversight.css", "/favicon.svg"})
    void public_pages_answer_an_anonymous_visitor(String path) throws Exception {
        mvc.perform(get(path)).andExpect(status().isOk());
    }

    @ParameterizedTest(name = "an anonymous visitor asking for {0} is sent to sign in")
    @ValueSource(strings = {"/admin/accounts", "/admin/accounts/new", "/admin/accounts/1", "/audit",
            "/account/password", "/no-such-page", "/actuator/env", "/actuator/beans"})
    void private_pages_send_an_anonymous_visitor_to_sign_in(String path) throws Exception {
        mvc.perform(get(path)).andExpect(status().isFound()).andExpect(redirectedUrl("/sign-in"));
    }

    @ParameterizedTest(name = "{0} may not see {1}")
    @CsvSource({
            TestAccounts.ANALYST + ", /admin/accounts",
            TestAccounts.AUDITOR + ", /admin/accounts",
            TestAccounts.CHAIR + ", /admin/accounts/new",
            TestAccounts.LIAISON + ", /audit",
            TestAccounts.MEMBER + ", /audit",
            TestAccounts.ADMINISTRATOR + ", /audit",
            TestAccounts.SECRETARIAT + ", /audit"})
    void a_signed_in_user_without_the_role_gets_403(String username, String path) throws Exception {
        mvc.perform(get(path).cookie(SignIn.as(mvc, username))).andExpect(status().isForbidden());
    }

    @ParameterizedTest(name = "{0} may see {1}")
    @CsvSource({
            TestAccounts.ADMIN + ", /admin/accounts",
            TestAccounts.ADMINISTRATOR + ", /admin/accounts/new",
            TestAccounts.AUDITOR + ", /audit",
            TestAccounts.MEMBER + ", /account/password"})
    void a_signed_in_user_with_the_role_may_see_the_page(String username, String path) throws Exception {
        mvc.perform(get(path).cookie(SignIn.as(mvc, username))).andExpect(status().isOk());
    }

    @Test
    void a_form_posted_without_a_csrf_token_is_refused_with_403() throws Exception {
        var admin = SignIn.as(mvc, TestAccounts.ADMIN);
        mvc.perform(post("/admin/accounts").cookie(admin).param("username", "no-csrf").param("displayName", "No Csrf"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/accounts").cookie(admin).param("username", "no-csrf").param("displayName", "No Csrf")
                        .with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/sign-in").param("username", TestAccounts.ADMIN).param("password", TestAccounts.ADMIN_PASSWORD))
                .andExpect(status().isForbidden());
        mvc.perform(post("/sign-out").cookie(admin)).andExpect(status().isForbidden());
    }

    @Test
    void a_user_without_the_role_cannot_post_to_an_administrator_form() throws Exception {
        mvc.perform(post("/admin/accounts").cookie(SignIn.as(mvc, TestAccounts.AUDITOR)).with(csrf())
                        .param("username", "made-by-auditor").param("displayName", "Should Not Exist"))
                .andExpect(status().isForbidden());
    }

    @Test
    void every_page_carries_a_strict_content_security_policy_and_other_security_headers() throws Exception {
        var response = mvc.perform(get("/")).andExpect(status().isOk())
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"))
                .andReturn().getResponse();
        String policy = response.getHeader("Content-Security-Policy");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "object-src 'none'",
                "frame-ancestors 'none'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void pages_contain_no_inline_script() throws Exception {
        String home = mvc.perform(get("/")).andReturn().getResponse().getContentAsString();
        assertThat(home).contains("<script type=\"module\" src=\"/js/oversight.js\"></script>");
        assertThat(home.replace("<script type=\"module\" src=\"/js/oversight.js\"></script>", ""))
                .doesNotContain("<script").doesNotContain(" style=\"").doesNotContain("onclick");
    }
}
