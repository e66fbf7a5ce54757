package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * An analyst follows an upload until it is done: the page then says what happened to the file
 * (not that it is still importing), and every count on the records pages reads as people read numbers.
 */
@OversightTest
class FollowingAnImportToItsEndTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    Cookie analyst;

    @BeforeEach
    void signIn() throws Exception {
        analyst = SignIn.as(mvc, TestAccounts.ANALYST);
    }

    /** Uploads the file as the page's form does and returns the job page once the import has finished. */
    String uploadAndWait(PoliceUkFileBuilder file) throws Exception {
        String location = mvc.perform(post("/records/imports")
                        .contentType("multipart/form-data; boundary=" + UploadingRecordsTest.BOUNDARY)
                        .content(UploadingRecordsTest.multipartBody(file.fileName(), file.text(), false))
                        .with(csrf().asHeader()).cookie(analyst))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();
        for (int i = 0; i < 300; i++) {
            String progress = mvc.perform(get(location + "/progress").cookie(analyst)).andReturn().getResponse()
                    .getContentAsString();
            if (progress.contains("\"finished\":true")) {
                return page(location);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the upload did not finish");
    }

    String page(String path) throws Exception {
        return mvc.perform(get(path).cookie(analyst)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    static String batchLink(String jobPage) {
        return jobPage.replaceAll("(?s).*href=\"(/records/imports/\\d+)\".*", "$1");
    }

    /** The import history's row for a file: its cells from the file's name to the end of the row. */
    String historyRow(String fileName) throws Exception {
        String records = page("/records/imports");
        int at = records.indexOf(">" + fileName + "</a>");
        assertThat(at).as("the history lists " + fileName).isPositive();
        return records.substring(at, records.indexOf("</tr>", at)).replaceAll("\\s+", " ");
    }

    @Test
    void a_finished_import_is_headed_imported_and_its_counts_have_thousands_separators() throws Exception {
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2015-01").rows(1234);
        String job = uploadAndWait(file);
        assertThat(job).contains("<title>Imported " + file.fileName(),
                        "<h1 class=\"govuk-heading-l\">Imported " + file.fileName() + "</h1>",
                        "1,234 records imported for metropolitan 2015-01")
                .doesNotContain("Importing ", "1234");
        assertThat(historyRow(file.fileName())).contains(">Imported<", ">1,234<");
        assertThat(page("/records/imports").replaceAll("\\s+", " "))
                .contains("<td class=\"govuk-table__cell\">2015-01</td> <td class=\"govuk-table__cell govuk-table__cell--numeric\">1,234</td>");
        assertThat(page(batchLink(job))).contains("1,234 read, 1,234 imported, 0 quarantined").doesNotContain("1234");
    }

    @Test
    void importing_the_same_file_again_is_headed_already_imported() throws Exception {
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2015-02").rows(3);
        uploadAndWait(file);
        assertThat(uploadAndWait(file)).contains("<h1 class=\"govuk-heading-l\">Already imported " + file.fileName() + "</h1>");
    }

    @Test
    void a_rejected_import_is_headed_rejected_and_one_problem_is_one_problem() throws Exception {
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2015-03").rows(2).row(Map.of("Gender", "x"));
        String job = uploadAndWait(file);
        assertThat(job).contains("<title>Rejected " + file.fileName(),
                "<h1 class=\"govuk-heading-l\">Rejected " + file.fileName() + "</h1>",
                "The file was rejected and nothing was imported").doesNotContain("Importing ", "more problem");
        assertThat(historyRow(file.fileName())).contains(">Rejected: 1 problem<");
        assertThat(page(batchLink(job))).contains(">1 problem</h2>").doesNotContain("1 problems", "are shown here");
    }

    @Test
    void a_file_with_over_a_thousand_problems_counts_them_with_separators_and_says_how_many_are_not_shown()
            throws Exception {
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2015-06");
        for (int i = 0; i < 1001; i++) {
            Map<String, String> bad = new HashMap<>();
            bad.put("Gender", "x");
            file.row(bad);
        }
        String job = uploadAndWait(file);
        // 20 problems are listed on the job page, the rest counted
        assertThat(job).contains("… and 981 more problems.");
        assertThat(historyRow(file.fileName())).contains(">Rejected: 1,001 problems<");
        String batch = page(batchLink(job));
        assertThat(batch).contains(">1,001 problems</h2>",
                "The first 100 are shown here. The validation report lists all of them.",
                "1,001 read, 0 imported, 0 quarantined");
    }

    @Test
    void an_import_page_says_what_kind_of_file_it_was_and_marks_made_up_and_demonstration_records() throws Exception {
        long synthetic = jdbc.sql("select id from import_batch where file_name = 'synthetic-extended-records.csv'")
                .query(Long.class).single();
        assertThat(page("/records/imports/" + synthetic).replaceAll("\\s+", " "))
                .contains("Synthetic: made-up records", "Kind of file</dt> <dd class=\"govuk-summary-list__value\"> Extended records of powers used");
        long real = jdbc.sql("select id from import_batch where file_name = '2022-04-metropolitan-stop-and-search.csv' and demonstration")
                .query(Long.class).single();
        assertThat(page("/records/imports/" + real).replaceAll("\\s+", " "))
                .contains(">Demonstration<", "police.uk stop and search", "13,524 read, 13,524 imported, 0 quarantined")
                .doesNotContain("Synthetic: made-up records");
    }
}
