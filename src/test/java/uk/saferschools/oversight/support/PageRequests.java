package uk.saferschools.oversight.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Pages read and forms sent as a signed-in person (their session cookie) or anonymously (null). */
public final class PageRequests {

    private PageRequests() {
    }

    /** GETs a page, expecting 200; returns its body. */
    public static String page(MockMvc mvc, String path, Cookie who) throws Exception {
        MockHttpServletRequestBuilder request = get(path);
        if (who != null) {
            request = request.cookie(who);
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /**
     * POSTs a form with its CSRF token, expecting {@code expected}; returns where a 302 redirects to,
     * otherwise the body.
     */
    public static String postAs(MockMvc mvc, Cookie who, String path, int expected, String... params) throws Exception {
        MockHttpServletRequestBuilder request = post(path).cookie(who).with(csrf());
        for (int i = 0; i < params.length; i += 2) {
            request = request.param(params[i], params[i + 1]);
        }
        var response = mvc.perform(request).andExpect(status().is(expected)).andReturn().getResponse();
        return expected == 302 ? response.getRedirectedUrl() : response.getContentAsString();
    }
}
