package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.records.ImportPipeline.Loaded;
import uk.saferschools.oversight.records.ImportPipeline.Revision;

/**
 * The one way in for records files, whatever their format: a file over the size limit, not UTF-8 text,
 * or not named as its format needs is refused before it is read; the same content is never imported
 * twice; then its format's {@link ImportPipeline} checks and stores its rows in one transaction, which
 * the gate commits (recording the batch, its problems and its quarantined rows, auditing it and
 * publishing {@link ImportCompleted}) or rolls back and records as rejected. A file is imported whole
 * or not at all, or with its invalid rows quarantined when that is asked for.
 */
@Service
@EnableConfigurationProperties(RecordsProperties.class)
class ImportBatches {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail auditTrail;
    private final ApplicationEventPublisher events;
    private final RecordsProperties properties;

    ImportBatches(JdbcClient jdbc, PlatformTransactionManager transactionManager, AuditTrail auditTrail,
                  ApplicationEventPublisher events, RecordsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.auditTrail = auditTrail;
        this.events = events;
        this.properties = properties;
    }

    /** Imports one file through its format's pipeline; {@code name} is how it is called in messages and the history. */
    ImportOutcome admit(ImportPipeline pipeline, Path file, String name, ImportOptions options, ImportProgress progress) {
        try {
            ImportBatch batch = new ImportBatch(pipeline.format(), file, name, options, Files.size(file));
            long limit = properties.maxFileSize().toBytes();
            if (batch.size() > limit) {
                return rejectBeforeReading(batch, ImportProblem.ofFile(name, megabytes(batch.size()), "a file of at most "
                        + megabytes(limit) + " (the configured limit, oversight.records.max-file-size)"));
            }
            FileCheck.Result check = FileCheck.of(file, name);
            batch.hashed(check.sha256());
            if (check.problem().isPresent()) {
                return rejectBeforeReading(batch, check.problem().get());
            }
            Optional<ImportProblem> misnamed = pipeline.checkName(name, options);
            if (misnamed.isPresent()) {
                return rejectBeforeReading(batch, misnamed.get());
            }
            batch.placedIn(pipeline.forceMonth(name, options));
            // Unchanged only when these bytes are what is held now for the same force and month: the same bytes
            // for another month (every header-only file is alike) are that month's own, and a month's earlier file
            // imported again, after a newer one replaced it, is a replacement back to it.
            Optional<Long> same = jdbc.sql("""
                    select id from import_batch where kind = ? and content_hash = ? and status = 'ACTIVE'
                    and force is not distinct from ?::text and month is not distinct from ?::date order by id desc limit 1""")
                    .params(batch.format().name(), batch.sha256(), batch.placedForce(), batch.placedMonth())
                    .query(Long.class).optional();
            if (same.isPresent()) {
                auditTrail.record(options.by(), "IMPORT_UNCHANGED", "import:" + name, null,
                        "same content as import " + same.get() + "; nothing changed");
                return new ImportOutcome(name, ImportOutcome.Status.UNCHANGED, same.get(), 0, 0, 0, List.of(), 0,
                        name + ": already imported (import " + same.get() + "); nothing changed");
            }
            return load(pipeline, batch, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Signals that the file is being rejected: rolls its transaction back, with every row it stored. */
    private static final class Rejected extends RuntimeException {
        final long rowsRead;

        Rejected(long rowsRead) {
            super(null, null, false, false);
            this.rowsRead = rowsRead;
        }
    }

    private ImportOutcome load(ImportPipeline pipeline, ImportBatch batch, ImportProgress progress) {
        try {
            return transactions.execute(status -> commit(pipeline, batch, progress));
        } catch (Rejected rejected) {
            return reject(batch, rejected.rowsRead);
        }
    }

    /** The one place an import is committed. */
    private ImportOutcome commit(ImportPipeline pipeline, ImportBatch batch, ImportProgress progress) {
        ImportOptions options = batch.options();
        Revision revision = pipeline.supersede(batch.forceMonth());
        batch.recordedAs(jdbc.sql("""
                insert into import_batch (kind, file_name, content_hash, size_bytes, force, month, status, revision,
                    replaces_batch, demonstration, synthetic, started_at, imported_by)
                values (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?) returning id""")
                .params(batch.format().name(), batch.name(), batch.sha256(), batch.size(),
                        batch.placedForce(), batch.placedMonth(), revision.number(), revision.replacing(), options.demonstration(), options.synthetic(),
                        OffsetDateTime.ofInstant(batch.started(), ZoneOffset.UTC), options.by().name())
                .query(Long.class).single());
        Loaded loaded;
        try {
            loaded = pipeline.load(batch, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + batch.name() + ": " + e.getMessage(), e);
        }
        Problems problems = batch.problems();
        if (problems.any() && (!options.quarantineInvalid() || problems.refuseTheWholeFile())) {
            throw new Rejected(loaded.rowsRead());
        }
        pipeline.stored(batch, loaded);
        long id = batch.id();
        int quarantined = batch.quarantined().size();
        jdbc.sql("update import_batch set rows_read = ?, rows_imported = ?, rows_invalid = ?, problems_total = ?, "
                        + "finished_at = now() where id = ?")
                .params(loaded.rowsRead(), loaded.rowsImported(), quarantined, problems.total(), id).update();
        storeProblems(id, problems);
        for (ImportBatch.QuarantinedRow row : batch.quarantined()) {
            jdbc.sql("insert into quarantined_row (batch_id, line_no, raw) values (?, ?, ?)")
                    .params(id, row.line(), row.raw()).update();
        }
        String invalid = quarantined == 0 ? "" : "; " + Counted.of(quarantined, "invalid row", "invalid rows") + " quarantined";
        boolean replacing = revision.replacing() != null;
        auditTrail.record(options.by(), replacing ? "RECORDS_REPLACED" : "RECORDS_IMPORTED", "import:" + batch.name(),
                replacing ? "import " + revision.replacing() : null, pipeline.audited(batch, loaded) + invalid
                        + (replacing ? "; revision " + revision.number() + ", replacing import " + revision.replacing() : ""));
        events.publishEvent(new ImportCompleted(id, batch.format(), batch.name(), batch.placedForce(), List.copyOf(new TreeSet<>(loaded.months())),
                loaded.rowsRead(), loaded.rowsImported(), quarantined, revision.replacing(), options.demonstration(),
                options.synthetic()));
        return new ImportOutcome(batch.name(), replacing ? ImportOutcome.Status.REPLACED : ImportOutcome.Status.IMPORTED,
                id, loaded.rowsRead(), loaded.rowsImported(), quarantined, problems.shown(), problems.total(),
                batch.name() + ": " + pipeline.summary(batch, loaded) + (invalid.isEmpty() ? "" : invalid + " for review")
                        + (replacing ? "; replaced the earlier file (revision " + revision.number() + ")" : ""));
    }

    private ImportOutcome rejectBeforeReading(ImportBatch batch, ImportProblem problem) {
        batch.problems().accept(problem);
        return reject(batch, 0);
    }

    /** Records a rejected file in the import history with its problems, and in the audit trail. */
    private ImportOutcome reject(ImportBatch batch, long rowsRead) {
        Problems problems = batch.problems();
        ImportOptions options = batch.options();
        Long id = transactions.execute(status -> {
            long rejected = jdbc.sql("""
                    insert into import_batch (kind, file_name, content_hash, size_bytes, force, month, status,
                        rows_read, problems_total, demonstration, started_at, imported_by)
                    values (?, ?, ?, ?, ?, ?, 'REJECTED', ?, ?, ?, ?, ?) returning id""")
                    .params(batch.format().name(), batch.name(), batch.sha256(), batch.size(),
                            batch.placedForce(), batch.placedMonth(), rowsRead, problems.total(),
                            options.demonstration(), OffsetDateTime.ofInstant(batch.started(), ZoneOffset.UTC),
                            options.by().name())
                    .query(Long.class).single();
            storeProblems(rejected, problems);
            auditTrail.record(options.by(), "IMPORT_REJECTED", "import:" + batch.name(), null,
                    Counted.of(problems.total(), "problem", "problems") + "; first: " + problems.first().message());
            return rejected;
        });
        return new ImportOutcome(batch.name(), ImportOutcome.Status.REJECTED, id, rowsRead, 0, 0, problems.shown(),
                problems.total(), batch.name() + ": rejected, nothing imported ("
                + Counted.of(problems.total(), "problem", "problems") + ")");
    }

    private void storeProblems(long batchId, Problems problems) {
        int seq = 0;
        for (ImportProblem p : problems.kept()) {
            jdbc.sql("insert into import_problem (batch_id, seq, line_no, column_no, field, value, expected) "
                            + "values (?, ?, ?, ?, ?, ?, ?)")
                    .params(batchId, ++seq, p.line(), p.column(), p.field(), p.value(), p.expected()).update();
        }
    }

    private static String megabytes(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format("%.1f MB", bytes / 1_000_000.0);
        }
        return bytes >= 1_000 ? String.format("%.1f kB", bytes / 1_000.0) : bytes + " bytes";
    }
}
