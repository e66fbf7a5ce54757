package uk.saferschools.oversight.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports uploaded files one at a time in the background, so that a large file does not hold a
 * browser request open; the upload page shows each job's progress until its outcome is in the import
 * history. Jobs live in this node's memory; their outcomes live in the database.
 */
@Service
public class BackgroundImports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundImports.class);

    /** A file being imported. */
    public static final class Job {
        private final String id;
        private final String fileName;
        private final String startedBy;
        private volatile long bytesRead;
        private volatile long totalBytes;
        private volatile long rows;
        private volatile ImportOutcome outcome;
        private volatile String failure;
        private volatile java.time.Instant finishedAt;

        Job(String id, String fileName, String startedBy, long totalBytes) {
            this.id = id;
            this.fileName = fileName;
            this.startedBy = startedBy;
            this.totalBytes = totalBytes;
        }

        /**
         * The job as it is at this moment, unchanging, so that a page made from it says one thing
         * throughout (its title and heading cannot disagree because the import ended mid-render).
         */
        public Job now() {
            Job copy = new Job(id, fileName, startedBy, totalBytes);
            copy.outcome = outcome;
            copy.failure = failure;
            copy.bytesRead = bytesRead;
            copy.rows = rows;
            copy.finishedAt = finishedAt;
            return copy;
        }

        public String id() {
            return id;
        }

        public String fileName() {
            return fileName;
        }

        public long rows() {
            return rows;
        }

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

        public ImportOutcome outcome() {
            return outcome;
        }

        public String failure() {
            return failure;
        }
    }

    private final TabularImports imports;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "record-import");
        thread.setDaemon(true);
        return thread;
    });

    BackgroundImports(TabularImports imports) {
        this.imports = imports;
    }

    /** How long a finished import can still be followed; its batch and report stay in the database. */
    static final java.time.Duration KEPT_AFTER_FINISHING = java.time.Duration.ofDays(1);

    /** Starts importing an uploaded file (which this takes over and deletes when done). */
    public Job start(Path upload, String fileName, ImportOptions options) throws IOException {
        forgetFinishedBefore(java.time.Instant.now().minus(KEPT_AFTER_FINISHING));
        Job job = new Job(UUID.randomUUID().toString(), fileName, options.by().name(), Files.size(upload));
        jobs.put(job.id, job);
        executor.submit(() -> {
            try {
                job.outcome = imports.importFile(upload, fileName, options, (bytesRead, total, rows) -> {
                    job.bytesRead = bytesRead;
                    job.totalBytes = total;
                    job.rows = rows;
                });
            } catch (RuntimeException e) {
                log.error("Import of {} failed", fileName, e);
                job.failure = "The import stopped because of an error in the service, and nothing was imported: "
                        + e.getMessage();
            } finally {
                job.finishedAt = java.time.Instant.now();
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException e) {
                    log.warn("Could not delete the uploaded file {}", upload, e);
                }
            }
        });
        return job;
    }

    /** Forgets imports that finished before {@code time}, so that a long-lived service does not keep every one. */
    void forgetFinishedBefore(java.time.Instant time) {
        jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(time));
    }

    /**
     * An import, only for the person who started it (as {@code AnalysisRuns.run}): a job's page names
     * its file and its outcome, and no one else needs to follow it.
     */
    public Optional<Job> job(String id, uk.saferschools.oversight.audit.Actor by) {
        return Optional.ofNullable(jobs.get(id)).filter(j -> j.startedBy.equals(by.name()));
    }

    Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
