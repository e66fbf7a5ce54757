package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.support.OversightTest;

/** An analysis run followed in the background is kept a day after it finishes, then forgotten (its snapshot stays). */
@OversightTest
class ForgettingFinishedAnalysisRunsTest {

    @Autowired
    AnalysisRuns runs;
    @Autowired
    AnalysisSnapshots snapshots;

    @Test
    void a_finished_run_is_forgotten_only_once_it_finished_before_the_cut() throws Exception {
        Actor analyst = new Actor("demo-analyst", "ANALYST");
        AnalysisRuns.Run run = runs.start("Forgetting test", new Settings(true, "self", false, EthnicGroup.WHITE), analyst);
        // the run is kept in the database: each reading is the run as it is then
        for (int i = 0; i < 600 && !runs.run(run.id(), analyst).orElseThrow().finished(); i++) {
            Thread.sleep(50);
        }
        run = runs.run(run.id(), analyst).orElseThrow();
        assertThat(run.finished()).isTrue();
        Thread.sleep(20);
        runs.forgetFinishedBefore(Instant.now().minus(Duration.ofHours(1)));
        assertThat(runs.run(run.id(), analyst)).as("finished under an hour ago: kept").isPresent();
        runs.forgetFinishedBefore(Instant.now());
        assertThat(runs.run(run.id(), analyst)).as("finished before now: forgotten").isEmpty();
        assertThat(run.snapshotId() == null || snapshots.byId(run.snapshotId()).isPresent()).as("the snapshot stays").isTrue();
        assertThat(AnalysisRuns.KEPT_AFTER_FINISHING).isEqualTo(Duration.ofDays(1));
    }
}
