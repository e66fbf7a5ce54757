package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.records.ImportOptions;
import uk.saferschools.oversight.records.ImportOutcome;
import uk.saferschools.oversight.records.ImportProgress;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.statistics.FunnelLimits;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * One definition of the boroughs' funnel, in the analyst's report as on the public page: each borough's
 * limits are those of FunnelLimits around the force area's rate for the group (the rate of the force
 * area's row of the same snapshot, which includes records whose borough is not known), not around the
 * boroughs' pooled rate. The records are a month of the Metropolitan Police of the test's own, October
 * 2012, a third of whose Black people searched have no coordinates, so that the two centres differ.
 */
@OversightTest
class CentringBoroughFunnelsOnTheForceAreaTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    TabularImports imports;

    @TempDir
    Path directory;

    void october2012() throws Exception {
        List<String> lines = new ArrayList<>(List.of(AnalysingAChosenPeriodAndForceTest.POLICE_UK_HEADER));
        for (int i = 0; i < 90; i++) {
            boolean black = i < 60;
            // Lambeth, or no coordinates for one Black person in three
            String place = black && i % 3 == 0 ? "," : "51.462,-0.115";
            lines.add("Person search,2012-10-15T16:30:00+00:00,False,," + place + ",Male,18-24,"
                    + (black ? "Black/African/Caribbean/Black British - Caribbean,Black"
                    : "White - English/Welsh/Scottish/Northern Irish/British,White")
                    + ",Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,False");
        }
        Path file = Files.write(directory.resolve("2012-10-metropolitan-stop-and-search.csv"), lines, StandardCharsets.UTF_8);
        ImportOutcome outcome = imports.importFile(file, file.getFileName().toString(), ImportOptions.by(Actor.SYSTEM),
                ImportProgress.NONE);
        assertThat(outcome.status()).as(outcome.summary()).isIn(ImportOutcome.Status.IMPORTED, ImportOutcome.Status.UNCHANGED);
    }

    static String two(double value) {
        return String.format(Locale.UK, "%.2f", value);
    }

    @Test
    void the_reports_limits_for_each_borough_are_those_around_the_force_areas_rate() throws Exception {
        october2012();
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String location = PageRequests.postAs(mvc, analyst, "/analysis", 302, "title", "Funnel centre", "childrenOnly", "false",
                "ethnicity", "self", "reference", "WHITE", "byBorough", "true", "force", "metropolitan", "from", "2012-10",
                "to", "2012-10");
        String snapshot = null;
        for (long until = System.currentTimeMillis() + 30_000; snapshot == null; Thread.sleep(100)) {
            var response = mvc.perform(get(location).cookie(analyst)).andReturn().getResponse();
            snapshot = response.getStatus() == 302 ? response.getRedirectedUrl() : null;
            assertThat(System.currentTimeMillis()).isLessThan(until);
        }
        JsonNode results = JsonMapper.builder().build().readTree(PageRequests.page(mvc, snapshot + "/results.json", analyst));
        String report = PageRequests.page(mvc, snapshot + "/report.html", analyst);

        double forceRate = Double.NaN;
        for (JsonNode row : results.get("rows")) {
            if (row.get("area_code").asString().equals("E23000001") && row.get("group").asString().equals("Black")) {
                forceRate = row.get("rate_per_1000").asDouble();
            }
        }
        assertThat(forceRate).isPositive();
        long pooledEvents = 0;
        double pooledPopulation = 0;
        int boroughs = 0;
        for (JsonNode point : results.get("funnel")) {
            if (!point.get("group").asString().equals("Black")) {
                continue;
            }
            boroughs++;
            double population = point.get("population").asDouble();
            pooledEvents += point.get("events").asLong();
            pooledPopulation += population;
            FunnelLimits.Limits expected = FunnelLimits.at(population, forceRate);
            assertThat(point.get("lower_95").asDouble()).isEqualTo(expected.lower95());
            assertThat(point.get("upper_95").asDouble()).isEqualTo(expected.upper95());
            assertThat(point.get("lower_99_8").asDouble()).isEqualTo(expected.lower998());
            assertThat(point.get("upper_99_8").asDouble()).isEqualTo(expected.upper998());
            if (point.get("area_code").asString().equals("E09000022")) {
                // the report's table row for Lambeth, named, with the same limits
                assertThat(report).contains("<th scope=\"row\">Lambeth (E09000022)</th>")
                        .contains(two(expected.lower95()) + " to " + two(expected.upper95()));
            }
        }
        assertThat(boroughs).as("Lambeth, the one borough with records").isEqualTo(1);
        // the two centres differ (a third of the Black people searched have no borough), so the limits above tell them apart
        assertThat(pooledEvents).isEqualTo(40);
        double pooled = 1000.0 * pooledEvents / pooledPopulation;
        assertThat(two(pooled)).isNotEqualTo(two(forceRate));
        assertThat(report).contains("The limits are centred on the force area's rate for the group, "
                + two(forceRate) + " per 1,000, which includes records whose borough is not known");
        assertThat(results.get("funnel_note").asString()).contains("centred on the force area's rate for the group");
    }
}
