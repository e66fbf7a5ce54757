package uk.saferschools.oversight.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

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

    /** One of the {@link TestAccounts}, with its test password. */
    public static Cookie as(MockMvc mvc, String testAccount) throws Exception {
        return as(mvc, testAccount, TestAccounts.passwordOf(testAccount));
    }

    public static MvcResult attempt(MockMvc mvc, String username, String password) throws Exception {
        return mvc.perform(post("/sign-in").param("username", username).param("password", password).with(csrf()))
                .andReturn();
    }

    /** A sign-in sent from the client address {@code address} (MockMvc's own is 127.0.0.1). */
    public static MvcResult attemptFrom(MockMvc mvc, String address, String username, String password) throws Exception {
        return mvc.perform(post("/sign-in").param("username", username).param("password", password).with(csrf())
                .with(from(address))).andReturn();
    }

    /** Makes a request come from the client address {@code address}. */
    public static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
