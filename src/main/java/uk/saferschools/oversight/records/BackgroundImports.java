package uk.saferschools.oversight.records;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.web.DatabaseTrouble;

/**
 * Imports uploaded files one at a time in the background, so that a large file does not hold a browser
 * request open; the upload page shows each job's progress until its outcome is in the import history.
 *
 * <p>Each job is kept in the database (table {@code record_import_job}), so any node can show it and a
 * restart forgets none (ADR 0015). The import itself runs on the node that received the upload, since the
 * file is on that node's disk; that node renews the job's heartbeat while it runs. A job whose heartbeat
 * has gone stale, because its node stopped, is marked failed by the clear-up that db-scheduler runs on
 * one node at a time ({@link RecordImportTasks}).
 */
@Service
class BackgroundImports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundImports.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How long a finished import can still be followed; its batch and report stay in the database. */
    static final Duration KEPT_AFTER_FINISHING = Duration.ofDays(1);
    /** How often the node running an import says it is still running it. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** How long without a heartbeat before a job's node is taken to have stopped (six heartbeats missed). */
    static final Duration STOPPED_AFTER = HEARTBEAT.multipliedBy(6);
    /** Progress is written at most this often, however often the import reports it. */
    private static final long PROGRESS_EVERY_MILLIS = 250;

    static final String NODE_STOPPED = "The service stopped during the import, so nothing was imported: upload the "
            + "file again. (If the import had finished just before, the import history shows it, and the new upload "
            + "will say it was already imported.)";

    /**
     * A file being imported, as the database held it at one moment: a page made from it says one thing
     * throughout (its title and heading cannot disagree because the import ended mid-render).
     */
    public record Job(String id, String fileName, long bytesRead, long totalBytes, long rows, ImportOutcome outcome,
                      String failure) {

        public int percent() {
            return totalBytes == 0 ? 100 : (int) Math.min(100, bytesRead * 100 / totalBytes);
        }

        /** How far it has got, as the page shows it: "40% read, 5,600 rows so far." */
        public String progress() {
            return percent() + "% read, " + Counted.of(rows, "row", "rows") + " so far.";
        }

        /** The page's heading: what is happening to the file, or what happened to it. */
        public String heading() {
            if (failure != null) {
                return "Import failed: " + fileName;
            }
            if (outcome == null) {
                return "Importing " + fileName;
            }
            return switch (outcome.status()) {
                case IMPORTED, REPLACED -> "Imported " + fileName;
                case UNCHANGED -> "Already imported " + fileName;
                case REJECTED -> "Rejected " + fileName;
            };
        }

        public boolean finished() {
            return outcome != null || failure != null;
        }
    }

    private final TabularImports imports;
    private final JdbcClient jdbc;
    /** This node, as named in the jobs it runs: a new name at every start. */
    private final String node = nodeName();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> daemon(r, "record-import"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "record-import-heartbeat"));

    private final TransactionTemplate onItsOwn;
    /** The jobs this node is running now: only these get its heartbeat. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Jobs that ended when their ending could not be written (the database could not be reached). */
    private final Map<String, Ending> unrecorded = new ConcurrentHashMap<>();

    BackgroundImports(TabularImports imports, JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.imports = imports;
        this.jdbc = jdbc;
        this.onItsOwn = new TransactionTemplate(transactionManager);
        this.onItsOwn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        heartbeat.scheduleWithFixedDelay(this::stillRunning, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts importing an uploaded file (which this takes over and deletes when done, or when it cannot start). */
    public Job start(Path upload, String fileName, ImportOptions options) throws IOException {
        String id = UUID.randomUUID().toString();
        long size = Files.size(upload);
        try {
            jdbc.sql("insert into record_import_job (id, file_name, started_by, node, total_bytes) values (?::uuid, ?, ?, ?, ?)")
                    .params(id, fileName, options.by().name(), node, size).update();
        } catch (RuntimeException e) {
            Files.deleteIfExists(upload);
            throw e;
        }
        running.add(id);
        executor.submit(() -> carryOut(id, upload, fileName, options));
        return new Job(id, fileName, 0, size, 0, null, null);
    }

    private void carryOut(String id, Path upload, String fileName, ImportOptions options) {
        try {
            long[] written = {0};
            ImportOutcome outcome;
            try {
                outcome = imports.importFile(upload, fileName, options, (bytesRead, total, rows) -> {
                    long now = System.currentTimeMillis();
                    if (now - written[0] >= PROGRESS_EVERY_MILLIS) {
                        written[0] = now;
                        // on its own: the import's transaction, if open, is seen by no other node until it ends
                        onItsOwn.executeWithoutResult(status -> jdbc.sql("""
                                update record_import_job set bytes_read = ?, total_bytes = ?, rows_read = ?, heartbeat = now()
                                where id = ?::uuid""").params(bytesRead, total, rows, id).update());
                    }
                });
            } catch (RuntimeException e) {
                Optional<DatabaseTrouble> trouble = DatabaseTrouble.of(e);
                if (trouble.isPresent()) {
                    log.warn("Import of {} failed: {}", fileName, trouble.get() == DatabaseTrouble.DISK_FULL
                            ? "the database's disk is full" : "the database could not be reached", e);
                } else {
                    log.error("Import of {} failed", fileName, e);
                }
                finish(id, new Ending(null, 0, failure(fileName, trouble, e)));
                return;
            }
            finish(id, new Ending(JSON.writeValueAsString(outcome), outcome.rowsRead(), null));
        } finally {
            running.remove(id);
            try {
                Files.deleteIfExists(upload);
            } catch (IOException e) {
                log.warn("Could not delete the uploaded file {}", upload, e);
            }
        }
    }

    /** How a job ended: its outcome (as JSON) and rows read, or why it failed. */
    private record Ending(String outcome, long rows, String failure) {
    }

    /** What the job's page says of an import that stopped: in plain words, without the exception's own text. */
    static String failure(String fileName, Optional<DatabaseTrouble> trouble, RuntimeException e) {
        if (trouble.isPresent() && trouble.get() == DatabaseTrouble.DISK_FULL) {
            return "The database's disk is full, so nothing was imported from " + fileName + ". Upload the file again "
                    + "once the administrator has freed space.";
        }
        if (trouble.isPresent()) {
            return "The service lost its database during the import, so nothing was imported from " + fileName
                    + ". Upload the file again in a minute.";
        }
        return "The import stopped because of an error in the service, and nothing was imported: " + e.getMessage();
    }

    /**
     * Records that a job has ended. When the database cannot be reached (the very trouble that may have
     * stopped the import, or that came just after it committed), the ending is kept and written at the next
     * heartbeat instead: the job must not stay "running" while its node, alive, renews its heartbeat.
     */
    private void finish(String id, Ending ending) {
        try {
            if (ending.failure() == null) {
                jdbc.sql("""
                        update record_import_job set outcome = ?, bytes_read = total_bytes, rows_read = ?, finished_at = now()
                        where id = ?::uuid and finished_at is null""").params(ending.outcome(), ending.rows(), id).update();
            } else {
                jdbc.sql("update record_import_job set failure = ?, finished_at = now() where id = ?::uuid and finished_at is null")
                        .params(ending.failure(), id).update();
            }
            unrecorded.remove(id);
        } catch (RuntimeException e) {
            log.warn("Could not record yet that the import {} has ended; trying again at the next heartbeat", id);
            unrecorded.put(id, ending);
        }
    }

    /** Tells every node that this one is still running its imports, and records the failures not yet recorded. */
    private void stillRunning() {
        try {
            unrecorded.forEach(this::finish);
            if (!running.isEmpty()) {
                jdbc.sql("update record_import_job set heartbeat = now() where node = ? and finished_at is null and id = any(?::uuid[])")
                        .params(node, running.toArray(String[]::new)).update();
            }
        } catch (RuntimeException e) {
            log.warn("Could not renew the heartbeat of this node's imports: {}", e.getMessage());
        }
    }

    /** Marks failed the imports whose node stopped: no heartbeat since {@code time}. */
    int failThoseWithoutHeartbeatSince(Instant time) {
        return jdbc.sql("update record_import_job set failure = ?, finished_at = now() where finished_at is null and heartbeat < ?")
                .params(NODE_STOPPED, Timestamp.from(time)).update();
    }

    /** Forgets imports that finished before {@code time}, so that the table does not keep every one. */
    void forgetFinishedBefore(Instant time) {
        jdbc.sql("delete from record_import_job where finished_at < ?").param(Timestamp.from(time)).update();
    }

    /**
     * An import, only for the person who started it (as {@code AnalysisRuns.run}): a job's page names
     * its file and its outcome, and no one else needs to follow it.
     */
    public Optional<Job> job(String id, Actor by) {
        return read(id, by.name());
    }

    Optional<Job> job(String id) {
        return read(id, null);
    }

    private Optional<Job> read(String id, String startedBy) {
        Optional<UUID> uuid;
        try {
            uuid = Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            uuid = Optional.empty();
        }
        return uuid.flatMap(key -> jdbc.sql("""
                        select id, file_name, started_by, bytes_read, total_bytes, rows_read, outcome, failure
                        from record_import_job where id = ?""").param(key).query(BackgroundImports::job).optional())
                .filter(job -> startedBy == null || job.startedBy().equals(startedBy)).map(Read::job);
    }

    /** A job as read, with whom it is for. */
    private record Read(String startedBy, Job job) {
    }

    private static Read job(ResultSet rs, int row) throws SQLException {
        String outcome = rs.getString("outcome");
        return new Read(rs.getString("started_by"), new Job(rs.getString("id"), rs.getString("file_name"),
                rs.getLong("bytes_read"), rs.getLong("total_bytes"), rs.getLong("rows_read"),
                outcome == null ? null : JSON.readValue(outcome, ImportOutcome.class), rs.getString("failure")));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        executor.shutdownNow();
    }
}
