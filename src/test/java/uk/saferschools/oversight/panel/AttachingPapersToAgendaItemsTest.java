package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.page;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A paper added to a meeting may be for one item of its agenda: the panel sees it under that item, and the
 * public does too once, and only once, the secretariat has made that paper public. The attachment is in the
 * audit trail, and a paper can never be attached to an item of another meeting.
 */
@OversightTest
class AttachingPapersToAgendaItemsTest {

    static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    String upload(Cookie who, String meeting, int expected, String title, Long agendaItem) throws Exception {
        var request = multipart(meeting + "/papers").file(new MockMultipartFile("file", "paper.pdf", "application/pdf", PDF))
                .param("title", title).cookie(who).with(csrf());
        if (agendaItem != null) {
            request = request.param("agendaItem", Long.toString(agendaItem));
        }
        var response = mvc.perform(request).andExpect(status().is(expected)).andReturn().getResponse();
        return expected == 302 ? response.getRedirectedUrl() : response.getContentAsString();
    }

    long agendaItem(String meeting, String title) {
        return jdbc.sql("select id from agenda_item where meeting_id = ? and title = ?").params(id(meeting), title)
                .query(Long.class).single();
    }

    long paper(String title) {
        return jdbc.sql("select id from paper where title = ?").param(title).query(Long.class).single();
    }

    static long id(String meeting) {
        return Long.parseLong(meeting.substring(meeting.lastIndexOf('/') + 1));
    }

    /** The text of each paper listed under the agenda item whose own text starts with {@code item}. */
    static List<String> papersUnder(String html, String item) {
        Document page = Jsoup.parse(html);
        Element li = page.select("ol > li").stream().filter(e -> e.ownText().startsWith(item)
                        || e.select("> span, > a").stream().anyMatch(s -> s.text().equals(item)))
                .findFirst().orElseThrow(() -> new AssertionError("No agenda item " + item + " in " + page.select("ol").text()));
        return li.select("li.agenda-item-paper").eachText();
    }

    @Test
    void a_member_attaches_a_paper_to_an_agenda_item_and_the_public_sees_it_there_only_once_it_is_public() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Agenda papers test meeting", "date",
                "2027-05-06", "time", "18:00", "place", "City Hall");
        postAs(mvc, secretariat, meeting + "/agenda", 302, "title", "Agenda papers: searches at the school gate");
        postAs(mvc, secretariat, meeting + "/agenda", 302, "title", "Agenda papers: body-worn video");
        long gate = agendaItem(meeting, "Agenda papers: searches at the school gate");
        // after the open recommendations' follow-ups, which a new meeting's agenda starts with
        int position = jdbc.sql("select position from agenda_item where id = ?").param(gate).query(Integer.class).single();

        // the form offers the meeting's items
        assertThat(Jsoup.parse(page(mvc, meeting, member)).select("select#paper-item option").eachText())
                .contains("Not for a particular item: the meeting as a whole")
                .contains(position + ". Agenda papers: searches at the school gate");

        upload(member, meeting, 302, "Gate search figures, spring term", gate);
        upload(member, meeting, 302, "Gate search notes for the panel only", gate);
        upload(member, meeting, 302, "Apologies received", null);
        long figures = paper("Gate search figures, spring term");
        long notes = paper("Gate search notes for the panel only");

        String panelPage = page(mvc, meeting, member);
        assertThat(papersUnder(panelPage, "Agenda papers: searches at the school gate")).hasSize(2)
                .anyMatch(p -> p.contains("Gate search figures, spring term (paper.pdf)") && p.contains("Panel only"))
                .anyMatch(p -> p.contains("Gate search notes for the panel only (paper.pdf)"));
        assertThat(papersUnder(panelPage, "Agenda papers: body-worn video")).isEmpty();
        assertThat(Jsoup.parse(panelPage).select("#meeting-papers").text()).contains("Apologies received")
                .doesNotContain("Gate search");

        // the secretariat hears of it, and for which meeting
        assertThat(jdbc.sql("select count(*) from notification where username = ? and message = ?")
                .params(TestAccounts.SECRETARIAT, "New paper for Agenda papers test meeting: Gate search figures, spring term")
                .query(Long.class).single()).isEqualTo(1);

        // the attachment is recorded like the upload: who, which paper, which item of which meeting
        assertThat(jdbc.sql("select action from audit_entry where subject = ? order by sequence_no").param("paper:" + figures)
                .query(String.class).list()).containsExactly("PAPER_ADDED", "PAPER_ATTACHED_TO_AGENDA_ITEM");
        assertThat(jdbc.sql("select actor || ': ' || after_summary from audit_entry where subject = ? and action = ?")
                .params("paper:" + figures, "PAPER_ATTACHED_TO_AGENDA_ITEM").query(String.class).single())
                .isEqualTo(TestAccounts.MEMBER + ": meeting:" + id(meeting) + ", agenda item " + position
                        + ", Agenda papers: searches at the school gate");

        // not public yet: the public page shows the item, and neither paper
        String publicMeeting = "/meetings/" + id(meeting);
        assertThat(papersUnder(page(mvc, publicMeeting, null), "Agenda papers: searches at the school gate")).isEmpty();
        assertThat(page(mvc, publicMeeting, null)).doesNotContain("Gate search");

        postAs(mvc, secretariat, "/panel/papers/" + figures + "/public", 302);
        String publicPage = page(mvc, publicMeeting, null);
        assertThat(papersUnder(publicPage, "Agenda papers: searches at the school gate"))
                .containsExactly("Paper: Gate search figures, spring term (paper.pdf)");
        assertThat(Jsoup.parse(publicPage).select("a[href=/papers/" + figures + "]")).hasSize(1);
        // the item's other paper is still the panel's only
        assertThat(publicPage).doesNotContain("Gate search notes for the panel only").doesNotContain("/papers/" + notes + "\"");
        assertThat(publicPage).doesNotContain("Apologies received");
    }

    @Test
    void a_paper_cannot_be_attached_to_an_item_of_another_meeting() throws Exception {
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String one = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Agenda papers meeting one", "date", "2027-06-03",
                "time", "18:00", "place", "Online");
        String other = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Agenda papers meeting two", "date", "2027-07-01",
                "time", "18:00", "place", "Online");
        postAs(mvc, secretariat, other + "/agenda", 302, "title", "Agenda papers: another meeting's item");
        long elsewhere = agendaItem(other, "Agenda papers: another meeting's item");

        assertThat(upload(secretariat, one, 200, "Paper for the wrong meeting", elsewhere))
                .contains("Choose an item of this meeting&#39;s agenda, or none");
        assertThat(jdbc.sql("select count(*) from paper where title = 'Paper for the wrong meeting'").query(Long.class).single())
                .isZero();
        // nor by the database: the item's meeting must be the paper's
        upload(secretariat, one, 302, "Paper for meeting one", null);
        assertThatThrownBy(() -> jdbc.sql("update paper set agenda_item_id = ? where id = ?")
                .params(elsewhere, paper("Paper for meeting one")).update())
                .hasMessageContaining("paper_agenda_item_of_its_meeting");
    }
}
