package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** An analyst uploads police.uk files on the records page, watches them import, and reads the reports. */
@OversightTest
class UploadingRecordsTest {

    @Autowired
    MockMvc mvc;

    Cookie analyst;

    @BeforeEach
    void signIn() throws Exception {
        analyst = SignIn.as(mvc, TestAccounts.ANALYST);
    }

    String upload(PoliceUkFileBuilder file, boolean quarantine) throws Exception {
        var request = multipart("/records/imports").file(new MockMultipartFile("file", file.fileName(), "text/csv",
                file.text().getBytes(StandardCharsets.UTF_8))).cookie(analyst).with(csrf());
        if (quarantine) {
            request.param("quarantineInvalid", "true");
        }
        String location = mvc.perform(request).andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/records/imports/jobs/");
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
        assertThat(page).contains("5 records imported for metropolitan 2018-03; 1 invalid rows quarantined for review");
    }

    @Test
    void only_analysts_may_import() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        mvc.perform(get("/records/imports").cookie(member)).andExpect(status().isForbidden());
        mvc.perform(multipart("/records/imports").file(new MockMultipartFile("file", "x.csv", "text/csv", new byte[0]))
                .cookie(member).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/records/imports")).andExpect(status().isFound());
    }
}
