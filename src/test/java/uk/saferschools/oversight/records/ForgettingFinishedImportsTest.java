package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;

/** An import followed in the background is kept a day after it finishes, then forgotten (its batch stays). */
@OversightTest
class ForgettingFinishedImportsTest {

    @Autowired
    BackgroundImports imports;

    @Test
    void a_finished_import_is_forgotten_only_once_it_finished_before_the_cut() throws Exception {
        Path upload = Files.writeString(tempDir.resolve("upload.csv"), "not,a,known,format\n1,2,3,4\n");
        BackgroundImports.Job job = imports.start(upload, "not-a-known-format.csv", ImportOptions.by(new Actor("demo-analyst", "ANALYST")));
        // the job is kept in the database: each reading is the job as it is then
        for (int i = 0; i < 600 && !imports.job(job.id()).orElseThrow().finished(); i++) {
            Thread.sleep(50);
        }
        assertThat(imports.job(job.id()).orElseThrow().finished()).isTrue();
        Thread.sleep(20);
        imports.forgetFinishedBefore(Instant.now().minus(Duration.ofHours(1)));
        assertThat(imports.job(job.id())).as("finished under an hour ago: kept").isPresent();
        imports.forgetFinishedBefore(Instant.now());
        assertThat(imports.job(job.id())).as("finished before now: forgotten").isEmpty();
        assertThat(BackgroundImports.KEPT_AFTER_FINISHING).isEqualTo(Duration.ofDays(1));
    }

    @TempDir
    Path tempDir;
}
