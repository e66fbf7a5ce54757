package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The session cookie as the real server (Tomcat, on a port) sends it: HttpOnly and SameSite always, and
 * Secure when the request came over HTTPS, also through a TLS-terminating proxy that says so with
 * {@code X-Forwarded-Proto: https}, configured as the README says for that case
 * ({@code SERVER_FORWARD_HEADERS_STRATEGY=framework}; without it no forwarded header is trusted, so that no
 * client can choose the address sign-in throttling counts).
 */
@SpringBootTest(classes = OversightApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "oversight.database.ephemeral=true",
                "oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.ANALYST + "=" + TestAccounts.ANALYST_PASSWORD,
                "oversight.identity.demonstration-data=true",
                "spring.servlet.multipart.max-file-size=64KB",
                "spring.servlet.multipart.max-request-size=64KB",
                "oversight.records.max-file-size=4MB",
                "server.forward-headers-strategy=framework"
        })
class KeepingTheSessionCookieSafeTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(HttpRequest.Builder request, boolean overHttps) throws Exception {
        if (overHttps) {
            request.header("X-Forwarded-Proto", "https");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SecurityConfiguration.SESSION_COOKIE + "=")).toList();
        assertThat(cookies).as("the response sets the session cookie").hasSize(1);
        return cookies.get(0);
    }

    /** Signs in as the analyst through the form, as a browser would; returns the sign-in's response. */
    HttpResponse<String> signIn(boolean overHttps) throws Exception {
        var form = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in")), overHttps);
        String cookie = sessionCookie(form).split(";", 2)[0];
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
        String body = "username=" + TestAccounts.ANALYST + "&password="
                + URLEncoder.encode(TestAccounts.ANALYST_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)), overHttps);
    }

    @Test
    void behind_https_the_session_cookie_is_secure_http_only_and_same_site() throws Exception {
        var signedIn = signIn(true);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        String cookie = sessionCookie(signedIn);
        assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Lax", "; Path=/");
    }

    @Test
    void over_plain_http_the_cookie_is_still_http_only_and_same_site_but_not_marked_secure() throws Exception {
        String cookie = sessionCookie(signIn(false));
        assertThat(cookie).contains("; HttpOnly", "; SameSite=Lax").doesNotContain("Secure");
    }
}
