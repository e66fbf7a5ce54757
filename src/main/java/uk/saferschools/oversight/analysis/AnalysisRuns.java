package uk.saferschools.oversight.analysis;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import uk.saferschools.oversight.audit.Actor;

/**
 * Runs analyses in the background, one at a time, so that the analyst's browser shows each stage as it
 * happens instead of waiting on one long request. Runs live in this node's memory, and only their
 * starter may follow them; the snapshots they make live in the database.
 */
@Service
public class AnalysisRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalysisRuns.class);

    /** The stages of a run, in order, as the analyst reads them. */
    public enum Stage {
        WAITING("Waiting for another analysis to finish"),
        COUNTING("Counting the imported records"),
        COMPUTING("Computing rates, ratios and intervals"),
        WRITING("Writing the report and keeping the snapshot"),
        FINISHED("Finished");

        private final String description;

        Stage(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** One analysis being run. */
    public static final class Run {
        private final String id;
        private final String title;
        private final String startedBy;
        private volatile Stage stage = Stage.WAITING;
        private volatile Long snapshotId;
        private volatile String failure;
        private volatile java.time.Instant finishedAt;

        Run(String id, String title, String startedBy) {
            this.id = id;
            this.title = title;
            this.startedBy = startedBy;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }

        public Stage stage() {
            return stage;
        }

        /** "Stage 2 of 4: Computing rates, ratios and intervals". */
        public String progress() {
            return stage == Stage.FINISHED ? Stage.FINISHED.description()
                    : "Stage " + (stage.ordinal() + 1) + " of " + (Stage.values().length - 1) + ": " + stage.description();
        }

        public Long snapshotId() {
            return snapshotId;
        }

        public String failure() {
            return failure;
        }

        public boolean finished() {
            return snapshotId != null || failure != null;
        }
    }

    private final AnalysisSnapshots snapshots;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "analysis-run");
        thread.setDaemon(true);
        return thread;
    });

    AnalysisRuns(AnalysisSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    /** How long a finished run can still be followed; its snapshot, if kept, stays in the database. */
    static final java.time.Duration KEPT_AFTER_FINISHING = java.time.Duration.ofDays(1);

    public Run start(String title, Settings settings, Actor by) {
        forgetFinishedBefore(java.time.Instant.now().minus(KEPT_AFTER_FINISHING));
        Run run = new Run(UUID.randomUUID().toString(), title, by.name());
        runs.put(run.id, run);
        executor.submit(() -> {
            try {
                run.snapshotId = snapshots.run(title, settings, by, stage -> run.stage = stage);
                run.stage = Stage.FINISHED;
            } catch (IllegalArgumentException e) {
                run.failure = e.getMessage();
            } catch (RuntimeException e) {
                log.error("The analysis \"{}\" failed", title, e);
                run.failure = "The analysis stopped because of an error in the service, and no snapshot was kept: "
                        + e.getMessage();
            } finally {
                run.finishedAt = java.time.Instant.now();
            }
        });
        return run;
    }

    /** Forgets runs that finished before {@code time}, so that a long-lived service does not keep every run. */
    void forgetFinishedBefore(java.time.Instant time) {
        runs.values().removeIf(r -> r.finishedAt != null && r.finishedAt.isBefore(time));
    }

    /** A run, for the account that started it. */
    public Optional<Run> run(String id, Actor by) {
        return Optional.ofNullable(runs.get(id)).filter(r -> r.startedBy.equals(by.name()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
