package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import uk.saferschools.oversight.geography.BoroughBoundaries;
import uk.saferschools.oversight.records.ImportBatch.ForceMonth;

/**
 * police.uk stop-and-search files behind the import gate: a file is one force's month, named as police.uk
 * names its downloads (or given the force and month as options); a newer file for a force and month
 * replaces the older one in the same transaction. Rows go in through PostgreSQL {@code COPY} (ADR 0006),
 * in the transaction that would roll them back if any row were invalid.
 */
@Component
class PoliceUkPipeline implements ImportPipeline {

    /** {@code YYYY-MM-<force>-stop-and-search.csv}, as police.uk names its downloads. */
    static final Pattern POLICE_UK_NAME = Pattern.compile("(\\d{4})-(\\d{2})-([a-z0-9-]+?)-stop-and-search\\.csv",
            Pattern.CASE_INSENSITIVE);
    private static final int COPY_CHUNK = 1 << 18;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final RecordsProperties properties;

    PoliceUkPipeline(DataSource dataSource, JdbcClient jdbc, RecordsProperties properties) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.POLICE_UK;
    }

    @Override
    public Optional<ImportProblem> checkName(String name, ImportOptions options) {
        return forceMonth(name, options) != null ? Optional.empty() : Optional.of(ImportProblem.ofFile(name, name,
                "a file named YYYY-MM-<force>-stop-and-search.csv, as police.uk names them, "
                        + "or the force and month given as options (--force, --month)"));
    }

    @Override
    public ForceMonth forceMonth(String name, ImportOptions options) {
        Matcher matcher = POLICE_UK_NAME.matcher(Path.of(name).getFileName().toString());
        String force = options.force();
        YearMonth month = options.month();
        if (matcher.matches()) {
            force = force != null ? force : matcher.group(3).toLowerCase(Locale.ROOT);
            month = month != null ? month : YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }
        return force == null || month == null ? null : new ForceMonth(force, month);
    }

    /**
     * One file a force and month is current: the earlier one is superseded and its records taken out, its table
     * dropped whole (V29's {@code stop_search_supersede}: no row-by-row delete, nothing left for vacuum; its cells
     * go when the month is recounted, in {@link #stored}).
     */
    @Override
    public Revision supersede(ForceMonth forceMonth) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("police-uk:" + forceMonth.force() + ":"
                + forceMonth.month()).query().singleRow();
        return jdbc.sql("select replaced, revision from stop_search_supersede(?, ?)")
                .params(forceMonth.force(), forceMonth.month().atDay(1))
                .query((rs, n) -> rs.getObject("replaced") == null ? new Revision(1, null)
                        : new Revision(rs.getInt("revision") + 1, rs.getLong("replaced"))).single();
    }

    /**
     * The import's records made part of {@code stop_search}, and the force and month's cells replaced by those
     * counted as the rows were checked (V30's {@code stop_search_cells_store}, which takes them only if they count
     * the rows stored; ADR 0021); the replaced file's rows went in {@link #supersede}.
     */
    @Override
    public void stored(ImportBatch batch, Loaded loaded) {
        jdbc.sql("select stop_search_batch_attach(?)").param(batch.id()).query().singleRow();
        if (loaded.cells() == null) {
            // nothing counted while loading: counted again from the records (V27's stop_search_recount)
            jdbc.sql("select stop_search_recount(?, ?)").params(batch.forceMonth().force(), batch.forceMonth().month().atDay(1))
                    .query().singleRow();
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            loaded.cells().store(connection, batch.id());
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused the cells of " + batch.name() + ": " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    @Override
    public String summary(ImportBatch batch, Loaded loaded) {
        return ImportPipeline.super.summary(batch, loaded) + " for " + batch.forceMonth()
                + (loaded.rowsRead() == 0 ? " (an empty file: recorded as zero records that month)" : "");
    }

    @Override
    public String audited(ImportBatch batch, Loaded loaded) {
        return Counted.number(loaded.rowsImported()) + " of " + Counted.of(loaded.rowsRead(), "row", "rows")
                + " imported for " + batch.forceMonth();
    }

    /**
     * The COPY that stores an import's rows: into a table of the import's own, made now in its transaction (V29's
     * {@code stop_search_batch_table}) and attached to {@code stop_search} in {@link #stored}. Because the table is
     * new in this transaction, its rows can be stored frozen (they need no visibility check and no later vacuum to
     * freeze them) and, when wal_level is minimal, without a copy of each in the write-ahead log.
     */
    static String copyInto(Connection connection, long batchId) throws SQLException {
        String table;
        try (var made = connection.prepareStatement("select stop_search_batch_table(?)")) {
            made.setLong(1, batchId);
            try (var rs = made.executeQuery()) {
                rs.next();
                table = rs.getString(1);
            }
        }
        return "COPY " + table + " (" + PoliceUkFormat.COPY_COLUMNS + ") FROM STDIN WITH (FORMAT binary, FREEZE)";
    }

    @Override
    public Loaded load(ImportBatch batch, ImportProgress progress) throws IOException {
        ForceMonth forceMonth = batch.forceMonth();
        PoliceUkFormat format = new PoliceUkFormat(batch.name(), forceMonth.month(),
                BoroughBoundariesHolder.LONDON);
        Problems problems = batch.problems();
        Path file = batch.file();
        long size = batch.size();
        long read = 0;
        long imported = 0;
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
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyInto(connection, batch.id()));
            writer = new CopyWriter(copy);
            BinaryCopy chunk = new BinaryCopy().raw(BinaryCopy.HEADER);
            boolean header = true;
            long lastWrongCount = -1;
            CsvRecords records = new CsvRecords(reader);
            CsvRecords.Unreadable unreadable = (line, e) -> problems.accept(parseProblem(batch.name(), line, e));
            for (CsvRecord record = records.next(unreadable); record != null; record = records.next(unreadable)) {
                long lastLine = records.line();
                if (header) {
                    header = false;
                    List<ImportProblem> headerProblems = format.checkHeader(record.getFields());
                    if (!headerProblems.isEmpty()) {
                        headerProblems.forEach(problems);
                        writer.finish();
                        return new Loaded(0, 0, Set.of()); // nothing else can be read against a wrong header
                    }
                    continue;
                }
                read++;
                long before = problems.total();
                if (format.toCopyRow(batch.id(), lastLine, record.getFields(), chunk, problems)) {
                    imported++;
                } else {
                    if (record.getFieldCount() != PoliceUkFormat.HEADER.size()) {
                        lastWrongCount = lastLine;
                    }
                    if (batch.options().quarantineInvalid()) {
                        batch.quarantine(lastLine, String.join(",", record.getFields().stream()
                                .map(f -> f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
                                .toList()));
                    }
                    if (problems.total() == before) {
                        problems.countUnexplained();
                    }
                }
                if (chunk.size() >= COPY_CHUNK) {
                    writer.send(chunk.drain());
                }
                if ((read & 0x3FFF) == 0) {
                    progress.advanced(in.count, size, read);
                }
            }
            if (lastWrongCount > 0 && lastWrongCount == records.line() && !endsWithNewline(file)) {
                problems.accept(new ImportProblem(batch.name(), records.line(), 0, "", "a last line that stops part-way",
                        "a complete file: it seems to have been cut off (truncated) while copying or downloading"));
            }
            writer.send(chunk.raw(BinaryCopy.TRAILER).drain());
            writer.finish();
            copy.endCopy();
            copy = null;
            format.labels().store(connection, batch.name()).forEach(problems::refuseTheFile);
            progress.advanced(size, size, read);
            return new Loaded(read, imported, Set.of(forceMonth.month()), format.cells());
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused the rows of " + batch.name() + ": " + e.getMessage(), e);
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
        private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4);
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
        if (message.toLowerCase(Locale.ROOT).contains("quote")) {
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
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n' || last.get(0) == '\r';
        }
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
