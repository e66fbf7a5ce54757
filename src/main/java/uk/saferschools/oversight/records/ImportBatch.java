package uk.saferschools.oversight.records;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * One file on its way through the import gate ({@link ImportBatches}): what is known about it so far,
 * the problems found in it and the invalid rows kept for review. Its id is the import history entry
 * once the gate has recorded it.
 */
final class ImportBatch {

    /** Where a file's records belong when its format keeps them by force and month (police.uk). */
    record ForceMonth(String force, YearMonth month) {
        @Override
        public String toString() {
            return force + " " + month;
        }
    }

    /** An invalid row as kept for review, its identifiers withheld. */
    record QuarantinedRow(long line, String raw) {
    }

    private final RecordFormat format;
    private final Path file;
    private final String name;
    private final ImportOptions options;
    private final long size;
    private final Instant started = Instant.now();
    private final Problems problems = new Problems();
    private final List<QuarantinedRow> quarantined = new ArrayList<>();
    private String sha256;
    private ForceMonth forceMonth;
    private Long id;

    ImportBatch(RecordFormat format, Path file, String name, ImportOptions options, long size) {
        this.format = format;
        this.file = file;
        this.name = name;
        this.options = options;
        this.size = size;
    }

    RecordFormat format() {
        return format;
    }

    Path file() {
        return file;
    }

    /** The file's name in messages and the history. */
    String name() {
        return name;
    }

    ImportOptions options() {
        return options;
    }

    long size() {
        return size;
    }

    Instant started() {
        return started;
    }

    Problems problems() {
        return problems;
    }

    /** Keeps an invalid row for review (when quarantine was asked for). */
    void quarantine(long line, String raw) {
        quarantined.add(new QuarantinedRow(line, raw));
    }

    List<QuarantinedRow> quarantined() {
        return quarantined;
    }

    String sha256() {
        return sha256;
    }

    void hashed(String sha256) {
        this.sha256 = sha256;
    }

    /** Null for formats not kept by force and month. */
    ForceMonth forceMonth() {
        return forceMonth;
    }

    /** The force its rows belong to, as import_batch.force holds it: null for formats not kept by force and month. */
    String placedForce() {
        return forceMonth == null ? null : forceMonth.force();
    }

    /** The first day of its month, as import_batch.month holds it: null for formats not kept by force and month. */
    LocalDate placedMonth() {
        return forceMonth == null ? null : forceMonth.month().atDay(1);
    }

    void placedIn(ForceMonth forceMonth) {
        this.forceMonth = forceMonth;
    }

    long id() {
        return id;
    }

    void recordedAs(long id) {
        this.id = id;
    }
}
