package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A form sent with a value no page offers (an unknown choice, a missing field), as someone editing the
 * page would: a browser gets the service's own error page, in plain words, with 400; a client asking
 * for JSON still gets JSON. Over a real port, since the error page is rendered by the server's own
 * error dispatch, which MockMvc does not run.
 */
@BrowserTest
class TamperedFormsGetAPageTest {

    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @LocalServerPort
    int port;

    HttpClient http;

    @BeforeEach
    void signIn() throws Exception {
        http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String token = csrf(get("/sign-in").body());
        HttpResponse<String> signedIn = post("/sign-in", BROWSER_ACCEPT, "username=" + TestAccounts.SECRETARIAT + "&password="
                + URLEncoder.encode(TestAccounts.SECRETARIAT_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + token);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", BROWSER_ACCEPT)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String accept, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page);
        if (!m.find()) {
            m = Pattern.compile("value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(page);
            assertThat(m.find()).as("a CSRF token on the page").isTrue();
        }
        return m.group(1);
    }

    @Test
    void an_unknown_choice_or_a_missing_field_gets_the_error_page_in_a_browser_and_json_for_an_api_client() throws Exception {
        String token = csrf(get("/panel/terms-of-reference").body());
        for (String[] tampered : new String[][] {
                {"/panel/terms-of-reference/1/comments", "section=NOT_A_SECTION&body=x&_csrf=" + token,
                        "The value sent for “section” was not one the form offers"},
                {"/panel/meetings/1/attendance", "status=PRESENT&_csrf=" + token,
                        "The form was sent without “member”"},
                {"/panel/members", "name=X&organisation=not-a-number&role=MEMBER&termFrom=2026-01-01&_csrf=" + token,
                        "The value sent for “organisation” was not one the form offers"}}) {
            HttpResponse<String> page = post(tampered[0], BROWSER_ACCEPT, tampered[1]);
            assertThat(page.statusCode()).as(tampered[0]).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).as(tampered[0]).startsWith("text/html");
            assertThat(page.body()).as(tampered[0]).contains("govuk-template", "Sorry, there is a problem with your request",
                    tampered[2]).doesNotContain("\"status\"", "Exception", "timestamp");

            HttpResponse<String> json = post(tampered[0], "application/json", tampered[1]);
            assertThat(json.statusCode()).as(tampered[0]).isEqualTo(400);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).as(tampered[0]).contains("json");
        }
    }
}
