package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * An analyst chooses the force and the whole months to analyse: the snapshot counts only the police.uk
 * and extended records of that force and period, says which of its months are held and which missing,
 * and marks extended records from a synthetic import. The records here are the City of London Police's
 * (few, so the Metropolitan Police stays the force other tests analyse by default), in 2021.
 */
@OversightTest
class AnalysingAChosenPeriodAndForceTest {

    static final String POLICE_UK_HEADER = "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,"
            + "Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
            + "Outcome linked to object of search,Removal of more than just outer clothing";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    TabularImports imports;

    @TempDir
    Path directory;

    /** A month of the City of London Police: {@code black} and {@code white} children searched near the Guildhall. */
    void policeUk(String month, int black, int white) throws Exception {
        List<String> lines = new ArrayList<>(List.of(POLICE_UK_HEADER));
        for (int i = 0; i < black + white; i++) {
            lines.add("Person search," + month + "-15T16:30:00+00:00,False,,51.5155,-0.0922,Male,10-17,"
                    + (i < black ? "Black/African/Caribbean/Black British - Caribbean,Black"
                    : "White - English/Welsh/Scottish/Northern Irish/British,White")
                    + ",Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,False");
        }
        Path file = directory.resolve(month + "-city-of-london-stop-and-search.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        ImportOutcome outcome = imports.importFile(file, file.getFileName().toString(), ImportOptions.by(Actor.SYSTEM),
                ImportProgress.NONE);
        assertThat(outcome.status()).as(outcome.summary()).isIn(ImportOutcome.Status.IMPORTED, ImportOutcome.Status.UNCHANGED);
    }

    /** Strip searches of 15-year-olds, one per {@code force,date} given; a synthetic import when asked. */
    void stripSearches(String name, boolean synthetic, String... forceAndDates) throws Exception {
        List<String> columns = List.of("record_reference", "power", "occurred_at", "force", "borough_code", "school_urn",
                "on_school_premises", "sso_involved", "officer_team", "age_years", "age_band", "gender",
                "self_defined_ethnicity", "officer_defined_ethnicity", "legislation", "object_of_search", "outcome",
                "outcome_linked", "appropriate_adult_present", "location_type", "safeguarding_referral", "force_tactics",
                "bwv_recorded", "bwv_reference");
        List<String> lines = new ArrayList<>(List.of(String.join(",", columns)));
        for (String forceAndDate : forceAndDates) {
            String[] f = forceAndDate.split(",");
            lines.add(String.join(",", name + "-" + f[0] + "-" + f[1], "strip search exposing intimate parts",
                    f[1] + "T10:15:00+00:00", f[0], "", "", "", "false", "", "15", "", "Male",
                    "\"Black, Black British, Black Welsh, Caribbean or African: Caribbean\"", "Black", "", "", "Arrest", "",
                    "true", "police station", "", "", "true", ""));
        }
        Path file = directory.resolve(name + ".csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        ImportOptions options = ImportOptions.by(Actor.SYSTEM);
        ImportOutcome outcome = imports.importFile(file, file.getFileName().toString(),
                synthetic ? options.asSynthetic() : options, ImportProgress.NONE);
        assertThat(outcome.status()).as(outcome.summary()).isIn(ImportOutcome.Status.IMPORTED, ImportOutcome.Status.UNCHANGED);
    }

    String keep(Cookie analyst, String title, String force, String from, String to) throws Exception {
        String location = PageRequests.postAs(mvc, analyst, "/analysis", 302, "title", title, "childrenOnly", "true",
                "ethnicity", "self", "reference", "WHITE", "byBorough", "true", "force", force, "from", from, "to", to);
        assertThat(location).matches("/analysis/runs/[0-9a-f-]{36}");
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            var response = mvc.perform(get(location).cookie(analyst)).andReturn().getResponse();
            if (response.getStatus() == 302) {
                return response.getRedirectedUrl();
            }
            assertThat(response.getContentAsString()).doesNotContain("No snapshot was kept");
            assertThat(System.currentTimeMillis()).as("the analysis finished within 30 s").isLessThan(until);
            Thread.sleep(100);
        }
    }

    static long strips(JsonNode results) {
        long events = 0;
        for (JsonNode cell : results.get("strip_searches")) {
            events += cell.get("events").asLong();
        }
        return events;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    @Test
    void a_snapshot_counts_only_the_chosen_force_and_months_and_says_which_months_are_missing() throws Exception {
        policeUk("2021-01", 30, 20);
        policeUk("2021-02", 30, 20);
        policeUk("2021-04", 30, 20);
        policeUk("2021-06", 12, 11); // held, but after the period
        // two in the period; one after it; one of another force in the period
        stripSearches("chosen-period", false, "city-of-london,2021-02-03", "city-of-london,2021-02-20",
                "city-of-london,2021-06-10", "kent,2021-02-04");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);

        String form = PageRequests.page(mvc, "/analysis", analyst);
        assertThat(form).contains("city-of-london: months held: January to February, April and June 2021; no records for "
                + "March and May 2021.", "<option value=\"2021-03\">March 2021 (no records held)</option>");

        String snapshot = keep(analyst, "City children, January to April 2021", "city-of-london", "2021-01", "2021-04");
        JsonNode results = JSON.readTree(PageRequests.page(mvc, snapshot + "/results.json", analyst));
        assertThat(results.get("force").asString()).isEqualTo("city-of-london");
        assertThat(results.get("period_from").asString()).isEqualTo("2021-01");
        assertThat(results.get("period_to").asString()).isEqualTo("2021-04");
        assertThat(strings(results.get("months_held"))).containsExactly("2021-01", "2021-02", "2021-04");
        assertThat(strings(results.get("months_missing"))).containsExactly("2021-03");
        assertThat(results.get("records_counted").asLong()).isEqualTo(150);
        assertThat(strips(results)).isEqualTo(2);
        assertThat(results.get("extended_records_period").asString()).isEqualTo("2021-02-03 to 2021-02-20");
        assertThat(strings(results.get("extended_records_months"))).containsExactly("2021-02");
        assertThat(results.get("extended_records_synthetic").asBoolean()).isFalse();
        List<String> trendMonths = new ArrayList<>();
        results.get("trend").forEach(t -> trendMonths.add(t.get("month").asString()));
        assertThat(trendMonths).contains("2021-01", "2021-02", "2021-04").doesNotContain("2021-03", "2021-06");

        String period = "2021-01-01 to 2021-04-30 (months held: January to February and April 2021; no records for March 2021)";
        assertThat(PageRequests.page(mvc, snapshot, analyst)).contains(period + ", 150 records");
        assertThat(PageRequests.page(mvc, "/analysis", analyst)).contains(period);
        String report = PageRequests.page(mvc, snapshot + "/report.html", analyst);
        assertThat(report).contains("period " + period, "<tr><td>2021-03</td><td colspan=\"3\">no records held</td></tr>",
                "No records are held for March 2021", "Extended records", "2021-02-03 to 2021-02-20")
                .doesNotContain("class=\"synthetic\"");
    }

    @Test
    void extended_records_from_a_synthetic_import_mark_the_snapshot_and_its_report_synthetic() throws Exception {
        policeUk("2021-06", 12, 11);
        stripSearches("made-up", true, "city-of-london,2021-06-12");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String snapshot = keep(analyst, "City children, June 2021", "city-of-london", "2021-06", "2021-06");
        JsonNode results = JSON.readTree(PageRequests.page(mvc, snapshot + "/results.json", analyst));
        assertThat(results.get("extended_records_synthetic").asBoolean()).isTrue();
        assertThat(strings(results.get("extended_records_months"))).containsExactly("2021-06");
        assertThat(strings(results.get("months_missing"))).isEmpty();
        String report = PageRequests.page(mvc, snapshot + "/report.html", analyst);
        assertThat(report).contains("<h2>More thorough and strip searches <strong class=\"synthetic\">Synthetic</strong></h2>",
                "<h2>Extended records <strong class=\"synthetic\">Synthetic</strong></h2>", "Some or all of them are synthetic");
    }

    @Test
    void a_period_that_ends_before_it_starts_or_holds_no_month_is_refused_with_what_to_do() throws Exception {
        policeUk("2021-01", 30, 20);
        policeUk("2021-02", 30, 20);
        policeUk("2021-04", 30, 20);
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        String backwards = PageRequests.postAs(mvc, analyst, "/analysis", 200, "title", "Backwards", "childrenOnly", "true",
                "force", "city-of-london", "from", "2021-04", "to", "2021-01");
        assertThat(backwards).contains("<title>Error: Analysis", "The last month, January 2021, is before the first, April 2021",
                "href=\"#to\"", "value=\"Backwards\"", "<option value=\"2021-04\" selected=\"selected\">");
        String nothingHeld = PageRequests.postAs(mvc, analyst, "/analysis", 200, "title", "Nothing held", "childrenOnly", "true",
                "force", "city-of-london", "from", "2021-03", "to", "2021-03");
        assertThat(nothingHeld).contains("No police.uk records of city-of-london are held for March 2021: choose a period "
                + "with a month held", "href=\"#from\"");
        String noSuchForce = PageRequests.postAs(mvc, analyst, "/analysis", 200, "title", "Kent", "force", "kent");
        assertThat(noSuchForce).contains("No police.uk records are held for the force &quot;kent&quot;", "href=\"#force\"");
        String notAMonth = PageRequests.postAs(mvc, analyst, "/analysis", 200, "title", "Typed", "from", "March");
        assertThat(notAMonth).contains("Choose the first month of the period from the list");
    }
}
