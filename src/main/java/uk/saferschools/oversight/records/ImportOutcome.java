package uk.saferschools.oversight.records;

import java.util.List;

/**
 * What happened to one file.
 *
 * @param batchId      the import history entry, or null when nothing was recorded (unchanged)
 * @param problems     the first problems found (all of them are in the downloadable report)
 * @param problemsTotal how many problems there were in all
 */
public record ImportOutcome(String file, Status status, Long batchId, long rowsRead, long rowsImported,
                            long rowsInvalid, List<ImportProblem> problems, long problemsTotal, String summary) {

    public enum Status {
        /** All rows imported (or, with quarantine, the valid ones). */
        IMPORTED,
        /** Imported, replacing an earlier file for the same force and month. */
        REPLACED,
        /** The same file was imported before: nothing changed. */
        UNCHANGED,
        /** Nothing imported: see the problems. */
        REJECTED
    }
}
