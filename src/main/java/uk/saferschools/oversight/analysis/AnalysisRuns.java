package uk.saferschools.oversight.analysis;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.Children;

/**
 * Runs analyses in the background, so that the analyst's browser shows each stage as it happens instead
 * of waiting on one long request. A run is kept in the database (table {@code analysis_run}) and carried
 * out by whichever node's scheduler picks its execution of task {@value #TASK_NAME} (db-scheduler, ADR
 * 0015), so any node can show it and a restart forgets none. Only its starter may follow it.
 *
 * <p>A run whose node stopped (its heartbeat went stale) is run again from the start, once: the snapshot
 * and the run's end are written in one transaction, so a run that did not finish kept nothing. A run that
 * stops its node a second time is marked failed, saying so.
 */
@Service
class AnalysisRuns {

    private static final Logger log = LoggerFactory.getLogger(AnalysisRuns.class);

    static final String TASK_NAME = "analysis-run";
    static final TaskDescriptor<Void> TASK = TaskDescriptor.of(TASK_NAME);

    /** How long a finished run can still be followed; its snapshot, if kept, stays in the database. */
    static final Duration KEPT_AFTER_FINISHING = Duration.ofDays(1);

    /** How many times a run whose node stopped is run again before it is marked failed. */
    static final int RESUMED_AT_MOST = 1;

    static final String STOPPED_TWICE = "The service stopped twice while running this analysis, and no snapshot was "
            + "kept from it: run it again, and if it stops again ask for the service's logs.";

    /** The stages of a run, in order, as the analyst reads them. */
    public enum Step {
        WAITING("Waiting for another analysis to finish"),
        COUNTING("Counting the imported records"),
        COMPUTING("Computing rates, ratios and intervals"),
        WRITING("Writing the report and keeping the snapshot"),
        FINISHED("Finished");

        private final String description;

        Step(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One analysis being run, as the database held it at one moment: a page made from it says one thing
     * throughout, whatever the run does meanwhile.
     *
     * @param resumed how many times it was started again because the service stopped during it
     */
    public record Run(String id, String title, Step stage, int resumed, Long snapshotId, String failure) {

        /** "Stage 2 of 4: Computing rates, ratios and intervals". */
        public String progress() {
            return stage == Step.FINISHED ? Step.FINISHED.description()
                    : "Stage " + (stage.ordinal() + 1) + " of " + (Step.values().length - 1) + ": " + stage.description();
        }

        public boolean finished() {
            return snapshotId != null || failure != null;
        }
    }

    private final AnalysisSnapshots snapshots;
    private final JdbcClient jdbc;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final TransactionTemplate inOneTransaction;
    private final TransactionTemplate onItsOwn;

    AnalysisRuns(AnalysisSnapshots snapshots, JdbcClient jdbc, ObjectProvider<SchedulerClient> scheduler,
                 PlatformTransactionManager transactionManager) {
        this.snapshots = snapshots;
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.inOneTransaction = new TransactionTemplate(transactionManager);
        this.onItsOwn = new TransactionTemplate(transactionManager);
        this.onItsOwn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Keeps the run and schedules its execution, together: a run is never kept without one. */
    public Run start(String title, Settings settings, Actor by) {
        String id = UUID.randomUUID().toString();
        inOneTransaction.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into analysis_run (id, title, started_by, started_roles, children_only, ages, ethnicity, by_borough,
                        reference, force, period_from, period_to)
                    values (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, title, by.name(), by.roles(), settings.childrenOnly(), settings.ages().option(), settings.ethnicity(),
                            settings.byBorough(), settings.reference().name(), settings.force(),
                            settings.from() == null ? null : settings.from().toString(),
                            settings.to() == null ? null : settings.to().toString())
                    .update();
            SchedulerClient client = scheduler.getObject();
            client.schedule(TASK.instance(id).scheduledTo(Instant.now()));
            // db-scheduler's immediate execution looks for the execution as it is scheduled, before this transaction
            // has committed it, so it finds nothing and the run would wait for the next poll (up to
            // db-scheduler.polling-interval, 2 s): once committed, it is looked for again at once
            if (client instanceof Scheduler local) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        local.triggerCheckForDueExecutions();
                    }
                });
            }
        });
        return new Run(id, title, Step.WAITING, 0, null, null);
    }

    /** A run, for the account that started it. */
    public Optional<Run> run(String id, Actor by) {
        return uuid(id).flatMap(uuid -> jdbc.sql("""
                        select id, title, stage, resumed, snapshot_id, failure from analysis_run
                        where id = ? and started_by = ?""")
                .params(uuid, by.name()).query(AnalysisRuns::run).optional());
    }

    /** Carries out the run {@code id} (the execution picked on this node). */
    void carryOut(String id) {
        Optional<Asked> asked = uuid(id).flatMap(uuid -> jdbc.sql("""
                        select title, started_by, started_roles, children_only, ages, ethnicity, by_borough, reference, force,
                            period_from, period_to from analysis_run where id = ? and finished_at is null""")
                .param(uuid).query(AnalysisRuns::asked).optional());
        if (asked.isEmpty()) {
            return;
        }
        Asked run = asked.get();
        try {
            // the snapshot and the run's end in one transaction: a run that did not finish kept nothing
            inOneTransaction.executeWithoutResult(status -> {
                long snapshot = snapshots.run(run.title(), run.settings(), run.by(), stage -> reached(id, stage));
                jdbc.sql("update analysis_run set snapshot_id = ?, stage = 'FINISHED', finished_at = now() where id = ?::uuid")
                        .params(snapshot, id).update();
            });
        } catch (IllegalArgumentException e) {
            fail(id, e.getMessage());
        } catch (RuntimeException e) {
            log.error("The analysis \"{}\" failed", run.title(), e);
            fail(id, "The analysis stopped because of an error in the service, and no snapshot was kept: " + e.getMessage());
        }
    }

    /**
     * The node running {@code complete}'s execution stopped (its heartbeat went stale): runs it again from
     * the start, unless that has already happened {@link #RESUMED_AT_MOST} times.
     */
    void nodeStopped(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        String id = complete.getExecution().taskInstance.getId();
        int resumed = uuid(id).map(uuid -> jdbc.sql("""
                update analysis_run set resumed = resumed + 1, stage = 'WAITING'
                where id = ? and finished_at is null and resumed < ?""").params(uuid, RESUMED_AT_MOST).update()).orElse(0);
        if (resumed > 0) {
            log.warn("The service stopped while running the analysis {}: running it again", id);
            operations.reschedule(complete, Instant.now());
            return;
        }
        fail(id, STOPPED_TWICE);
        operations.remove();
    }

    private void reached(String id, Step stage) {
        // on its own, so that every node sees the stage while the run's own transaction is still open
        onItsOwn.executeWithoutResult(status -> jdbc.sql("update analysis_run set stage = ? where id = ?::uuid")
                .params(stage.name(), id).update());
    }

    private void fail(String id, String failure) {
        onItsOwn.executeWithoutResult(status -> jdbc.sql("""
                update analysis_run set failure = ?, finished_at = now() where id = ?::uuid and finished_at is null""")
                .params(failure, id).update());
    }

    /** Forgets runs that finished before {@code time}, so that the table does not keep every run. */
    void forgetFinishedBefore(Instant time) {
        jdbc.sql("delete from analysis_run where finished_at < ?").param(Timestamp.from(time)).update();
    }

    /** What the analyst asked for, as kept with the run. */
    private record Asked(String title, Actor by, Settings settings) {
    }

    private static Asked asked(ResultSet rs, int row) throws SQLException {
        Children.Ages ages = Children.Ages.ofOption(rs.getString("ages")).orElseThrow();
        return new Asked(rs.getString("title"), new Actor(rs.getString("started_by"), rs.getString("started_roles")),
                new Settings(rs.getBoolean("children_only"), ages, rs.getString("ethnicity"), rs.getBoolean("by_borough"),
                        EthnicGroup.valueOf(rs.getString("reference")), rs.getString("force"),
                        month(rs.getString("period_from")), month(rs.getString("period_to"))));
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getString("id"), rs.getString("title"), Step.valueOf(rs.getString("stage")), rs.getInt("resumed"),
                rs.getObject("snapshot_id", Long.class), rs.getString("failure"));
    }

    private static YearMonth month(String value) {
        return value == null ? null : YearMonth.parse(value);
    }

    /** A run's id as the database keeps it; anything else names no run. */
    static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
