package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Two people open the same terms-of-reference section, or the same draft recommendation, and both save
 * through the page's form. The first is saved; the second gets a 409 saying someone else saved it first,
 * with the latest text to read, and nothing of theirs is saved over it. Starting again from the latest,
 * the second is saved. The police response is answered the same way: two answers started from the same
 * response, the second refused with a 409. (Approvals of text changed since it was read: {@link ApprovingOnlyWhatWasReadTest}.)
 */
@OversightTest
class EditingTheSameTextAtOnceTest {

    static final String CONFLICT = "Someone else saved";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    /** The section's revision as the page's edit form for it carries it. */
    static String sectionRevision(String page, String section) {
        Matcher m = Pattern.compile("/sections/" + section + "\" method=\"post\" novalidate>\\s*"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]*\"/?>\\s*"
                + "<input type=\"hidden\" name=\"revision\" value=\"(\\d+)\">|/sections/" + section
                + "\" method=\"post\" novalidate>\\s*<input type=\"hidden\" name=\"revision\" value=\"(\\d+)\">").matcher(page);
        assertThat(m.find()).as("the edit form of %s carries its revision", section).isTrue();
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    String currentSection(int number, String section) {
        return jdbc.sql("""
                select s.body from tor_section s join tor_version v on v.id = s.version_id
                where v.number = ? and s.section = ? order by s.revision desc limit 1""")
                .params(number, section).query(String.class).single();
    }

    @Test
    void the_second_of_two_editors_of_one_section_is_told_and_overwrites_nothing() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        int number = aDraft(secretariat);
        String path = "/panel/terms-of-reference/" + number;

        // both open the draft and start rewriting Scope
        String readByMember = sectionRevision(page(mvc, path, member), "SCOPE");
        String readBySecretariat = sectionRevision(page(mvc, path, secretariat), "SCOPE");
        assertThat(readBySecretariat).isEqualTo(readByMember);

        postAs(mvc, member, path + "/sections/SCOPE", 302, "body", "Scope as the member wrote it, first.", "revision", readByMember);
        String refused = postAs(mvc, secretariat, path + "/sections/SCOPE", 409, "body", "Scope as the secretariat wrote it, second.",
                "revision", readBySecretariat);
        assertThat(refused).contains(CONFLICT, "Your text was not saved", "read the latest text below",
                "Scope as the member wrote it, first.").doesNotContain("Exception", "at uk.saferschools");
        assertThat(currentSection(number, "SCOPE")).isEqualTo("Scope as the member wrote it, first.");

        // starting again from the latest, the secretariat's change is saved on top of the member's
        String latest = sectionRevision(page(mvc, path, secretariat), "SCOPE");
        assertThat(Integer.parseInt(latest)).isEqualTo(Integer.parseInt(readByMember) + 1);
        postAs(mvc, secretariat, path + "/sections/SCOPE", 302, "body", "Scope as the member wrote it, first; and the secretariat.",
                "revision", latest);
        assertThat(currentSection(number, "SCOPE")).isEqualTo("Scope as the member wrote it, first; and the secretariat.");
        // an edit of another section is not held up by it
        postAs(mvc, member, path + "/sections/QUORUM", 302, "body", "Quorum, unaffected.", "revision",
                sectionRevision(page(mvc, path, member), "QUORUM"));
    }

    @Test
    void the_second_of_two_members_revising_one_draft_recommendation_is_told_and_overwrites_nothing() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        String path = postAs(mvc, member, "/panel/recommendations", 302, "title", "Edited at once", "body", "The first text.");
        String ref = path.substring(path.lastIndexOf('/') + 1);
        String readByMember = hidden(page(mvc, path, member), "version");
        String readByChair = hidden(page(mvc, path, chair), "version");

        postAs(mvc, member, path + "/revise", 302, "title", "Edited at once", "body", "The revision by the member.", "version", readByMember);
        String refused = postAs(mvc, chair, path + "/revise", 409, "title", "Edited at once", "body", "The revision by the chair.",
                "version", readByChair);
        assertThat(refused).contains(CONFLICT, "the draft of " + ref, "now at version 2, and you started from version 1",
                "The revision by the member.").doesNotContain("Exception", "at uk.saferschools");
        assertThat(jdbc.sql("""
                select t.body from recommendation_text t join recommendation r on r.id = t.recommendation_id
                where r.reference = ? order by t.version desc""").param(ref).query(String.class).list())
                .containsExactly("The revision by the member.", "The first text.");

        postAs(mvc, chair, path + "/revise", 302, "title", "Edited at once", "body", "The revision by the chair, after reading.",
                "version", hidden(page(mvc, path, chair), "version"));
        assertThat(page(mvc, path, member)).contains("The revision by the chair, after reading.");
    }

    @Test
    void the_second_of_two_answers_for_the_police_to_one_recommendation_is_told_and_overwrites_nothing() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        // the liaison signed in twice (two devices, or a colleague at the same desk): two pages open at once
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        Cookie liaisonElsewhere = SignIn.as(mvc, TestAccounts.LIAISON);
        String path = postAs(mvc, member, "/panel/recommendations", 302, "title", "Answered at once", "body", "Text.");
        String ref = path.substring(path.lastIndexOf('/') + 1);
        postAs(mvc, chair, path + "/agree", 302, "decision", "Agreed", "version", hidden(page(mvc, path, chair), "version"));
        postAs(mvc, chair, path + "/issue", 302, "responseDue", java.time.LocalDate.now().plusDays(20).toString());

        // before any answer, both forms start from "no response yet"
        String readHere = hidden(page(mvc, path, liaison), "responseVersion");
        String readThere = hidden(page(mvc, path, liaisonElsewhere), "responseVersion");
        assertThat(readHere).isEqualTo(readThere).isEqualTo("0");
        postAs(mvc, liaison, path + "/respond", 302, "decision", "ACCEPTED", "reasons", "The answer sent first.",
                "action1", "Train every officer", "due1", "2027-05-31", "responseVersion", readHere);
        String refused = postAs(mvc, liaisonElsewhere, path + "/respond", 409, "decision", "NOT_ACCEPTED",
                "reasons", "The answer sent second.", "responseVersion", readThere);
        assertThat(refused).contains(CONFLICT, "the police response to " + ref,
                "now at response version 1, and you started from response version 0", "Your text was not saved",
                "The answer sent first.").doesNotContain("Exception", "at uk.saferschools");
        assertThat(responses(ref)).containsExactly("ACCEPTED: The answer sent first.");
        assertThat(jdbc.sql("select status from recommendation where reference = ?").param(ref).query(String.class).single())
                .isEqualTo("IN_PROGRESS");

        // a revision of a response already there is checked the same way
        String revisingHere = hidden(page(mvc, path, liaison), "responseVersion");
        String revisingThere = hidden(page(mvc, path, liaisonElsewhere), "responseVersion");
        assertThat(revisingHere).isEqualTo(revisingThere).isEqualTo("1");
        postAs(mvc, liaisonElsewhere, path + "/respond", 302, "decision", "PARTLY_ACCEPTED", "reasons", "Revised, after reading.",
                "action1", "Train every officer", "due1", "2027-06-30", "responseVersion", revisingThere);
        postAs(mvc, liaison, path + "/respond", 409, "decision", "ACCEPTED", "reasons", "Revised without reading.",
                "action1", "Train every officer", "due1", "2027-05-31", "responseVersion", revisingHere);
        assertThat(responses(ref)).containsExactly("PARTLY_ACCEPTED: Revised, after reading.", "ACCEPTED: The answer sent first.");
        assertThat(page(mvc, "/recommendations/" + ref, null)).contains("Revised, after reading.").doesNotContain("Revised without reading.");
    }

    /** The police responses to a recommendation, newest first, as "DECISION: reasons". */
    java.util.List<String> responses(String ref) {
        return jdbc.sql("""
                select p.decision || ': ' || p.reasons from police_response p join recommendation r on r.id = p.recommendation_id
                where r.reference = ? order by p.version desc""").param(ref).query(String.class).list();
    }

    /** The number of a version in draft: the one in progress (taken back from consultation), or a new one. */
    int aDraft(Cookie secretariat) throws Exception {
        int number = jdbc.sql("select number from tor_version where state in ('DRAFT', 'CONSULTATION')").query(Integer.class)
                .optional().orElse(-1);
        if (number < 0) {
            String started = postAs(mvc, secretariat, "/panel/terms-of-reference", 302);
            return Integer.parseInt(started.substring(started.lastIndexOf('/') + 1));
        }
        if (jdbc.sql("select state from tor_version where number = ?").param(number).query(String.class).single()
                .equals("CONSULTATION")) {
            postAs(mvc, secretariat, "/panel/terms-of-reference/" + number + "/reopen", 302);
        }
        return number;
    }
}
