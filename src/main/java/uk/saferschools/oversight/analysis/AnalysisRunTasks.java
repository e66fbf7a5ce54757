package uk.saferschools.oversight.analysis;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The analysis module's tasks for db-scheduler (ADR 0015), which runs each on one node at a time: an
 * analysis run, and forgetting the runs that finished over a day ago.
 */
@Configuration(proxyBeanMethods = false)
class AnalysisRunTasks {

    @Bean
    Task<Void> analysisRun(AnalysisRuns runs) {
        return Tasks.oneTime(AnalysisRuns.TASK).onDeadExecution(runs::nodeStopped)
                .execute((instance, context) -> runs.carryOut(instance.getId()));
    }

    @Bean
    Task<Void> forgettingFinishedAnalysisRuns(AnalysisRuns runs) {
        return Tasks.recurring("analysis-runs-forgetting", FixedDelay.ofHours(1))
                .execute((instance, context) -> runs.forgetFinishedBefore(Instant.now().minus(AnalysisRuns.KEPT_AFTER_FINISHING)));
    }
}
