package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;
import uk.saferschools.oversight.panel.Recommendations;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Two application nodes on one PostgreSQL, as behind a load balancer: the test's own application (node A,
 * through MockMvc) and a second one started on the same database (node B, on a random port over real
 * HTTP), each with its own connection pool, scheduler and kept public answers. A person signs in on one
 * and carries on on the other (sessions are in the database, ADR 0011); an import started on one is
 * followed to its end on the other (jobs are in the database, ADR 0015); and the public answers each node
 * keeps ({@code PublishedContentCache}, {@code AnonymousResponseCache}) are right on both after a public
 * change made through either, because their version is read from the database at each request (ADR 0012).
 * Analysis runs followed across nodes: {@code FollowingAnAnalysisRunFromAnotherNodeTest}.
 */
@OversightTest
class RunningTwoNodesOnOneDatabaseTest {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    static ConfigurableApplicationContext nodeB;

    @Autowired
    MockMvc nodeA;
    @Autowired
    Recommendations recommendationsOnA;

    @BeforeAll
    static void a_second_node_starts_on_the_same_database(@Autowired DataSource dataSource) throws Exception {
        nodeB = new SpringApplicationBuilder(OversightApplication.class).logStartupInfo(false).run(
                "--server.port=0",
                "--oversight.database.url=" + dataSource.unwrap(HikariDataSource.class).getJdbcUrl(),
                "--oversight.database.user=" + EmbeddedPostgresServer.APPLICATION_ROLE,
                "--oversight.database.owner-user=" + EmbeddedPostgresServer.OWNER_ROLE,
                "--oversight.records.pseudonymisation-key=key-of-the-second-node-0123456789abcdef",
                "--oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "--oversight.identity.demonstration-data=false");
    }

    @AfterAll
    static void the_second_node_stops() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    static String onB(String path) {
        return "http://localhost:" + ((WebServerApplicationContext) nodeB).getWebServer().getPort() + path;
    }

    static HttpResponse<String> getOnB(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(onB(path))).header("Accept", "text/html,application/json");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in on node B through its real form; returns the session cookie ("SESSION=…") it set. */
    static String signInOnB(String username, String password) throws Exception {
        HttpResponse<String> form = getOnB("/sign-in", null);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        String anonymous = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(URI.create(onB("/sign-in")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", anonymous)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return signedIn.headers().firstValue("Set-Cookie").orElse(anonymous).split(";")[0];
    }

    static Cookie asCookie(String cookie) {
        String[] parts = cookie.split("=", 2);
        return new Cookie(parts[0], parts[1]);
    }

    @Test
    void signed_in_on_one_node_the_person_carries_on_on_the_other_and_signing_out_there_ends_it_on_both() throws Exception {
        String session = signInOnB(TestAccounts.ANALYST, TestAccounts.ANALYST_PASSWORD);
        assertThat(getOnB("/records/imports", session).statusCode()).isEqualTo(200);
        // the same cookie on node A: the session is the database's, not node B's
        assertThat(nodeA.perform(get("/records/imports").cookie(asCookie(session))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("Import");

        // and the other way: signed in on A, carrying on on B
        Cookie onA = SignIn.as(nodeA, TestAccounts.ANALYST);
        assertThat(getOnB("/records/imports", onA.getName() + "=" + onA.getValue()).statusCode()).isEqualTo(200);

        // signing out on A ends the session for B too
        nodeA.perform(post("/sign-out").cookie(asCookie(session)).with(csrf())).andExpect(status().isFound());
        HttpResponse<String> after = getOnB("/records/imports", session);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/sign-in");
    }

    @Test
    void an_import_started_on_one_node_is_followed_to_its_end_on_the_other() throws Exception {
        Cookie analyst = SignIn.as(nodeA, TestAccounts.ANALYST);
        String cookie = analyst.getName() + "=" + analyst.getValue();
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2016-03").rows(400);
        String location = nodeA.perform(post("/records/imports").cookie(analyst)
                        .contentType("multipart/form-data; boundary=" + UploadingRecordsTest.BOUNDARY)
                        .content(UploadingRecordsTest.multipartBody(file.fileName(), file.text(), false)).with(csrf().asHeader()))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/records/imports/jobs/");

        long giveUp = System.currentTimeMillis() + 60_000;
        while (true) {
            HttpResponse<String> progress = getOnB(location + "/progress", cookie);
            assertThat(progress.statusCode()).as(progress.body()).isEqualTo(200);
            if (progress.body().contains("\"finished\":true")) {
                break;
            }
            assertThat(System.currentTimeMillis()).as("the import finished within a minute").isLessThan(giveUp);
            Thread.sleep(100);
        }
        HttpResponse<String> page = getOnB(location, cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsPattern("(Imported|Already imported) " + Pattern.quote(file.fileName()));
        // someone else's job is not theirs to follow, on either node
        String auditor = signInOnB(TestAccounts.AUDITOR, TestAccounts.AUDITOR_PASSWORD);
        assertThat(getOnB(location + "/progress", auditor).statusCode()).isIn(403, 404);
    }

    @Test
    void the_public_answers_kept_on_each_node_are_right_on_both_after_a_change_made_through_either() throws Exception {
        // both nodes make and keep their anonymous answer first
        String beforeOnA = publicRecommendationsOnA();
        String beforeOnB = publicRecommendationsOnB();
        assertThat(publicRecommendationsOnA()).isEqualTo(beforeOnA);
        assertThat(publicRecommendationsOnB()).isEqualTo(beforeOnB);

        String throughB = "Issued through node B " + UUID.randomUUID();
        issue(nodeB.getBean(Recommendations.class), throughB);
        assertThat(publicRecommendationsOnA()).as("node A's kept answer is not stale").contains(throughB);
        assertThat(publicRecommendationsOnB()).contains(throughB);

        String throughA = "Issued through node A " + UUID.randomUUID();
        issue(recommendationsOnA, throughA);
        assertThat(publicRecommendationsOnB()).as("node B's kept answer is not stale").contains(throughA, throughB);
        assertThat(publicRecommendationsOnA()).contains(throughA, throughB);
        // and the open data API the same on both
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(onB("/api/v1/recommendations"))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains(throughA, throughB);
        assertThat(nodeA.perform(get("/api/v1/recommendations")).andReturn().getResponse().getContentAsString())
                .contains(throughA, throughB);
    }

    void issue(Recommendations recommendations, String title) {
        String reference = recommendations.draft(title, "Made public while both nodes keep their answers.", MEMBER);
        recommendations.agree(reference, "Agreed at the meeting", 1, CHAIR);
        recommendations.issue(reference, LocalDate.now().plusDays(30), CHAIR);
    }

    String publicRecommendationsOnA() throws Exception {
        return nodeA.perform(get("/recommendations")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    static String publicRecommendationsOnB() throws Exception {
        HttpResponse<String> page = getOnB("/recommendations", null);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }
}
