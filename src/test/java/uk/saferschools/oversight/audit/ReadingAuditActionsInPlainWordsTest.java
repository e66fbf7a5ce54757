package uk.saferschools.oversight.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The auditor reads each action in plain words ("Terms of reference section edited"), with its code
 * beside it and in the filter, which still filters by the code; the page says truly what the trail holds.
 */
@OversightTest
class ReadingAuditActionsInPlainWordsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditTrail auditTrail;
    @Autowired
    AuditActions actions;
    @Autowired
    JdbcClient jdbc;

    String page(Cookie auditor, String query) throws Exception {
        return mvc.perform(get("/audit" + query).cookie(auditor)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    @Test
    void actions_read_as_words_with_their_code_and_the_filter_still_takes_the_code() throws Exception {
        Cookie auditor = SignIn.as(mvc, TestAccounts.AUDITOR);
        String marker = "words-" + UUID.randomUUID();
        auditTrail.record(new Actor("member-" + marker, "PANEL_MEMBER"), "TOR_SECTION_EDITED", "terms-of-reference:" + marker,
                "FREQUENCY revision 1", "revision 2");
        auditTrail.record(new Actor("someone-" + marker, "SECRETARIAT"), "SOMETHING_NEW_HAPPENED", "x:" + marker, null, null);

        String page = page(auditor, "?subject=" + marker);
        assertThat(page).contains("Terms of reference section edited", "TOR_SECTION_EDITED", "Something new happened",
                "SOMETHING_NEW_HAPPENED");
        assertThat(page.indexOf("Terms of reference section edited")).isLessThan(page.lastIndexOf("TOR_SECTION_EDITED"));
        assertThat(page).contains(">Terms of reference section edited (TOR_SECTION_EDITED)</option>");
        String filtered = page(auditor, "?action=TOR_SECTION_EDITED&subject=" + marker);
        assertThat(filtered).contains("member-" + marker).doesNotContain("someone-" + marker);
        // the page says what the trail holds, not only sign-ins and accounts
        assertThat(page).doesNotContain("Every sign-in, failed sign-in and change to accounts and roles, newest first")
                .contains("imports of records and analyses", "recommendations, meetings, attendance, minutes");
    }

    @Test
    void every_action_the_service_records_has_words_of_its_own() {
        // what the service itself recorded (the demonstration data, the first start, the people signing in), not tests' own codes
        List<String> recorded = jdbc.sql("select distinct action from audit_entry where actor like 'demo-%' "
                + "or actor in ('admin', 'system', 'anonymous')").query(String.class).list();
        assertThat(recorded).contains("TOR_SECTION_EDITED", "MINUTES_APPROVED", "RECOMMENDATION_STATUS");
        for (String code : recorded) {
            assertThat(actions.known(code)).as(code + " has words of its own").isTrue();
        }
        assertThat(actions.words("MINUTES_APPROVED")).isEqualTo("Minutes approved");
        assertThat(actions.words("SIGN_IN_FAILED")).isEqualTo("Sign-in failed");
    }

    /**
     * Every action code the code records as a whole string (read from the sources), whichever tests happened
     * to run first; codes made up of parts ("MINUTES_" + state) are checked by the test above.
     */
    @Test
    void every_action_written_in_the_code_has_words_of_its_own() throws Exception {
        Pattern record = Pattern.compile("\\.record\\([^,;]+,\\s*\"([A-Z][A-Z_]*[A-Z])\"\\s*,");
        Set<String> codes = new TreeSet<>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var m = record.matcher(Files.readString(file));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        assertThat(codes).as("the sources were read").contains("PAPER_ADDED", "ANALYSIS_PUBLISHED", "PUBLICATION_SCHEDULE_FULFILLED");
        for (String code : codes) {
            assertThat(actions.known(code)).as(code + " has words of its own").isTrue();
        }
    }

    @Test
    void a_date_typed_wrongly_in_the_filter_is_named_not_refused() throws Exception {
        Cookie auditor = SignIn.as(mvc, TestAccounts.AUDITOR);
        String page = page(auditor, "?from=31/12/2026");
        assertThat(page).contains("There is a problem", "Enter dates as year-month-day, for example 2026-11-01", "href=\"#from\"");
    }
}
