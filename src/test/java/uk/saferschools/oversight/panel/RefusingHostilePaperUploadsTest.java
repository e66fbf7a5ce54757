package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Papers that are not what they say are refused, at both places papers are uploaded (a meeting's papers
 * and a review item's evidence): files of another kind named as a paper, a declared type that says what
 * the file really is, files that are two things at once (a PDF that is also a web page or a zip archive, a
 * "spreadsheet" that is also a PDF), a DOCX that unpacks to more than its directory says, and a post that
 * is not a form with a file at all. Each refusal names the file and what was expected, stores nothing and
 * loses nothing already there; real papers (one of the product's own PDF reports among them) are still
 * taken. Sizes: {@link ReviewingItemsWithEvidenceTest} (the limit, a client that lies about the size, a zip
 * bomb by its directory) and, on a real server, {@code BoundingUploadsBeforeTheyAreReadTest}.
 */
@OversightTest
class RefusingHostilePaperUploadsTest {

    static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    Cookie member;
    /** A meeting's paper upload and a review item's evidence upload, both new. */
    List<String> uploads;

    @BeforeEach
    void aMeetingAndAReviewItem() throws Exception {
        member = SignIn.as(mvc, TestAccounts.MEMBER);
        String meeting = postAs(mvc, SignIn.as(mvc, TestAccounts.SECRETARIAT), "/panel/meetings", 302, "title",
                "Hostile papers meeting", "date", "2027-05-02", "time", "18:00", "place", "Online");
        String item = postAs(mvc, member, "/panel/review-items", 302, "kind", "EXISTING_APPROACH", "title",
                "Hostile papers item", "description", "Papers that are not what they say.");
        uploads = List.of(meeting + "/papers", item + "/evidence/paper");
    }

    MockHttpServletResponse upload(String path, String fileName, String declaredType, byte[] content) throws Exception {
        return mvc.perform(multipart(path).file(new MockMultipartFile("file", fileName, declaredType, content))
                .param("title", "Hostile paper").cookie(member).with(csrf())).andReturn().getResponse();
    }

    long papers() {
        return jdbc.sql("select count(*) from paper").query(Long.class).single();
    }

    /** Sent to both uploads: 200, the form again with the message, and not a row more nor less. */
    void refused(String fileName, String declaredType, byte[] content, String... message) throws Exception {
        for (String path : uploads) {
            long before = papers();
            long added = jdbc.sql("select count(*) from audit_entry where action = 'PAPER_ADDED'").query(Long.class).single();
            MockHttpServletResponse answer = upload(path, fileName, declaredType, content);
            assertThat(answer.getStatus()).as(fileName + " to " + path).isEqualTo(200);
            assertThat(answer.getContentAsString(StandardCharsets.UTF_8)).as(fileName + " to " + path).contains(message)
                    .doesNotContain("Exception", "at uk.saferschools");
            assertThat(papers()).as("papers after " + fileName + " was refused").isEqualTo(before);
            assertThat(jdbc.sql("select count(*) from audit_entry where action = 'PAPER_ADDED'").query(Long.class).single())
                    .isEqualTo(added);
        }
    }

    void taken(String fileName, String declaredType, byte[] content) throws Exception {
        for (String path : uploads) {
            assertThat(upload(path, fileName, declaredType, content).getStatus()).as(fileName + " to " + path).isEqualTo(302);
        }
    }

    @Test
    void files_of_another_kind_named_as_a_paper_are_refused_by_their_content() throws Exception {
        String page = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
        refused("minutes.pdf", "application/pdf", page.getBytes(StandardCharsets.UTF_8), "minutes.pdf: the content is not a PDF file");
        refused("figures.csv", "text/csv", page.getBytes(StandardCharsets.UTF_8), "figures.csv is a CSV file that is also a web page");
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        refused("report.pdf", "application/pdf", elf, "report.pdf: the content is not a PDF file");
        refused("notes.docx", "application/octet-stream", "MZ\u0090\u0000\u0003".getBytes(StandardCharsets.ISO_8859_1),
                "notes.docx: the content is not a DOCX file");
    }

    @Test
    void a_paper_declared_as_another_type_is_refused_and_one_declared_as_browsers_do_is_taken() throws Exception {
        refused("agenda.pdf", "text/html", PDF, "agenda.pdf was sent as text/html, not as a PDF file");
        refused("agenda.pdf", "application/x-msdownload", PDF, "agenda.pdf was sent as application/x-msdownload, not as a PDF file");
        refused("figures.csv", "image/svg+xml", "group,events\nBlack,30\n".getBytes(StandardCharsets.UTF_8),
                "figures.csv was sent as image/svg+xml, not as a CSV file");
        taken("agenda.pdf", "application/pdf", PDF);
        taken("agenda.pdf", "application/octet-stream", PDF);
        // Windows with Excel declares a CSV file as an Excel one
        taken("figures.csv", "application/vnd.ms-excel", "group,events\nBlack,30\n".getBytes(StandardCharsets.UTF_8));
        taken("notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx());
    }

    @Test
    void a_file_that_is_two_things_at_once_is_refused() throws Exception {
        byte[] pdfAndPage = ("%PDF-1.4\n<html><body><script>fetch('/panel/papers')</script></body></html>\n"
                + "1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        refused("briefing.pdf", "application/pdf", pdfAndPage, "briefing.pdf is a PDF file that is also a web page");
        refused("briefing.pdf", "application/pdf", concat(PDF, docx()), "briefing.pdf is a PDF file that is also a zip archive");
        refused("notes.docx", "application/octet-stream", docxStarting("%PDF-1.4\n1 0 obj <<>> endobj\n"),
                "notes.docx is a DOCX file that is also a PDF");
        refused("figures.csv", "text/csv", PDF, "figures.csv is a CSV file that is also a PDF");
    }

    @Test
    void a_docx_that_unpacks_to_more_than_its_directory_says_is_refused_without_unpacking_it_all() throws Exception {
        byte[] bomb = lyingZipBomb();
        long started = System.nanoTime();
        refused("bomb.docx", "application/octet-stream", bomb, "bomb.docx unpacks to more than its directory says",
                "a/zeros.bin says 1000 bytes");
        // stopped a kilobyte in, not after 256 MB
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_post_that_is_not_a_form_with_a_file_is_sent_back_with_a_message() throws Exception {
        for (String path : uploads) {
            long before = papers();
            MockHttpServletResponse answer = mvc.perform(post(path).param("title", "No file at all").param("file", "report.pdf")
                    .cookie(member).with(csrf())).andReturn().getResponse();
            assertThat(answer.getStatus()).as(path).isEqualTo(200);
            assertThat(answer.getContentAsString(StandardCharsets.UTF_8)).contains("Choose a file: none was sent");
            assertThat(papers()).isEqualTo(before);
            // and for someone who may not add papers (the liaison passes the filter of /panel/**), 403 before anything else
            assertThat(mvc.perform(post(path).param("title", "No file").cookie(SignIn.as(mvc, TestAccounts.LIAISON)).with(csrf()))
                    .andReturn().getResponse().getStatus()).isEqualTo(403);
        }
    }

    @Test
    void real_papers_are_still_taken_one_of_the_products_own_pdf_reports_among_them() throws Exception {
        long publication = jdbc.sql("select min(id) from publication").query(Long.class).single();
        byte[] report = mvc.perform(get("/publications/" + publication + ".pdf")).andReturn().getResponse().getContentAsByteArray();
        assertThat(new String(report, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        taken("published-figures.pdf", "application/pdf", report);
        taken("notes.docx", "application/octet-stream", docx());
        taken("figures.csv", "text/csv", "group,events,note\nBlack,30,<18 years\n".getBytes(StandardCharsets.UTF_8));
    }

    static byte[] docx() throws Exception {
        return docxStarting(null);
    }

    /** A DOCX whose first entry, stored as it is (not compressed), holds {@code first}: its bytes lead the file. */
    static byte[] docxStarting(String first) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (first != null) {
                byte[] content = first.getBytes(StandardCharsets.US_ASCII);
                ZipEntry entry = new ZipEntry("a.txt");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(content);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * A DOCX whose first entry inflates to 256 MB of zeros while its directory says 1,000 bytes: the sizes
     * a zip bomb declares pass any check of the directory alone.
     */
    static byte[] lyingZipBomb() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
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
        byte[] zip = bytes.toByteArray();
        // the first central directory header (PK 1 2) is the bomb's: its uncompressed size, at offset 24, says 1,000
        for (int at = zip.length - 22; at >= 0; at--) {
            if (zip[at] == 'P' && zip[at + 1] == 'K' && zip[at + 2] == 1 && zip[at + 3] == 2) {
                int name = ByteBuffer.wrap(zip, at + 28, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
                if (new String(zip, at + 46, name, StandardCharsets.US_ASCII).equals("a/zeros.bin")) {
                    ByteBuffer.wrap(zip, at + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1000);
                    return zip;
                }
            }
        }
        throw new AssertionError("no central directory entry for the bomb");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
