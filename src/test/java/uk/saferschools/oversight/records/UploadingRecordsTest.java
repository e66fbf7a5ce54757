package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** An analyst uploads police.uk files on the records page, watches them import, and reads the reports. */
@OversightTest
class UploadingRecordsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    Cookie analyst;

    @BeforeEach
    void signIn() throws Exception {
        analyst = SignIn.as(mvc, TestAccounts.ANALYST);
    }

    /** A multipart body as a browser sends it: the file, then the quarantine box when ticked. */
    static byte[] multipartBody(String fileName, String content, boolean quarantine) {
        StringBuilder body = new StringBuilder("--" + BOUNDARY + "\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(fileName).append("\"\r\n")
                .append("Content-Type: text/csv\r\n\r\n").append(content).append("\r\n");
        if (quarantine) {
            body.append("--" + BOUNDARY + "\r\n").append("Content-Disposition: form-data; name=\"quarantineInvalid\"\r\n\r\n")
                    .append("true\r\n");
        }
        return body.append("--" + BOUNDARY + "--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static final String BOUNDARY = "----records-upload-test";

    /** Posts the upload as the page's form does; the record file is read from the body as a stream. */
    MockHttpServletRequestBuilder uploadRequest(String fileName, String content, boolean quarantine) {
        return post("/records/imports").contentType("multipart/form-data; boundary=" + BOUNDARY)
                .content(multipartBody(fileName, content, quarantine)).with(csrf().asHeader());
    }

    String startUpload(PoliceUkFileBuilder file, boolean quarantine) throws Exception {
        String location = mvc.perform(uploadRequest(file.fileName(), file.text(), quarantine).cookie(analyst))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/records/imports/jobs/");
        return location;
    }

    String upload(PoliceUkFileBuilder file, boolean quarantine) throws Exception {
        String location = startUpload(file, quarantine);
        for (int i = 0; i < 200; i++) {
            String progress = mvc.perform(get(location + "/progress").cookie(analyst)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            if (progress.contains("\"finished\":true")) {
                return mvc.perform(get(location).cookie(analyst)).andExpect(status().isOk())
                        .andReturn().getResponse().getContentAsString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the upload did not finish");
    }

    @Test
    void the_records_page_shows_coverage_and_history_with_demonstration_imports_marked() throws Exception {
        String page = mvc.perform(get("/records/imports").cookie(analyst)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Coverage by force and month", "2022-03-metropolitan-stop-and-search.csv",
                ">Demonstration<", "16,595", "Open Government Licence");
    }

    @Test
    void an_uploaded_file_imports_in_the_background_and_shows_its_outcome() throws Exception {
        String page = upload(PoliceUkFileBuilder.forMonth("2018-01").rows(40), false);
        assertThat(page).contains("Imported", "40 records imported for metropolitan 2018-01");
    }

    @Test
    void a_rejected_upload_shows_its_problems_and_offers_the_report_as_csv() throws Exception {
        String page = upload(PoliceUkFileBuilder.forMonth("2018-02").rows(3).row(Map.of("Gender", "=cmd")), false);
        assertThat(page).contains("The file was rejected and nothing was imported", "line 5, column 7 (Gender)");
        String batch = page.replaceAll("(?s).*href=\"(/records/imports/\\d+)\".*", "$1");
        var report = mvc.perform(get(batch + "/report.csv").cookie(analyst)).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(report.getContentType()).startsWith("text/csv");
        assertThat(report.getHeader("Content-Disposition")).startsWith("attachment;");
        assertThat(report.getContentAsString(StandardCharsets.UTF_8)).contains("\"'=cmd\"");
    }

    @Test
    void a_quarantined_upload_imports_the_valid_rows() throws Exception {
        String page = upload(PoliceUkFileBuilder.forMonth("2018-03").rows(5).row(Map.of("Gender", "x")), true);
        assertThat(page).contains("5 records imported for metropolitan 2018-03; 1 invalid row quarantined for review");
    }

    @Test
    void only_analysts_may_import() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        mvc.perform(get("/records/imports").cookie(member)).andExpect(status().isForbidden());
        mvc.perform(uploadRequest("x.csv", "", false).cookie(member)).andExpect(status().isForbidden());
        mvc.perform(get("/records/imports")).andExpect(status().isFound());
    }

    @Test
    void an_upload_without_a_file_is_sent_back_to_the_form_with_a_message() throws Exception {
        var redirect = mvc.perform(uploadRequest("", "", false).cookie(analyst)).andExpect(status().isFound()).andReturn();
        assertThat(redirect.getResponse().getRedirectedUrl()).isEqualTo("/records/imports");
        String page = mvc.perform(get("/records/imports").cookie(analyst).flashAttrs(redirect.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Error: Records", "Select a CSV file to import");
    }

    @Test
    void the_upload_form_carries_its_csrf_token_in_its_address_so_that_the_check_needs_no_form_field() throws Exception {
        String page = mvc.perform(get("/records/imports").cookie(analyst)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).containsPattern("<form action=\"/records/imports\\?_csrf=[^\"]+\" method=\"post\" "
                + "enctype=\"multipart/form-data\"");
    }

    @Test
    void another_analyst_cannot_follow_an_import_they_did_not_start() throws Exception {
        String location = startUpload(PoliceUkFileBuilder.forMonth("2018-05").rows(2), false);
        // a real account, enabled with the role it is signed in with: each request is checked against the account
        jdbc.sql("""
                insert into account (username, display_name, password_hash, created_by)
                values ('another-analyst', 'Another analyst', '{noop}unused', 'test') on conflict do nothing""").update();
        jdbc.sql("""
                insert into account_role (account_id, role, granted_by)
                select id, 'ANALYST', 'test' from account where username = 'another-analyst' on conflict do nothing""").update();
        mvc.perform(get(location).with(user("another-analyst").roles("ANALYST"))).andExpect(status().isNotFound());
        mvc.perform(get(location + "/progress").with(user("another-analyst").roles("ANALYST")))
                .andExpect(status().isNotFound());
        mvc.perform(get(location).cookie(analyst)).andExpect(status().isOk());
    }

    @Test
    void downloading_an_import_report_is_recorded_in_the_audit_trail() throws Exception {
        String page = upload(PoliceUkFileBuilder.forMonth("2018-06").rows(1).row(Map.of("Gender", "x")), false);
        String batch = page.replaceAll("(?s).*href=\"(/records/imports/\\d+)\".*", "$1");
        long id = Long.parseLong(batch.substring(batch.lastIndexOf('/') + 1));
        mvc.perform(get(batch + "/report.csv").cookie(analyst)).andExpect(status().isOk());
        assertThat(jdbc.sql("select actor || ' ' || action || ' ' || subject || ' ' || after_summary from audit_entry "
                        + "where action = 'IMPORT_REPORT_DOWNLOADED' and after_summary = ?").param("report of import " + id)
                .query(String.class).list())
                .containsExactly(TestAccounts.ANALYST + " IMPORT_REPORT_DOWNLOADED import:2018-06-metropolitan-stop-and-search.csv "
                        + "report of import " + id);
    }
}
