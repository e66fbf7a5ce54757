package uk.saferschools.oversight.records;

import java.io.IOException;
import java.time.YearMonth;
import java.util.Optional;
import java.util.Set;

/**
 * One format's way from a file that has passed the import gate ({@link ImportBatches}) to stored rows:
 * one implementation a format. A pipeline checks and stores rows and reports their problems to the
 * batch; the gate does everything else (size, bytes, same content, rejection, quarantine, audit), once.
 */
interface ImportPipeline {

    RecordFormat format();

    /** What a file's name (or the options) must say before it is read; police.uk: its force and month. */
    default Optional<ImportProblem> checkName(String name, ImportOptions options) {
        return Optional.empty();
    }

    /** Where the file's records belong, from its name or the options; null for formats not kept by force and month. */
    default ImportBatch.ForceMonth forceMonth(String name, ImportOptions options) {
        return null;
    }

    /**
     * In the import's transaction, before the batch is recorded: makes way for it, marking the import it
     * replaces superseded and taking that import's rows out. Formats that only add or update rows replace nothing.
     */
    default Revision supersede(ImportBatch.ForceMonth forceMonth) {
        return Revision.NONE;
    }

    /**
     * In the import's transaction, with the batch recorded: reads and checks every row, reporting each
     * problem to the batch (and keeping invalid rows for review when quarantine was asked for), and stores
     * the valid ones. The gate rolls all of it back if the file is then rejected.
     */
    Loaded load(ImportBatch batch, ImportProgress progress) throws IOException;

    /**
     * In the import's transaction, once its rows are stored and it is not being rejected: brings up to date
     * whatever is kept from the rows (police.uk: the cells of the force and month, V27), so that it is committed
     * or rolled back with them. Nothing for formats of which nothing is kept.
     */
    default void stored(ImportBatch batch, Loaded loaded) {
    }

    /** What was imported, for the outcome's summary: "40 schools (GIAS) imported". */
    default String summary(ImportBatch batch, Loaded loaded) {
        return Counted.of(loaded.rowsImported(), format().one, format().many) + " imported";
    }

    /** What was imported, for the audit trail: "40 of 41 rows of schools (GIAS) imported". */
    default String audited(ImportBatch batch, Loaded loaded) {
        return Counted.number(loaded.rowsImported()) + " of " + Counted.of(loaded.rowsRead(), "row", "rows") + " of "
                + format().many + " imported";
    }

    /**
     * Where a batch stands among the imports of its force and month.
     *
     * @param number    police.uk: 1 for the first file of a force and month, then 2, …; null for other formats
     * @param replacing the import this one replaces, or null
     */
    record Revision(Integer number, Long replacing) {
        static final Revision NONE = new Revision(null, null);
    }

    /**
     * @param rowsRead     data rows read
     * @param rowsImported rows stored
     * @param months       the months whose records the rows are (see {@link ImportCompleted#months})
     */
    record Loaded(long rowsRead, long rowsImported, Set<YearMonth> months, StopSearchCellCounts cells) {

        /** For the formats that count nothing while they load. */
        Loaded(long rowsRead, long rowsImported, Set<YearMonth> months) {
            this(rowsRead, rowsImported, months, null);
        }
    }
}
