package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Application nodes keep no job of their own: an analysis started on one node is followed to its snapshot
 * on another, over HTTP, with the same session; and a run left by a node that stopped is run again (once)
 * or marked failed saying why, never left running. The second node is a second application on a random
 * port, on the same database as the first.
 */
@OversightTest
class FollowingAnAnalysisRunFromAnotherNodeTest {

    static final Actor ANALYST = new Actor(TestAccounts.ANALYST, "ANALYST");
    static final String LEFT_ONCE = UUID.randomUUID().toString();
    static final String LEFT_AGAIN = UUID.randomUUID().toString();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static ConfigurableApplicationContext secondNode;

    @Autowired
    MockMvc mvc;
    @Autowired
    AnalysisRuns runs;

    @BeforeAll
    static void a_second_node_starts_on_the_same_database(@Autowired DataSource dataSource, @Autowired JdbcClient jdbc)
            throws SQLException {
        // left running by a node that stopped an hour ago: the second node's scheduler looks for such at once
        leftByAStoppedNode(jdbc, LEFT_ONCE, "Left by a stopped node", 0);
        leftByAStoppedNode(jdbc, LEFT_AGAIN, "Left by a stopped node again", AnalysisRuns.RESUMED_AT_MOST);
        // as arguments, which come before application.properties (builder properties come after it)
        secondNode = new SpringApplicationBuilder(OversightApplication.class).logStartupInfo(false).run(
                "--server.port=0",
                "--oversight.database.url=" + dataSource.unwrap(HikariDataSource.class).getJdbcUrl(),
                "--oversight.database.user=" + EmbeddedPostgresServer.APPLICATION_ROLE,
                "--oversight.database.owner-user=" + EmbeddedPostgresServer.OWNER_ROLE,
                "--oversight.records.pseudonymisation-key=key-of-the-second-node-0123456789abcdef",
                "--oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "--oversight.identity.demonstration-data=false");
        assertThat(secondNode.getBean(JdbcClient.class).sql("select count(*) from analysis_run where id = ?::uuid")
                .param(LEFT_ONCE).query(Long.class).single()).as("the second node is on the first node's database").isOne();
    }

    @AfterAll
    static void the_second_node_stops() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    static void leftByAStoppedNode(JdbcClient jdbc, String id, String title, int resumed) {
        jdbc.sql("""
                insert into analysis_run (id, title, started_by, started_roles, children_only, ages, ethnicity, by_borough,
                    reference, stage, resumed, started_at)
                values (?::uuid, ?, ?, 'ANALYST', true, '10-17', 'self', false, 'WHITE', 'COMPUTING', ?, now() - interval '1 hour')""")
                .params(id, title, TestAccounts.ANALYST, resumed).update();
        jdbc.sql("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat,
                    version, priority)
                values (?, ?, now() - interval '1 hour', true, 'a-node-that-stopped', now() - interval '1 hour', 1, 0)""")
                .params(AnalysisRuns.TASK_NAME, id).update();
    }

    static HttpResponse<String> onTheSecondNode(String path, Cookie session) throws Exception {
        int port = ((WebServerApplicationContext) secondNode).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", session.getName() + "=" + session.getValue()).header("Accept", "text/html,application/json")
                .GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    AnalysisRuns.Run waitFor(String id, Predicate<AnalysisRuns.Run> until) throws InterruptedException {
        long giveUp = System.currentTimeMillis() + 60_000;
        AnalysisRuns.Run run = runs.run(id, ANALYST).orElseThrow();
        while (!until.test(run)) {
            assertThat(System.currentTimeMillis()).as("the run %s came to an end within a minute", id).isLessThan(giveUp);
            Thread.sleep(100);
            run = runs.run(id, ANALYST).orElseThrow();
        }
        return run;
    }

    @Test
    void an_analysis_started_on_one_node_is_followed_to_its_snapshot_on_another() throws Exception {
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String location = mvc.perform(post("/analysis").cookie(analyst).with(csrf()).param("title", "Followed from another node")
                        .param("childrenOnly", "true").param("ethnicity", "self").param("reference", "WHITE"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).matches("/analysis/runs/[0-9a-f-]{36}");

        long giveUp = System.currentTimeMillis() + 60_000;
        while (true) {
            HttpResponse<String> progress = onTheSecondNode(location + "/progress", analyst);
            assertThat(progress.statusCode()).as(progress.body()).isEqualTo(200);
            assertThat(progress.body()).containsPattern("\"message\":\"(Stage [1-4] of 4: [^\"]+|Finished)\"");
            if (progress.body().contains("\"finished\":true")) {
                break;
            }
            HttpResponse<String> page = onTheSecondNode(location, analyst);
            if (page.statusCode() == 200) {
                assertThat(page.body()).contains("Running Followed from another node").containsPattern("Stage [1-4] of 4: ");
            }
            assertThat(System.currentTimeMillis()).as("the analysis finished within a minute").isLessThan(giveUp);
            Thread.sleep(100);
        }
        HttpResponse<String> finished = onTheSecondNode(location, analyst);
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(302);
        String snapshot = finished.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertThat(snapshot).matches("/analysis/\\d+");
        assertThat(onTheSecondNode(snapshot, analyst).body()).contains("Followed from another node");
        // and the first node says the same
        assertThat(mvc.perform(get(location).cookie(analyst)).andReturn().getResponse().getRedirectedUrl()).isEqualTo(snapshot);
    }

    @Test
    void a_run_whose_node_stopped_is_run_again_from_the_start_and_keeps_its_snapshot() throws Exception {
        AnalysisRuns.Run run = waitFor(LEFT_ONCE, AnalysisRuns.Run::finished);
        assertThat(run.failure()).isNull();
        assertThat(run.snapshotId()).isNotNull();
        assertThat(run.resumed()).isEqualTo(1);
        HttpResponse<String> page = onTheSecondNode("/analysis/runs/" + LEFT_ONCE, SignIn.as(mvc, TestAccounts.ANALYST));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/analysis/" + run.snapshotId());
    }

    @Test
    void a_run_whose_node_stopped_once_more_is_marked_failed_saying_why() throws Exception {
        AnalysisRuns.Run run = waitFor(LEFT_AGAIN, AnalysisRuns.Run::finished);
        assertThat(run.snapshotId()).isNull();
        assertThat(run.failure()).isEqualTo(AnalysisRuns.STOPPED_TWICE);
        HttpResponse<String> page = onTheSecondNode("/analysis/runs/" + LEFT_AGAIN, SignIn.as(mvc, TestAccounts.ANALYST));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("No snapshot was kept", "The service stopped twice while running this analysis");
        assertThat(onTheSecondNode("/analysis/runs/" + LEFT_AGAIN + "/progress", SignIn.as(mvc, TestAccounts.ANALYST)).body())
                .contains("\"finished\":true");
    }
}
