package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.time.YearMonth;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** An analyst runs an analysis over the imported records and keeps it; the panel reads it; nobody can change it. */
@OversightTest
class KeepingAnalysisSnapshotsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    String keep(Cookie analyst, String title, boolean children) throws Exception {
        return keep(analyst, title, children, "");
    }

    String keep(Cookie analyst, String title, boolean children, String ages) throws Exception {
        String location = mvc.perform(post("/analysis").cookie(analyst).with(csrf()).param("title", title)
                        .param("childrenOnly", Boolean.toString(children)).param("ages", ages).param("ethnicity", "self")
                        .param("reference", "WHITE").param("byBorough", "true"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        // the analysis runs in the background; its page names the stage until the snapshot is kept
        assertThat(location).matches("/analysis/runs/[0-9a-f-]{36}");
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            var response = mvc.perform(get(location).cookie(analyst)).andReturn().getResponse();
            if (response.getStatus() == 302) {
                assertThat(response.getRedirectedUrl()).matches("/analysis/\\d+");
                return response.getRedirectedUrl();
            }
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).containsPattern("Stage [1-4] of 4: |No snapshot was kept");
            assertThat(response.getContentAsString()).doesNotContain("No snapshot was kept");
            assertThat(System.currentTimeMillis()).as("the analysis finished within 30 s").isLessThan(until);
            Thread.sleep(100);
        }
    }

    @Test
    void only_the_analyst_who_started_a_run_follows_it() throws Exception {
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String location = mvc.perform(post("/analysis").cookie(analyst).with(csrf()).param("title", "Followed"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).cookie(SignIn.as(mvc, TestAccounts.CHAIR))).andExpect(status().isForbidden());
        mvc.perform(get(location + "/progress").cookie(SignIn.as(mvc, TestAccounts.ADMINISTRATOR)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/analysis/runs/00000000-0000-0000-0000-000000000000").cookie(analyst))
                .andExpect(status().isNotFound());
        String progress = mvc.perform(get(location + "/progress").cookie(analyst)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(progress).containsPattern("\"finished\":(true|false)").contains("\"message\":");
    }

    @Test
    void the_form_offers_children_aged_10_to_17_by_default_or_0_to_17_and_the_snapshot_says_which() throws Exception {
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String form = mvc.perform(get("/analysis").cookie(analyst)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(form).containsPattern("id=\"ages-10-17\"[^>]*value=\"10-17\"[^>]*checked")
                .contains("Aged 10 to 17 (the default)", "Aged 0 to 17");
        String snapshot = keep(analyst, "Children of every age, spring 2022", true, "0-17");
        String page = mvc.perform(get(snapshot).cookie(analyst)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("children aged 0 to 17, self-defined ethnicity");
        String results = mvc.perform(get(snapshot + "/results.json").cookie(analyst)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(results).contains("\"ages\": \"0-17\"", "ages 0 to 17");
    }

    @Test
    void an_analyst_keeps_an_analysis_of_the_demonstration_records_and_a_panel_member_reads_it() throws Exception {
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String snapshot = keep(analyst, "Children searched, spring 2022", true);
        Cookie member = SignIn.as(mvc, TestAccounts.CHAIR);
        String page = mvc.perform(get(snapshot).cookie(member)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        // the period is whatever the shared test database holds: the demonstration months and other tests' months
        assertThat(page).contains("Children searched, spring 2022", "children aged 10 to 17, self-defined ethnicity, reference White",
                "E23000001", "Metropolitan Police area", "Black", "reliable", ">Demonstration<")
                .containsPattern("\\d{4}-\\d{2}-01 to \\d{4}-\\d{2}-\\d{2} \\(months held: [^)]+\\), [\\d,]+ records");
        String rates = mvc.perform(get(snapshot + "/rates.csv").cookie(member)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(rates).startsWith("area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability\n"
                + "E23000001,Asian,");
        String results = mvc.perform(get(snapshot + "/results.json").cookie(member)).andReturn().getResponse().getContentAsString();
        var json = JsonMapper.builder().build().readTree(results);
        // every more thorough and strip search of a child of the snapshot's force and period, counted once; none outside it
        LocalDate from = YearMonth.parse(json.get("period_from").asString()).atDay(1);
        LocalDate to = YearMonth.parse(json.get("period_to").asString()).atEndOfMonth();
        long stripSearches = jdbc.sql("""
                select count(*) from power_use where power in ('MORE_THOROUGH_SEARCH', 'STRIP_SEARCH_INTIMATE_PARTS')
                and (age_years < 18 or age_band in ('under 10', '10-17')) and force = ?
                and (occurred_at at time zone 'Europe/London')::date between ? and ?""")
                .params(json.get("force").asString(), from, to).query(Long.class).single();
        long counted = 0;
        for (var cell : json.get("strip_searches")) {
            counted += cell.get("events").asLong();
        }
        assertThat(counted).isEqualTo(stripSearches);
        String report = mvc.perform(get(snapshot + "/report.html").cookie(member)).andReturn().getResponse().getContentAsString();
        assertThat(report).contains("Black children were stopped and searched at", "Extended records");
        // the demonstration's synthetic extended records are dated in the months of its police.uk records
        assertThat(stripSearches).isPositive();
        assertThat(results).contains("\"sso_comparison\": [\n    {\"group\": ", "\"school_funnel\": {\"academic_years\": [\"2021/22\"",
                "\"sso_counts\": [\n    {\"group\": \"Asian\"", "\"extended_records_synthetic\": true");
        assertThat(report).contains("More thorough and strip searches", "Share present", "Safer Schools Officers and other officers",
                "Schools compared (funnel)", "Synthetic School", "Synthetic");
        assertThat(mvc.perform(get("/analysis").cookie(member)).andReturn().getResponse().getContentAsString())
                .contains("Children searched, spring 2022").doesNotContain("Run and keep the analysis");
    }

    @Test
    void a_snapshot_cannot_be_changed_or_deleted() throws Exception {
        String snapshot = keep(SignIn.as(mvc, TestAccounts.ANALYST), "All ages", false);
        long id = Long.parseLong(snapshot.substring(snapshot.lastIndexOf('/') + 1));
        // the application's database role may only add snapshots; the owner of the table meets the trigger
        assertThatThrownBy(() -> jdbc.sql("update analysis_snapshot set title = 'changed' where id = ?").param(id).update())
                .rootCause().hasMessageContaining("permission denied for table analysis_snapshot");
        assertThatThrownBy(() -> jdbc.sql("delete from analysis_snapshot where id = ?").param(id).update())
                .rootCause().hasMessageContaining("permission denied for table analysis_snapshot");
        DatabaseAs.owner(dataSource, owner -> {
            assertThatThrownBy(() -> owner.sql("update analysis_snapshot set title = 'changed' where id = ?").param(id).update())
                    .hasMessageContaining("immutable");
            assertThatThrownBy(() -> owner.sql("delete from analysis_snapshot where id = ?").param(id).update())
                    .hasMessageContaining("immutable");
        });
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'ANALYSIS_SNAPSHOT_SAVED' and subject = ?")
                .param("analysis:" + id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void every_download_of_a_snapshot_file_is_recorded_with_who_took_which_file_of_which_snapshot() throws Exception {
        long id = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values ('Downloads recorded, test', 'demo-analyst', 'children', 10, 'x', '{}', '<p>r</p>') returning id""")
                .query(Long.class).single();
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        mvc.perform(get("/analysis/" + id + "/results.json").cookie(member)).andExpect(status().isOk());
        mvc.perform(get("/analysis/" + id + "/rates.csv").cookie(secretariat)).andExpect(status().isOk());
        mvc.perform(get("/analysis/" + id + "/report.html").cookie(member)).andExpect(status().isOk());
        // refused reads leave no entry: the police may not download a snapshot at all
        mvc.perform(get("/analysis/" + id + "/results.json").cookie(SignIn.as(mvc, TestAccounts.LIAISON)))
                .andExpect(status().isForbidden());

        assertThat(jdbc.sql("select actor || ' ' || after_summary from audit_entry "
                        + "where action = 'ANALYSIS_SNAPSHOT_DOWNLOADED' and subject = ? order by sequence_no")
                .param("analysis:" + id).query(String.class).list()).containsExactly(
                "demo-member results.json of Downloads recorded, test",
                "demo-secretariat rates.csv of Downloads recorded, test",
                "demo-member report.html of Downloads recorded, test");
    }

    @Test
    void only_analysts_run_analyses_and_police_liaison_and_the_public_see_none() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        mvc.perform(post("/analysis").cookie(member).with(csrf()).param("title", "x")).andExpect(status().isForbidden());
        mvc.perform(get("/analysis").cookie(SignIn.as(mvc, TestAccounts.LIAISON))).andExpect(status().isForbidden());
        mvc.perform(get("/analysis")).andExpect(status().isFound());
    }

    @Test
    void a_snapshot_needs_a_title() throws Exception {
        String page = mvc.perform(post("/analysis").cookie(SignIn.as(mvc, TestAccounts.ANALYST)).with(csrf()).param("title", " "))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Enter a title for the snapshot");
    }
}
