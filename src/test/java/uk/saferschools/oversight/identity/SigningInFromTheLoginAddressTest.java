package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Someone who guesses /login is sent to the sign-in page, and after signing in lands on a real page,
 * not on "Page not found" at /login?continue.
 */
@OversightTest
class SigningInFromTheLoginAddressTest {

    @Autowired
    MockMvc mvc;

    @Test
    void login_leads_to_the_sign_in_page_and_signing_in_lands_on_the_home_page() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/login").session(session)).andExpect(status().isFound()).andExpect(redirectedUrl("/sign-in"));
        mvc.perform(get("/sign-in").session(session)).andExpect(status().isOk());
        MvcResult signedIn = mvc.perform(post("/sign-in").session(session).with(csrf()).param("username", TestAccounts.MEMBER)
                .param("password", TestAccounts.MEMBER_PASSWORD)).andReturn();
        String landing = signedIn.getResponse().getRedirectedUrl();
        assertThat(landing).isEqualTo("/");
        Cookie cookie = signedIn.getResponse().getCookie("OVERSIGHT_SESSION");
        mvc.perform(get(landing).cookie(cookie)).andExpect(status().isOk());
        // signed in already, /login still goes somewhere real
        mvc.perform(get("/login").cookie(cookie)).andExpect(status().isFound()).andExpect(redirectedUrl("/sign-in"));
    }
}
