package uk.saferschools.oversight.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** An auditor lists and filters the audit trail and checks its chain from the page. */
@OversightTest
class ReadingTheAuditTrailTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditTrail auditTrail;

    Cookie auditor;
    String marker;

    @BeforeEach
    void someEntries() throws Exception {
        auditor = SignIn.as(mvc, TestAccounts.AUDITOR);
        marker = "marker-" + UUID.randomUUID();
        auditTrail.record(new Actor("alice-" + marker, "ANALYST"), "TEST_VIEWED", "record:" + marker, null, null);
        auditTrail.record(new Actor("bob-" + marker, "CHAIR"), "TEST_EDITED", "paper:" + marker, "v1", "v2");
    }

    String page(String query) throws Exception {
        return mvc.perform(get("/audit" + query).cookie(auditor)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void the_newest_entries_come_first_with_who_in_which_role_did_what_to_what() throws Exception {
        String page = page("");
        assertThat(page).contains("bob-" + marker + " (CHAIR)", "TEST_EDITED", "paper:" + marker, "v1", "v2");
        assertThat(page.indexOf("bob-" + marker)).isLessThan(page.indexOf("alice-" + marker));
    }

    @Test
    void entries_filter_by_who() throws Exception {
        String page = page("?actor=alice-" + marker);
        assertThat(page).contains("alice-" + marker).doesNotContain("bob-" + marker).contains(">1 entry<");
    }

    @Test
    void entries_filter_by_action_and_subject() throws Exception {
        assertThat(page("?action=TEST_EDITED&subject=" + marker)).contains("bob-" + marker).doesNotContain("alice-" + marker);
        assertThat(page("?subject=record:" + marker)).contains("alice-" + marker).doesNotContain("bob-" + marker);
    }

    @Test
    void entries_filter_by_date() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(page("?subject=" + marker + "&from=" + today + "&to=" + today)).contains("alice-" + marker);
        assertThat(page("?subject=" + marker + "&from=" + tomorrow)).doesNotContain("alice-" + marker).contains(">0 entries<");
    }

    @Test
    void a_filter_with_sql_wildcards_matches_them_literally() throws Exception {
        assertThat(page("?subject=%25")).contains(">0 entries<");
    }

    @Test
    void the_auditor_checks_the_chain_from_the_page_and_the_check_is_itself_recorded() throws Exception {
        String result = mvc.perform(post("/audit/verification").cookie(auditor).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(result).contains("The audit trail is intact");
        assertThat(page("?action=AUDIT_TRAIL_VERIFIED&actor=" + TestAccounts.AUDITOR)).contains("Audit trail intact");
    }
}
