package uk.saferschools.oversight.records;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The records module's task for db-scheduler (ADR 0015), run on one node at a time: marks failed the
 * background imports whose node stopped, and forgets those that finished over a day ago.
 */
@Configuration(proxyBeanMethods = false)
class RecordImportTasks {

    @Bean
    Task<Void> clearingUpBackgroundImports(BackgroundImports imports) {
        return Tasks.recurring("record-imports-clear-up", FixedDelay.of(BackgroundImports.HEARTBEAT))
                .execute((instance, context) -> {
                    Instant now = Instant.now();
                    imports.failThoseWithoutHeartbeatSince(now.minus(BackgroundImports.STOPPED_AFTER));
                    imports.forgetFinishedBefore(now.minus(BackgroundImports.KEPT_AFTER_FINISHING));
                });
    }
}
