package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.saferschools.oversight.support.FormFields.hidden;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * One definition of a member everywhere, the quorum's: the chair and members. The secretariat and the
 * police liaison attend, and are listed as also present, but are never counted as members; the panel
 * page and the public minutes say the same number in the same words, and who approved the minutes and
 * when. The member lists show who counts.
 */
@OversightTest
class CountingOnlyTheChairAndMembersTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    long member(Cookie secretariat, String name, String role) throws Exception {
        long org = jdbc.sql("select id from organisation order by id limit 1").query(Long.class).single();
        postAs(mvc, secretariat, "/panel/members", 302, "name", name, "organisation", Long.toString(org), "role", role,
                "termFrom", LocalDate.now().minusYears(1).toString());
        return jdbc.sql("select id from panel_member where name = ?").param(name).query(Long.class).single();
    }

    @Test
    void the_panel_page_and_the_public_minutes_count_the_chair_and_members_alike_and_list_the_others_apart() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        long chairAndMember = member(secretariat, "Counted Member Okonkwo", "MEMBER");
        long secretary = member(secretariat, "Uncounted Secretary Ferreira", "SECRETARIAT");
        long liaison = member(secretariat, "Uncounted Liaison Novak", "POLICE_LIAISON");
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Counting test meeting", "date",
                LocalDate.now().plusDays(3).toString(), "time", "18:00", "place", "City Hall");
        for (long present : new long[] {chairAndMember, secretary, liaison}) {
            postAs(mvc, secretariat, meeting + "/attendance", 302, "member", Long.toString(present), "status", "PRESENT");
        }
        long serving = jdbc.sql("select count(*) from panel_member where role in ('CHAIR', 'MEMBER') and term_from <= current_date "
                + "+ 3 and (term_to is null or term_to >= current_date + 3)").query(Long.class).single();
        String sentence = "1 of the " + serving + " chair and members present; not quorate (quorum " + (serving / 2 + 1) + ")";
        String panelPage = page(mvc, meeting, chair);
        assertThat(panelPage).contains(sentence, "Also present, not counted for the quorum: ",
                "Uncounted Liaison Novak (Police liaison)", "Uncounted Secretary Ferreira (Secretariat)");

        postAs(mvc, secretariat, meeting + "/minutes", 302, "body", "Counting minutes.");
        postAs(mvc, chair, meeting + "/minutes/approve", 302, "version", hidden(page(mvc, meeting, chair), "version"));
        postAs(mvc, secretariat, meeting + "/minutes/publish", 302);
        String id = meeting.substring(meeting.lastIndexOf('/') + 1);
        String publicPage = page(mvc, "/meetings/" + id, null);
        assertThat(publicPage).contains(sentence + ".", "Uncounted Liaison Novak (Police liaison)",
                "Uncounted Secretary Ferreira (Secretariat)").doesNotContain("3 members present", "members present; the meeting was");
        // who approved, and when: the role for everyone, the username for the panel only
        assertThat(publicPage).contains("Approved by the chair on ").doesNotContain(TestAccounts.CHAIR);
        assertThat(page(mvc, meeting, secretariat)).contains("Approved by the chair (" + TestAccounts.CHAIR + ") on ");
    }

    @Test
    void the_member_lists_show_who_counts_towards_the_quorum() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        member(secretariat, "Listed Member Achebe", "MEMBER");
        member(secretariat, "Listed Liaison Kowalski", "POLICE_LIAISON");
        for (String whole : new String[] {page(mvc, "/members", null), page(mvc, "/panel/members", secretariat)}) {
            String list = whole.substring(whole.indexOf("<h1"));
            int counted = list.indexOf("hair and members</h2>");
            int others = list.indexOf(list.contains("Also attending</h2>") ? "Also attending</h2>" : "Also on the panel</h2>");
            assertThat(counted).isPositive();
            assertThat(others).isGreaterThan(counted);
            assertThat(list.indexOf("Listed Member Achebe")).isBetween(counted, others);
            assertThat(list.indexOf("Listed Liaison Kowalski")).isGreaterThan(others);
            assertThat(list).contains("do not count towards the quorum");
        }
    }
}
