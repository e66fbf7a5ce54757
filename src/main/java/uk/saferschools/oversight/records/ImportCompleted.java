package uk.saferschools.oversight.records;

import java.time.YearMonth;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * A records file was imported: published once its rows are stored, inside the import's transaction, so
 * that a listener in that transaction commits or rolls back with it. Rejected files and files already
 * imported publish nothing.
 *
 * @param batchId         the import history entry
 * @param format          what kind of file it was
 * @param fileName        the file's name as it was given
 * @param force           police.uk files: the force whose records these are; null for other formats
 * @param months          the months whose records changed: a police.uk file's month, the months (London time)
 *                        of an extended records file's uses of powers; none for schools, SSO deployments and
 *                        school rolls, which are not kept by month
 * @param rowsRead        data rows in the file
 * @param rowsImported    rows stored
 * @param rowsQuarantined invalid rows kept for review instead (when quarantine was asked for)
 * @param replacedBatchId the import this one replaced (a newer police.uk file for the same force and month), or null
 * @param demonstration   demonstration data shipped with the product
 * @param synthetic       made up by the demonstration data generator
 */
@NamedInterface("events")
public record ImportCompleted(long batchId, RecordFormat format, String fileName, String force, List<YearMonth> months,
                              long rowsRead, long rowsImported, long rowsQuarantined, Long replacedBatchId,
                              boolean demonstration, boolean synthetic) {

    public ImportCompleted {
        months = List.copyOf(months);
    }

    /** Whether it replaced an earlier file, whose records are no longer current. */
    public boolean replaced() {
        return replacedBatchId != null;
    }
}
