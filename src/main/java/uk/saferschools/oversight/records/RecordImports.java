package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.geography.BoroughBoundaries;

/**
 * Imports police.uk stop-and-search files: each whole or not at all, never twice, a newer file for a
 * force and month replacing the older one in one transaction. Rows go in through PostgreSQL
 * {@code COPY}, in the same transaction that would roll them back if any row were invalid.
 */
@Service
@EnableConfigurationProperties(RecordsProperties.class)
public class RecordImports {

    /** {@code YYYY-MM-<force>-stop-and-search.csv}, as police.uk names its downloads. */
    static final Pattern POLICE_UK_NAME = Pattern.compile("(\\d{4})-(\\d{2})-([a-z0-9-]+?)-stop-and-search\\.csv",
            Pattern.CASE_INSENSITIVE);
    static final int PROBLEMS_KEPT = 10_000;
    static final int PROBLEMS_SHOWN = 20;
    private static final int COPY_CHUNK = 1 << 18;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail auditTrail;
    private final RecordsProperties properties;

    RecordImports(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactionManager,
                  AuditTrail auditTrail, RecordsProperties properties) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.auditTrail = auditTrail;
        this.properties = properties;
    }

    /** Imports one police.uk file; {@code name} is how it is called in messages and the history. */
    public ImportOutcome importPoliceUk(Path file, String name, ImportOptions options, ImportProgress progress) {
        Instant started = Instant.now();
        try {
            long size = Files.size(file);
            if (size > properties.maxFileSize().toBytes()) {
                return reject(name, null, size, null, null, started, options, 0, List.of(ImportProblem.ofFile(name,
                        megabytes(size), "a file of at most " + megabytes(properties.maxFileSize().toBytes())
                                + " (the configured limit, oversight.records.max-file-size)")), 1);
            }
            FileCheck.Result check = FileCheck.of(file, name);
            if (check.problem().isPresent()) {
                return reject(name, check.sha256(), size, null, null, started, options, 0, List.of(check.problem().get()), 1);
            }
            Optional<ForceMonth> forceMonth = forceMonth(name, options);
            if (forceMonth.isEmpty()) {
                return reject(name, check.sha256(), size, null, null, started, options, 0, List.of(ImportProblem.ofFile(name,
                        name, "a file named YYYY-MM-<force>-stop-and-search.csv, as police.uk names them, "
                                + "or the force and month given as options (--force, --month)")), 1);
            }
            Optional<Long> same = jdbc.sql("""
                    select id from import_batch where kind = 'POLICE_UK' and content_hash = ?
                    and status in ('ACTIVE', 'SUPERSEDED') order by id desc limit 1""")
                    .param(check.sha256()).query(Long.class).optional();
            if (same.isPresent()) {
                auditTrail.record(options.by(), "IMPORT_UNCHANGED", "import:" + name, null,
                        "same content as import " + same.get() + "; nothing changed");
                return new ImportOutcome(name, ImportOutcome.Status.UNCHANGED, same.get(), 0, 0, 0, List.of(), 0,
                        name + ": already imported (import " + same.get() + "); nothing changed");
            }
            return load(file, name, size, check.sha256(), forceMonth.get(), options, started, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + name + ": " + e.getMessage(), e);
        }
    }

    record ForceMonth(String force, YearMonth month) {
    }

    static Optional<ForceMonth> forceMonth(String name, ImportOptions options) {
        Matcher matcher = POLICE_UK_NAME.matcher(Path.of(name).getFileName().toString());
        String force = options.force();
        YearMonth month = options.month();
        if (matcher.matches()) {
            force = force != null ? force : matcher.group(3).toLowerCase();
            month = month != null ? month : YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }
        return force == null || month == null ? Optional.empty() : Optional.of(new ForceMonth(force, month));
    }

    /** Signals that the file had invalid rows and is being rejected: rolls the transaction back. */
    private static final class Rejected extends RuntimeException {
        Rejected() {
            super(null, null, false, false);
        }
    }

    private ImportOutcome load(Path file, String name, long size, String sha256, ForceMonth forceMonth,
                               ImportOptions options, Instant started, ImportProgress progress) {
        var problems = new ArrayList<ImportProblem>();
        var quarantined = new ArrayList<Object[]>();
        long[] counts = new long[3]; // read, imported, problems total
        PoliceUkFormat format = new PoliceUkFormat(name, forceMonth.force(), forceMonth.month(), BoroughBoundariesHolder.LONDON);
        java.util.function.Consumer<ImportProblem> report = problem -> {
            counts[2]++;
            if (problems.size() < PROBLEMS_KEPT) {
                problems.add(problem);
            }
        };
        Long[] replaced = new Long[1];
        int[] revision = new int[1];
        Long batchId;
        try {
            batchId = transactions.execute(status -> {
                jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("police-uk:" + forceMonth.force() + ":"
                        + forceMonth.month()).query().singleRow();
                Optional<long[]> previous = jdbc.sql("""
                        select id, coalesce(revision, 1) from import_batch
                        where kind = 'POLICE_UK' and status = 'ACTIVE' and force = ? and month = ?""")
                        .params(forceMonth.force(), forceMonth.month().atDay(1))
                        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional();
                if (previous.isPresent()) {
                    replaced[0] = previous.get()[0];
                    jdbc.sql("update import_batch set status = 'SUPERSEDED' where id = ?").param(replaced[0]).update();
                    jdbc.sql("delete from stop_search where force = ? and month = ?")
                            .params(forceMonth.force(), forceMonth.month().atDay(1)).update();
                }
                revision[0] = previous.map(p -> (int) p[1] + 1).orElse(1);
                long id = jdbc.sql("""
                        insert into import_batch (kind, file_name, content_hash, size_bytes, force, month, status,
                            revision, replaces_batch, demonstration, started_at, imported_by)
                        values ('POLICE_UK', ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?) returning id""")
                        .params(name, sha256, size, forceMonth.force(), forceMonth.month().atDay(1), revision[0],
                                replaced[0], options.demonstration(), OffsetDateTime.ofInstant(started, ZoneOffset.UTC),
                                options.by().name())
                        .query(Long.class).single();
                copyRows(file, name, size, id, format, report, quarantined, counts, progress, options.quarantineInvalid());
                if (counts[2] > 0 && !options.quarantineInvalid()) {
                    throw new Rejected();
                }
                jdbc.sql("update import_batch set rows_read = ?, rows_imported = ?, rows_invalid = ?, problems_total = ?, "
                                + "finished_at = now() where id = ?")
                        .params(counts[0], counts[1], quarantined.size(), counts[2], id).update();
                storeProblems(id, problems);
                for (Object[] row : quarantined) {
                    jdbc.sql("insert into quarantined_row (batch_id, line_no, raw) values (?, ?, ?)")
                            .params(id, row[0], row[1]).update();
                }
                String after = Counted.number(counts[1]) + " of " + Counted.of(counts[0], "row", "rows") + " imported for "
                        + forceMonth.force() + " " + forceMonth.month()
                        + (quarantined.isEmpty() ? "" : "; " + Counted.of(quarantined.size(), "invalid row", "invalid rows") + " quarantined")
                        + (replaced[0] == null ? "" : "; revision " + revision[0] + ", replacing import " + replaced[0]);
                auditTrail.record(options.by(), replaced[0] == null ? "RECORDS_IMPORTED" : "RECORDS_REPLACED",
                        "import:" + name, replaced[0] == null ? null : "import " + replaced[0], after);
                return id;
            });
        } catch (Rejected rejected) {
            return reject(name, sha256, size, forceMonth.force(), forceMonth.month(), started, options, counts[0],
                    problems, counts[2]);
        }
        List<ImportProblem> shown = problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size()));
        String summary = name + ": " + Counted.of(counts[1], "record", "records") + " imported for " + forceMonth.force() + " " + forceMonth.month()
                + (counts[0] == 0 ? " (an empty file: recorded as zero records that month)" : "")
                + (quarantined.isEmpty() ? "" : "; " + Counted.of(quarantined.size(), "invalid row", "invalid rows") + " quarantined for review")
                + (replaced[0] == null ? "" : "; replaced the earlier file (revision " + revision[0] + ")");
        return new ImportOutcome(name, replaced[0] == null ? ImportOutcome.Status.IMPORTED : ImportOutcome.Status.REPLACED,
                batchId, counts[0], counts[1], quarantined.size(), List.copyOf(shown), counts[2], summary);
    }

    private void copyRows(Path file, String name, long size, long batchId, PoliceUkFormat format,
                          java.util.function.Consumer<ImportProblem> report, List<Object[]> quarantined, long[] counts,
                          ImportProgress progress, boolean quarantine) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        CopyIn copy = null;
        CopyWriter writer = null;
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
             CsvReader<CsvRecord> reader = CsvReader.builder()
                     .allowMissingFields(true).allowExtraFields(true)
                     .allowUnclosedQuote(false).allowExtraCharsAfterClosingQuote(false)
                     .skipEmptyLines(true).detectBomHeader(true)
                     .maxBufferSize(properties.maxFieldSize())
                     .ofCsvRecord(in, StandardCharsets.UTF_8)) {
            copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY stop_search (" + PoliceUkFormat.COPY_COLUMNS + ") FROM STDIN WITH (FORMAT binary)");
            writer = new CopyWriter(copy);
            BinaryCopy chunk = new BinaryCopy().raw(BinaryCopy.HEADER);
            boolean header = true;
            long lastLine = 0;
            long lastWrongCount = -1;
            var iterator = reader.iterator();
            while (true) {
                CsvRecord record;
                try {
                    if (!iterator.hasNext()) {
                        break;
                    }
                    record = iterator.next();
                } catch (CsvParseException | UncheckedIOException e) {
                    report.accept(parseProblem(name, lastLine + 1, e));
                    break;
                }
                lastLine = record.getStartingLineNumber();
                if (header) {
                    header = false;
                    List<ImportProblem> headerProblems = format.checkHeader(record.getFields());
                    if (!headerProblems.isEmpty()) {
                        headerProblems.forEach(report);
                        writer.finish();
                        return; // nothing else can be read against a wrong header
                    }
                    continue;
                }
                counts[0]++;
                long before = counts[2];
                if (format.toCopyRow(batchId, lastLine, record.getFields(), chunk, report)) {
                    counts[1]++;
                } else {
                    if (record.getFieldCount() != PoliceUkFormat.HEADER.size()) {
                        lastWrongCount = lastLine;
                    }
                    if (quarantine) {
                        quarantined.add(new Object[] {lastLine, String.join(",", record.getFields().stream()
                                .map(f -> f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
                                .toList())});
                    }
                    if (counts[2] == before) {
                        counts[2]++;
                    }
                }
                if (chunk.size() >= COPY_CHUNK) {
                    writer.send(chunk.drain());
                }
                if ((counts[0] & 0x3FFF) == 0) {
                    progress.advanced(in.count, size, counts[0]);
                }
            }
            if (lastWrongCount > 0 && lastWrongCount == lastLine && !endsWithNewline(file)) {
                report.accept(new ImportProblem(name, lastLine, 0, "", "a last line that stops part-way",
                        "a complete file: it seems to have been cut off (truncated) while copying or downloading"));
            }
            writer.send(chunk.raw(BinaryCopy.TRAILER).drain());
            writer.finish();
            copy.endCopy();
            copy = null;
            progress.advanced(size, size, counts[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused the rows of " + name + ": " + e.getMessage(), e);
        } finally {
            if (writer != null) {
                writer.abandon();
            }
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the transaction is rolled back anyway
                }
            }
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Sends COPY data from a second thread, so that PostgreSQL stores one chunk while this thread
     * reads and checks the next. The connection is used by that thread alone until {@link #finish}.
     */
    private static final class CopyWriter {
        private static final byte[] END = new byte[0];
        private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.ArrayBlockingQueue<>(4);
        private final Thread thread;
        private volatile Exception failure;

        CopyWriter(CopyIn copy) {
            thread = new Thread(() -> {
                try {
                    for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                        if (failure == null) {
                            copy.writeToCopy(chunk, 0, chunk.length);
                        }
                    }
                } catch (SQLException | InterruptedException e) {
                    failure = e;
                }
            }, "copy-writer");
            thread.setDaemon(true);
            thread.start();
        }

        void send(byte[] chunk) throws SQLException {
            rethrow();
            try {
                chunks.put(chunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while importing", e);
            }
        }

        void finish() throws SQLException {
            try {
                chunks.put(END);
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while importing", e);
            }
            rethrow();
        }

        /** Stops the thread if the import ended early; does nothing once it has finished. */
        void abandon() {
            thread.interrupt();
        }

        private void rethrow() throws SQLException {
            if (failure instanceof SQLException sql) {
                throw sql;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
    }

    private static ImportProblem parseProblem(String name, long line, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("buffer size") || message.contains("Maximum")) {
            return new ImportProblem(name, line, 0, "", "a field or line too long to be a record",
                    "fields and lines of reasonable length: the file may not be a police.uk CSV, or a quote is not closed");
        }
        if (message.toLowerCase().contains("quote")) {
            return new ImportProblem(name, line, 0, "", "a quoted field that is never closed",
                    "a closing quote (\"): the file may have been truncated, or a quote inside a field is not doubled");
        }
        return new ImportProblem(name, line, 0, "", message, "well-formed CSV");
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        try (var channel = Files.newByteChannel(file)) {
            channel.position(size - 1);
            var last = java.nio.ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n' || last.get(0) == '\r';
        }
    }

    private ImportOutcome reject(String name, String sha256, long size, String force, YearMonth month, Instant started,
                                 ImportOptions options, long rowsRead, List<ImportProblem> problems, long total) {
        return reject("POLICE_UK", name, sha256, size, force, month, started, options, rowsRead, problems, total);
    }

    /** Records a rejected file in the import history with its problems, and in the audit trail. */
    ImportOutcome reject(String kind, String name, String sha256, long size, String force, YearMonth month,
                         Instant started, ImportOptions options, long rowsRead, List<ImportProblem> problems, long total) {
        Long id = transactions.execute(status -> {
            long batch = jdbc.sql("""
                    insert into import_batch (kind, file_name, content_hash, size_bytes, force, month, status,
                        rows_read, problems_total, demonstration, started_at, imported_by)
                    values (?, ?, ?, ?, ?, ?, 'REJECTED', ?, ?, ?, ?, ?) returning id""")
                    .params(kind, name, sha256, size, force, month == null ? null : month.atDay(1), rowsRead, total,
                            options.demonstration(), OffsetDateTime.ofInstant(started, ZoneOffset.UTC), options.by().name())
                    .query(Long.class).single();
            storeProblems(batch, problems);
            auditTrail.record(options.by(), "IMPORT_REJECTED", "import:" + name, null,
                    Counted.of(total, "problem", "problems") + "; first: " + problems.get(0).message());
            return batch;
        });
        List<ImportProblem> shown = problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size()));
        return new ImportOutcome(name, ImportOutcome.Status.REJECTED, id, rowsRead, 0, 0, List.copyOf(shown), total,
                name + ": rejected, nothing imported (" + Counted.of(total, "problem", "problems") + ")");
    }

    void storeProblems(long batchId, List<ImportProblem> problems) {
        int seq = 0;
        for (ImportProblem p : problems) {
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

    /** Loaded once, on first use: the borough boundaries take a moment to read. */
    private static final class BoroughBoundariesHolder {
        static final BoroughBoundaries LONDON = BoroughBoundaries.london();
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
