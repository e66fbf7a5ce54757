package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Uploads are bounded before they are read, on a real server: a multipart body from someone not
 * signed in is refused before a byte of it is parsed, and a record file is streamed against the import
 * limit, not the far smaller limit every other multipart body is parsed against. Both limits are made
 * small here (64 KB, and 4 MB, as the demonstration files need) so that the test is quick; the production values are 20 MB and 1 GB.
 */
@SpringBootTest(classes = OversightApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "oversight.database.ephemeral=true",
                "oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.ANALYST + "=" + TestAccounts.ANALYST_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.MEMBER + "=" + TestAccounts.MEMBER_PASSWORD,
                "oversight.identity.demonstration-data=true",
                "spring.servlet.multipart.max-file-size=64KB",
                "spring.servlet.multipart.max-request-size=64KB",
                "oversight.records.max-file-size=4MB",
                "oversight.panel.max-paper-size=64KB"
        })
class BoundingUploadsBeforeTheyAreReadTest {

    @LocalServerPort
    int port;

    /**
     * Sends the headers and the first part of a multipart body that never ends (chunked, so no length
     * gives it away), and waits for the status line. A server that parsed the body would wait for the
     * rest of it and answer nothing.
     */
    String statusOfAnEndlessAnonymousUpload(String path) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String part = "--endless\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadmin\r\n"
                    + "--endless\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
                    + "x".repeat(4000);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=endless\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(part.length()) + "\r\n" + part + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                return "no answer within 10 seconds: the server is reading the body";
            }
        }
    }

    @Test
    void an_anonymous_multipart_post_to_sign_in_is_refused_before_its_body_is_read() throws Exception {
        assertThat(statusOfAnEndlessAnonymousUpload("/sign-in")).isEqualTo("HTTP/1.1 403 ");
    }

    @Test
    void an_anonymous_multipart_post_to_the_record_upload_is_refused_before_its_body_is_read() throws Exception {
        assertThat(statusOfAnEndlessAnonymousUpload("/records/imports")).isEqualTo("HTTP/1.1 403 ");
    }

    /** A browser without script: cookies kept, redirects not followed, forms posted as the pages give them. */
    final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String first(String pattern, String text) {
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        assertThat(matcher.find()).as(pattern).isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    void signInAsAnalyst() throws Exception {
        signInAs(TestAccounts.ANALYST, TestAccounts.ANALYST_PASSWORD);
    }

    void signInAs(String username, String password) throws Exception {
        String token = first("name=\"_csrf\" value=\"([^\"]+)\"", get("/sign-in").body());
        String form = "username=" + username + "&password=" + password + "&_csrf="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    /** Posts the records page's form, as the page gives it, with the file. */
    HttpResponse<String> uploadThroughTheForm(String fileName, String content) throws Exception {
        return uploadThroughTheForm(fileName, content, false);
    }

    /** Chunked: the body's length is not given beforehand, so only reading it can find it too long. */
    HttpResponse<String> uploadThroughTheForm(String fileName, String content, boolean chunked) throws Exception {
        String action = first("<form action=\"(/records/imports[^\"]*)\" method=\"post\" enctype=\"multipart/form-data\"",
                get("/records/imports").body());
        String boundary = "----browser-boundary-7MA4YWxk";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_analyst_uploads_a_record_file_larger_than_any_other_upload_may_be_through_the_form_without_script()
            throws Exception {
        signInAsAnalyst();
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2017-01").rows(1200);
        assertThat(file.text().length()).as("above the 64 KB multipart limit").isGreaterThan(150_000);
        HttpResponse<String> uploaded = uploadThroughTheForm(file.fileName(), file.text());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        String job = URI.create(uploaded.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(job).startsWith("/records/imports/jobs/");
        String page = "";
        for (int i = 0; i < 300 && !page.contains("govuk-panel__body"); i++) {
            Thread.sleep(100);
            page = get(job).body();
        }
        assertThat(page).contains("1,200 records imported for metropolitan 2017-01");
    }

    @Test
    void a_record_file_over_the_import_limit_is_refused_with_a_message_and_nothing_is_imported() throws Exception {
        signInAsAnalyst();
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2017-02").rows(40_000);
        assertThat(file.text().length()).as("above the 4 MB import limit").isGreaterThan(4 * 1024 * 1024);
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> refused = uploadThroughTheForm(file.fileName(), file.text(), chunked);
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/records/imports");
            assertThat(get("/records/imports").body()).contains("The file is larger than 4 MB")
                    .doesNotContain("2017-02-metropolitan-stop-and-search.csv");
        }
    }

    /**
     * A paper over the limit, posted through a meeting's form as the page gives it, with its length given and
     * chunked (no length): a clear refusal naming the limit, and nothing stored.
     * The server stops reading the body at the limit (it is spooled to disk past 1 MB in any case, never held
     * in memory whole), and with a length given it reads none of it.
     */
    @Test
    void a_paper_over_the_limit_is_refused_with_a_message_and_nothing_is_stored() throws Exception {
        signInAs(TestAccounts.MEMBER, TestAccounts.MEMBER_PASSWORD);
        String meeting = first("href=\"(/panel/meetings/\\d+)\"", get("/panel/meetings").body());
        String page = get(meeting).body();
        String action = first("action=\"(/panel/meetings/\\d+/papers[^\"]*)\"", page);
        String token = first("name=\"_csrf\" value=\"([^\"]+)\"", page);
        String boundary = "----browser-boundary-paper";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA paper too large\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"too-large.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n" + "%".repeat(200_000) + "\n%%EOF\n\r\n--" + boundary + "--\r\n";
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + action))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                    .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as((chunked ? "chunked: " : "with its length: ") + refused.body()).isEqualTo(413);
            assertThat(refused.body()).contains("The paper is larger than 64 KB, the largest paper accepted", "nothing was stored")
                    .doesNotContain("Exception", "at org.");
            assertThat(get(meeting).body()).doesNotContain("A paper too large");
        }
    }

    /** On the real server, with its error page: a NUL character in an address is refused with the reason, not a 500. */
    @Test
    void a_nul_character_in_a_search_is_refused_with_the_reason_on_the_error_page() throws Exception {
        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/search?q=x%00y"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Sorry, there is a problem with your request", "no text may hold (NUL, code 0)")
                .doesNotContain("Exception");
    }
}
