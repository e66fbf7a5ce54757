package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.statistics.FunnelLimits;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * One definition of the boroughs' funnel, in the analyst's report as on the public page: each borough's
 * limits are those of FunnelLimits around the force area's rate for the group (the rate of the force
 * area's row of the same snapshot, which includes records whose borough is not known), not around the
 * boroughs' pooled rate.
 */
@OversightTest
class CentringBoroughFunnelsOnTheForceAreaTest {

    @Autowired
    MockMvc mvc;

    static String two(double value) {
        return String.format(Locale.UK, "%.2f", value);
    }

    @Test
    void the_reports_limits_for_each_borough_are_those_around_the_force_areas_rate() throws Exception {
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String location = PageRequests.postAs(mvc, analyst, "/analysis", 302, "title", "Funnel centre", "childrenOnly", "true",
                "ethnicity", "self", "reference", "WHITE", "byBorough", "true");
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
            if (point.get("area_code").asString().equals("E09000002")) {
                // the report's table row for Barking and Dagenham, named, with the same limits
                assertThat(report).contains("<th scope=\"row\">Barking and Dagenham (E09000002)</th>")
                        .contains(two(expected.lower95()) + " to " + two(expected.upper95()));
            }
        }
        assertThat(boroughs).as("the 32 boroughs, and the City where records fall there").isBetween(32, 33);
        // the two centres differ in these records (some have no borough), so the limits above tell them apart
        double pooled = 1000.0 * pooledEvents / pooledPopulation;
        assertThat(pooled).isNotEqualTo(forceRate);
        assertThat(FunnelLimits.at(pooledPopulation / boroughs, pooled).lower95())
                .isNotEqualTo(FunnelLimits.at(pooledPopulation / boroughs, forceRate).lower95());
        assertThat(report).contains("The limits are centred on the force area's rate for the group, "
                + two(forceRate) + " per 1,000, which includes records whose borough is not known");
        assertThat(results.get("funnel_note").asString()).contains("centred on the force area's rate for the group");
    }
}
