package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Review items of the four kinds with evidence (papers checked by content, analysis snapshots),
 * comments (the police's in their own words) and an outcome from the chair; papers are public only
 * once the secretariat marks them so.
 */
@OversightTest
class ReviewingItemsWithEvidenceTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    String upload(Cookie who, String path, int expected, String title, String fileName, byte[] content) throws Exception {
        var response = mvc.perform(multipart(path).file(new MockMultipartFile("file", fileName, "application/octet-stream", content))
                .param("title", title).cookie(who).with(csrf())).andExpect(status().is(expected)).andReturn().getResponse();
        return expected == 302 ? response.getRedirectedUrl() : response.getContentAsString();
    }

    static byte[] docx() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void an_item_gathers_evidence_and_comments_and_the_chair_records_its_outcome() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie chair = SignIn.as(mvc, TestAccounts.CHAIR);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        for (String kind : new String[] {"EXISTING_APPROACH", "PROPOSED_INITIATIVE", "ORGANISATIONAL_LEARNING", "THINK_TANK_IDEA"}) {
            postAs(mvc, member, "/panel/review-items", 302, "kind", kind, "title", "Item of kind " + kind, "description", "Why.");
        }
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Searches at the school gate", "description", "How officers decide to search children at the gate.");
        upload(member, item + "/evidence/paper", 302, "MPS guidance on searches at schools", "guidance.pdf", PDF);
        upload(member, item + "/evidence/paper", 302, "Notes from the visit", "notes.docx", docx());
        long snapshot = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values ('Children searched, test', 'demo-analyst', 'children', 10, 'x', '{}', '<p>r</p>') returning id""")
                .query(Long.class).single();
        postAs(mvc, member, item + "/evidence/snapshot", 302, "snapshot", Long.toString(snapshot));
        postAs(mvc, liaison, item + "/comments", 302, "body", "Officers follow the national guidance.");
        postAs(mvc, member, item + "/revise", 302, "title", "Searches at the school gate", "description", "Revised: the gate and the street.");

        String page = mvc.perform(get(item).cookie(chair)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("MPS guidance on searches at schools", "Notes from the visit", "Children searched, test",
                "Officers follow the national guidance.", "(Police liaison, demo-liaison", "Revised: the gate and the street.",
                "Version 2 by demo-member");
        // the police comment but do not write the panel's text or its evidence; nor does another member change the author's item
        postAs(mvc, liaison, item + "/revise", 403, "title", "Police title", "description", "x");
        upload(liaison, item + "/evidence/paper", 403, "Police paper", "p.pdf", PDF);
        postAs(mvc, chair, item + "/revise", 403, "title", "Chair's title", "description", "x");

        assertThat(postAs(mvc, chair, item + "/outcome", 200, "outcome", "RECOMMENDATION_MADE", "recommendation", "R-999"))
                .contains("Enter the reference of the recommendation made");
        String recommendation = postAs(mvc, member, "/panel/recommendations", 302, "title", "From the review", "body", "Text.");
        String reference = recommendation.substring(recommendation.lastIndexOf('/') + 1);
        postAs(mvc, chair, item + "/outcome", 302, "outcome", "RECOMMENDATION_MADE", "recommendation", reference, "note", "See the recommendation.");
        assertThat(mvc.perform(get(item).cookie(member)).andReturn().getResponse().getContentAsString())
                .contains("Recommendation made", "Recommendation " + reference);
        postAs(mvc, member, item + "/outcome", 403, "outcome", "CLOSED");
    }

    @Test
    void papers_are_checked_by_content_and_public_only_once_marked() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String meeting = postAs(mvc, secretariat, "/panel/meetings", 302, "title", "Papers test meeting", "date", "2027-04-01",
                "time", "18:00", "place", "Online");
        assertThat(upload(member, meeting + "/papers", 200, "Renamed program", "report.pdf", "MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("report.pdf: the content is not a PDF file");
        assertThat(upload(member, meeting + "/papers", 200, "A program", "tool.exe", PDF))
                .contains("tool.exe: the paper must be a PDF, Word (.docx), Excel (.xlsx) or CSV file");
        assertThat(upload(member, meeting + "/papers", 200, "Not a spreadsheet", "figures.xlsx", docx()))
                .contains("figures.xlsx: the content is not a XLSX file");
        assertThat(upload(member, meeting + "/papers", 200, "", "agenda.pdf", PDF)).contains("Enter a title for the paper");
        upload(member, meeting + "/papers", 302, "Figures for the meeting", "figures.csv", "group,events\nBlack,30\n".getBytes(StandardCharsets.UTF_8));
        long id = jdbc.sql("select id from paper where title = 'Figures for the meeting'").query(Long.class).single();

        var download = mvc.perform(get("/panel/papers/" + id).cookie(member)).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(download.getHeader("Content-Disposition")).startsWith("attachment").contains("figures.csv");
        assertThat(download.getContentAsString()).isEqualTo("group,events\nBlack,30\n");
        String publicMeeting = "/meetings/" + meeting.substring(meeting.lastIndexOf('/') + 1);
        mvc.perform(get("/papers/" + id)).andExpect(status().isNotFound());
        assertThat(mvc.perform(get(publicMeeting)).andReturn().getResponse().getContentAsString()).doesNotContain("Figures for the meeting");
        postAs(mvc, member, "/panel/papers/" + id + "/public", 403);
        postAs(mvc, secretariat, "/panel/papers/" + id + "/public", 302);
        mvc.perform(get("/papers/" + id)).andExpect(status().isOk());
        assertThat(mvc.perform(get(publicMeeting)).andReturn().getResponse().getContentAsString()).contains("Figures for the meeting");
        mvc.perform(get("/panel/papers/" + id).cookie(SignIn.as(mvc, TestAccounts.ANALYST))).andExpect(status().isForbidden());
        // the panel's download is recorded, who and which; a public paper's downloads are not (anyone may read it)
        mvc.perform(get("/papers/" + id)).andExpect(status().isOk());
        assertThat(jdbc.sql("select action from audit_entry where subject = ? order by sequence_no").param("paper:" + id)
                .query(String.class).list()).containsExactly("PAPER_ADDED", "PAPER_DOWNLOADED", "PAPER_PUBLISHED");
    }

    @Test
    void a_member_downloading_a_paper_that_is_not_public_is_recorded_in_the_audit_trail() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Downloads item", "description", "Evidence downloaded.");
        upload(member, item + "/evidence/paper", 302, "Draft guidance, restricted", "restricted.pdf", PDF);
        long id = jdbc.sql("select id from paper where title = 'Draft guidance, restricted'").query(Long.class).single();
        mvc.perform(get("/panel/papers/" + id).cookie(secretariat)).andExpect(status().isOk());
        mvc.perform(get("/panel/papers/" + id).cookie(member)).andExpect(status().isOk());
        mvc.perform(get("/panel/papers/" + id).cookie(SignIn.as(mvc, TestAccounts.LIAISON))).andExpect(status().isForbidden());

        assertThat(jdbc.sql("select actor || ': ' || after_summary from audit_entry where action = 'PAPER_DOWNLOADED' "
                        + "and subject = ? order by sequence_no").param("paper:" + id).query(String.class).list())
                .containsExactly("demo-secretariat: Draft guidance, restricted (restricted.pdf)",
                        "demo-member: Draft guidance, restricted (restricted.pdf)");
    }

    /** A file that claims a size and must never be read whole: reading it all fails the test. */
    static MockMultipartFile unreadable(String fileName, long declaredSize, InputStream content) {
        return new MockMultipartFile("file", fileName, "application/pdf", new byte[0]) {
            @Override
            public long getSize() {
                return declaredSize;
            }

            @Override
            public boolean isEmpty() {
                return declaredSize == 0;
            }

            @Override
            public byte[] getBytes() {
                throw new AssertionError("the whole upload was read into memory");
            }

            @Override
            public InputStream getInputStream() {
                if (content == null) {
                    throw new AssertionError("the upload was opened although its size is over the limit");
                }
                return content;
            }
        };
    }

    String uploadFile(Cookie who, String path, MockMultipartFile file) throws Exception {
        return mvc.perform(multipart(path).file(file).param("title", "Large paper").cookie(who).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void an_oversized_paper_is_refused_before_it_is_read() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        String meeting = postAs(mvc, SignIn.as(mvc, TestAccounts.SECRETARIAT), "/panel/meetings", 302, "title",
                "Oversized papers meeting", "date", "2027-04-02", "time", "18:00", "place", "Online");
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Oversized evidence item", "description", "Evidence too large.");
        for (String path : new String[] {meeting + "/papers", item + "/evidence/paper"}) {
            assertThat(uploadFile(member, path, unreadable("huge.pdf", 21L * 1024 * 1024, null)))
                    .contains("huge.pdf is more than 20 MB, the largest paper accepted: it was not read");
        }
        assertThat(jdbc.sql("select count(*) from paper where title = 'Large paper'").query(Long.class).single()).isZero();
    }

    @Test
    void a_paper_that_sends_more_than_it_declares_is_read_no_further_than_the_limit() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Lying upload item", "description", "A client declares less than it sends.");
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return '%';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) '%');
                read[0] += len;
                return len;
            }
        };
        assertThat(uploadFile(member, item + "/evidence/paper", unreadable("endless.pdf", 100, endless)))
                .contains("endless.pdf is more than 20 MB, the largest paper accepted");
        assertThat(read[0]).isLessThanOrEqualTo(20L * 1024 * 1024 + 1);
    }

    /** A DOCX whose first entry inflates to 256 MB of zeros (about 250 KB packed), then the Word folder. */
    static byte[] zipBomb() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry("a/zeros.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void a_zip_bomb_docx_is_refused_from_its_directory_without_being_inflated() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Zip bomb item", "description", "A paper that unpacks to far more than its size.");
        byte[] bomb = zipBomb();
        long started = System.nanoTime();
        assertThat(upload(member, item + "/evidence/paper", 200, "Bomb", "bomb.docx", bomb))
                .contains("bomb.docx would unpack to 256 MB, more than 100 times its size");
        // read from the central directory: nothing is inflated, so it is answered at once
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(jdbc.sql("select count(*) from paper where title = 'Bomb'").query(Long.class).single()).isZero();
        // a real document is still accepted
        upload(member, item + "/evidence/paper", 302, "Real notes", "notes.docx", docx());
    }
}
