package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * An import runs on the node that received its file. When that node stops, the clear-up (run by
 * db-scheduler on one node at a time) marks the import failed, saying to upload the file again, once its
 * heartbeat is a minute old; an import whose node is still running it is left alone.
 */
@OversightTest
class FailingAnImportWhoseNodeStoppedTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BackgroundImports imports;

    String importing(String fileName, String node, String heartbeat) {
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                insert into record_import_job (id, file_name, started_by, node, heartbeat, bytes_read, total_bytes, rows_read)
                values (?::uuid, ?, ?, ?, now() - ?::interval, 400, 1000, 5600)""")
                .params(id, fileName, TestAccounts.ANALYST, node, heartbeat).update();
        return id;
    }

    @Test
    void an_import_whose_node_stopped_is_marked_failed_and_its_page_says_to_upload_the_file_again() throws Exception {
        String stopped = importing("left-by-a-stopped-node.csv", "a-node-that-stopped", "1 hour");
        String running = importing("still-being-imported.csv", "a-node-still-running", "0 seconds");
        Cookie analyst = SignIn.as(mvc, TestAccounts.ANALYST);
        assertThat(mvc.perform(get("/records/imports/jobs/" + stopped).cookie(analyst)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("Importing left-by-a-stopped-node.csv", "40% read");

        long giveUp = System.currentTimeMillis() + 30_000;
        while (!imports.job(stopped).orElseThrow().finished()) {
            assertThat(System.currentTimeMillis()).as("the clear-up ran within 30 s").isLessThan(giveUp);
            Thread.sleep(200);
        }
        assertThat(imports.job(stopped).orElseThrow().failure()).isEqualTo(BackgroundImports.NODE_STOPPED);
        assertThat(imports.job(running).orElseThrow().finished()).as("its node is still running it").isFalse();
        String page = mvc.perform(get("/records/imports/jobs/" + stopped).cookie(analyst)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Import failed: left-by-a-stopped-node.csv", "The service stopped during the import",
                "upload the file again").doesNotContain("data-progress");
        assertThat(mvc.perform(get("/records/imports/jobs/" + stopped + "/progress").cookie(analyst))
                .andReturn().getResponse().getContentAsString()).contains("\"finished\":true");
        jdbc.sql("delete from record_import_job where id = ?::uuid").param(running).update();
    }
}
