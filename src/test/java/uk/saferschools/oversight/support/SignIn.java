package uk.saferschools.oversight.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Signs in through the real sign-in form (Spring Security, accounts in PostgreSQL, sessions in
 * PostgreSQL) and hands back the session cookie to send with later requests.
 */
public final class SignIn {

    public static final String SESSION_COOKIE = "OVERSIGHT_SESSION";

    private SignIn() {
    }

    public static Cookie as(MockMvc mvc, String username, String password) throws Exception {
        MvcResult result = attempt(mvc, username, password);
        Cookie session = result.getResponse().getCookie(SESSION_COOKIE);
        String location = result.getResponse().getRedirectedUrl();
        if (session == null || location == null || location.contains("error")) {
            throw new AssertionError("Could not sign in as " + username + ": redirected to " + location);
        }
        return session;
    }

    /** A demonstration account, with the test demonstration password. */
    public static Cookie as(MockMvc mvc, String demoUsername) throws Exception {
        return as(mvc, demoUsername, demoUsername.equals(TestAccounts.ADMIN) ? TestAccounts.ADMIN_PASSWORD
                : TestAccounts.DEMO_PASSWORD);
    }

    public static MvcResult attempt(MockMvc mvc, String username, String password) throws Exception {
        return mvc.perform(post("/sign-in").param("username", username).param("password", password).with(csrf()))
                .andReturn();
    }
}
