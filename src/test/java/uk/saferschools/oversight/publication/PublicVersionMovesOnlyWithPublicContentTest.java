package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.panel.Meetings;
import uk.saferschools.oversight.panel.Members;
import uk.saferschools.oversight.panel.PoliceDecision;
import uk.saferschools.oversight.panel.Recommendations;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The public version (ETag, Last-Modified, the kept copies) moves when public content changes and only
 * then: a failed sign-in, a sign-in, a draft or an agreement inside the panel leave it where it was, so
 * an outsider can neither empty the public caches at will nor read off when anyone did anything.
 */
@OversightTest
class PublicVersionMovesOnlyWithPublicContentTest {

    private static final Actor MEMBER = new Actor(TestAccounts.MEMBER, "PANEL_MEMBER");
    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");
    private static final Actor LIAISON = new Actor(TestAccounts.LIAISON, "POLICE_LIAISON");
    private static final List<String> PUBLIC = List.of("/data", "/recommendations", "/api/v1/recommendations", "/schedule");

    @Autowired
    MockMvc mvc;
    @Autowired
    Recommendations recommendations;
    @Autowired
    AuditTrail auditTrail;
    @Autowired
    Publications publications;
    @Autowired
    Members members;
    @Autowired
    Meetings meetings;
    @Autowired
    FilterRegistrationBean<AnonymousResponseCache.Filter> anonymousAnswersFilter;

    /** What an anonymous visitor is told of an address: when it last changed and its ETag. */
    private record Seen(String lastModified, String etag, String body) {
    }

    /** Anonymous answers, once the second of the latest change is past (Last-Modified is left out within it). */
    private Seen seen(String path) throws Exception {
        long until = System.currentTimeMillis() + 5_000;
        while (true) {
            MockHttpServletResponse response = mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse();
            if (response.getHeader("Last-Modified") != null || System.currentTimeMillis() > until) {
                assertThat(response.getHeader("Last-Modified")).as(path).isNotNull();
                return new Seen(response.getHeader("Last-Modified"), response.getHeader("ETag"), response.getContentAsString());
            }
            Thread.sleep(200);
        }
    }

    private static Instant instant(String httpDate) {
        return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    @Test
    void failed_sign_ins_and_work_inside_the_panel_leave_the_public_version_and_the_kept_copies_alone() throws Exception {
        String reference = recommendations.draft("Stable version check", "A draft the public does not see.", MEMBER);
        Thread.sleep(1_100);
        Map<String, Seen> before = new HashMap<>();
        for (String path : PUBLIC) {
            before.put(path, seen(path));
        }
        long head = auditTrail.head();

        // what an outsider can do at will, and what the panel does out of sight
        for (int i = 0; i < 3; i++) {
            SignIn.attemptFrom(mvc, OUTSIDER, "nobody-" + System.nanoTime(), "wrong password " + i);
        }
        SignIn.attemptFrom(mvc, OUTSIDER, TestAccounts.ANALYST, "wrong password");
        SignIn.as(mvc, TestAccounts.AUDITOR);
        recommendations.revise(reference, "Stable version check", "A second draft the public does not see.", MEMBER);
        recommendations.agree(reference, "Agreed at the test meeting", 2, CHAIR);
        // failed sign-ins are recorded at most once per account (and once for unknown names) per 15 minutes,
        // so the failures may add nothing new; the sign-in, the revision and the agreement always do
        assertThat(auditTrail.head()).as("it is in the audit trail").isGreaterThanOrEqualTo(head + 3);
        Thread.sleep(1_100);

        AnonymousResponseCache.Filter kept = anonymousAnswersFilter.getFilter();
        for (String path : PUBLIC) {
            long answered = kept.answeredFromKeptCopy();
            Seen after = seen(path);
            assertThat(kept.answeredFromKeptCopy()).as(path + " from the kept copy").isEqualTo(answered + 1);
            assertThat(after.lastModified()).as(path).isEqualTo(before.get(path).lastModified());
            assertThat(after.etag()).as(path).isEqualTo(before.get(path).etag());
            assertThat(after.body()).as(path).doesNotContain(reference);
            mvc.perform(get(path).header("If-Modified-Since", before.get(path).lastModified())).andExpect(status().isNotModified());
            mvc.perform(get(path).header("If-None-Match", before.get(path).etag())).andExpect(status().isNotModified());
        }
    }

    /** An address of its own, so these failures throttle no other test's sign-ins (MockMvc is 127.0.0.1). */
    private static final String OUTSIDER = "10.12." + (int) (Math.random() * 250) + ".7";

    @Test
    void issuing_a_recommendation_and_the_police_response_move_the_public_version() throws Exception {
        String reference = recommendations.draft("Moving version check", "Recommended: a public change.", MEMBER);
        recommendations.agree(reference, "Agreed at the test meeting", 1, CHAIR);
        Thread.sleep(1_100);
        Seen before = seen("/recommendations");
        Seen apiBefore = seen("/api/v1/recommendations");
        assertThat(before.body()).doesNotContain(reference);

        recommendations.issue(reference, LocalDate.now().plusMonths(1), SECRETARIAT);
        Seen issued = seen("/recommendations");
        Seen apiIssued = seen("/api/v1/recommendations");
        assertThat(issued.body()).contains(reference);
        assertThat(apiIssued.body()).contains(reference);
        assertThat(instant(issued.lastModified())).isAfter(instant(before.lastModified()));
        assertThat(instant(apiIssued.lastModified())).isAfter(instant(apiBefore.lastModified()));
        assertThat(issued.etag()).isNotEqualTo(before.etag());
        mvc.perform(get("/recommendations").header("If-Modified-Since", before.lastModified())).andExpect(status().isOk());

        recommendations.respond(reference, PoliceDecision.ACCEPTED, "We agree.",
                List.of(new Recommendations.Action("Train the officers", LocalDate.now().plusMonths(2))), LIAISON);
        Seen answered = seen("/api/v1/recommendations");
        assertThat(answered.body()).contains("Train the officers");
        assertThat(instant(answered.lastModified())).isAfter(instant(apiIssued.lastModified()));
    }

    @Test
    void scheduling_a_publication_moves_the_public_version() throws Exception {
        Thread.sleep(1_100);
        Seen before = seen("/schedule");
        Seen data = seen("/data");
        String title = "Version check report " + System.nanoTime();
        publications.schedule(title, "", LocalDate.now().plusMonths(4), SECRETARIAT);
        Seen after = seen("/schedule");
        assertThat(after.body()).contains(title);
        assertThat(instant(after.lastModified())).isAfter(instant(before.lastModified()));
        assertThat(instant(seen("/data").lastModified())).isAfter(instant(data.lastModified()));
    }

    /** Kept copies of these addresses, made since the latest change (so a change that did not move the version would leave them stale). */
    private void keptCopiesOf(String... paths) throws Exception {
        Thread.sleep(1_100);
        AnonymousResponseCache.Filter kept = anonymousAnswersFilter.getFilter();
        for (String path : paths) {
            seen(path);
            long answered = kept.answeredFromKeptCopy();
            seen(path);
            assertThat(kept.answeredFromKeptCopy()).as(path + " kept").isEqualTo(answered + 1);
        }
    }

    @Test
    void members_declarations_meetings_and_agendas_are_seen_at_once_on_the_public_pages() throws Exception {
        String name = "Version Check Member " + System.nanoTime();
        long organisation = members.addOrganisation("Version Check Trust " + System.nanoTime(),
                Members.OrganisationType.SCHOOL_OR_TRUST, SECRETARIAT);
        keptCopiesOf("/members", "/api/v1/members", "/about");
        String aboutBefore = seen("/about").body();
        long member = members.addMember(name, organisation, Members.MemberRole.MEMBER, LocalDate.now().minusDays(1), null,
                LocalDate.now().minusDays(1), SECRETARIAT);
        assertThat(seen("/members").body()).contains(name);
        assertThat(seen("/api/v1/members").body()).contains(name);
        assertThat(seen("/about").body()).isNotEqualTo(aboutBefore);

        String declaration = "Governor of a school in the borough, declared for the version check";
        members.declare(member, declaration, LocalDate.now(), SECRETARIAT);
        keptCopiesOf("/members");
        assertThat(seen("/members").body()).doesNotContain(declaration);
        members.confirmLatestDeclaration(member, SECRETARIAT);
        assertThat(seen("/members").body()).contains(declaration);

        keptCopiesOf("/meetings", "/api/v1/meetings");
        String title = "Version check meeting " + System.nanoTime();
        long meeting = meetings.arrange(title, LocalDate.now().plusDays(20).atTime(18, 0), "City Hall", false, SECRETARIAT);
        assertThat(seen("/meetings").body()).contains(title);
        assertThat(seen("/api/v1/meetings").body()).contains(title);
        keptCopiesOf("/meetings/" + meeting);
        meetings.addAgendaItem(meeting, "Version check agenda item", null, SECRETARIAT);
        assertThat(seen("/meetings/" + meeting).body()).contains("Version check agenda item");
    }
}
