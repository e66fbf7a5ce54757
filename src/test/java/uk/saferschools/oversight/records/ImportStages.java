package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import uk.saferschools.oversight.geography.BoroughBoundaries;

/**
 * Where an import's time goes, stage by stage, for {@code bench/import-benchmark}: each stage of {@link PoliceUkPipeline}
 * timed on its own (the median of three), so that a change to one is measured by itself. Only for the benchmark: the
 * COPY, the cells' storing and the recount are made in a transaction that is rolled back.
 */
public final class ImportStages {

    private ImportStages() {
    }

    /**
     * Seconds for each stage over {@code file} (one force's month, all of it valid), in the order an import runs them.
     * {@code owner} connects as the tables' owner (the superuser of the embedded database), who may vacuum away what
     * each rolled-back round stored.
     */
    public static Map<String, Double> of(Path file, String force, YearMonth month, DataSource owner)
            throws IOException, SQLException {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("first look at the bytes (SHA-256, UTF-8: FileCheck)", median(() -> timed(() -> FileCheck.of(file, "benchmark"))));
        stages.put("CSV parsing only (FastCSV)", median(() -> timed(() -> {
            try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file, StandardCharsets.UTF_8)) {
                reader.forEach(r -> { });
            }
            return null;
        })));
        BoroughBoundaries london = BoroughBoundaries.london();
        // timed as the import does it, each chunk handed on (here: dropped); the rows kept for the stages after, untimed
        stages.put("parsing, checking every field, each point's borough, binary rows (Java)", median(() -> timed(() -> {
            binaryRows(file, month, london, chunk -> { });
            return null;
        })));
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        StopSearchCellCounts cells = binaryRows(file, month, london, rows::writeBytes).cells();
        byte[] binary = rows.toByteArray();
        // as the import stores them: into a table of the import's own, made in its transaction (V29)
        stages.put("PostgreSQL storing those rows (COPY alone)", median(() -> inRolledBack(owner, c -> {
            String copy = PoliceUkPipeline.copyInto(c, batch(c, force, month));
            return timed(() -> copy(c, copy, binary));
        })));
        // counted as the rows were checked (above), then stored as the import stores them since V30
        stages.put("the cells counted with the rows, stored (stop_search_cells_store)", median(() -> inRolledBack(owner, c -> {
            copiedAndAttached(c, force, month, binary);
            return timed(() -> {
                cells.store(c, BATCH);
                return null;
            });
        })));
        return stages;
    }

    /** What {@link #binaryRows} checked: how many rows, and their cells as the import counts them. */
    record CheckedRows(long rows, StopSearchCellCounts cells) {
    }

    /**
     * The file's rows parsed, checked, located and written as binary COPY data, as {@link PoliceUkPipeline#load}
     * does, handed to {@code sink} in chunks of about 256 kB, as the import sends them. (Also the work
     * {@link RowCheckingProfile} repeats for a profiler.)
     */
    static CheckedRows binaryRows(Path file, YearMonth month, BoroughBoundaries london, Consumer<byte[]> sink)
            throws IOException {
        PoliceUkFormat format = new PoliceUkFormat(file.getFileName().toString(), month, london);
        BinaryCopy chunk = new BinaryCopy().raw(BinaryCopy.HEADER);
        long line = 0;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file, StandardCharsets.UTF_8)) {
            for (CsvRecord record : reader) {
                if (++line == 1) {
                    continue;
                }
                if (!format.toCopyRow(BATCH, line, record.getFields(), chunk, problem -> {
                    throw new IllegalStateException(problem.toString());
                })) {
                    throw new IllegalStateException("line " + line + " is not valid");
                }
                if (chunk.size() >= 1 << 18) {
                    sink.accept(chunk.drain());
                }
            }
        }
        sink.accept(chunk.raw(BinaryCopy.TRAILER).drain());
        return new CheckedRows(Math.max(0, line - 1), format.cells());
    }

    /** The import the stages' rows belong to, made in each round's transaction (and rolled back with it). */
    private static final long BATCH = 1_000_000_000L;

    private static long batch(Connection connection, String force, YearMonth month) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into import_batch (id, kind, file_name, size_bytes, force, month, status, started_at, imported_by)
                    overriding system value
                    values (%d, 'POLICE_UK', 'stages', 0, '%s', date '%s', 'ACTIVE', now(), 'benchmark')"""
                    .formatted(BATCH, force, month.atDay(1)));
        }
        return BATCH;
    }

    /** The rows stored in the round's own import table, attached to stop_search, as the import leaves them. */
    private static void copiedAndAttached(Connection connection, String force, YearMonth month, byte[] binary)
            throws SQLException {
        copy(connection, PoliceUkPipeline.copyInto(connection, batch(connection, force, month)), binary);
        try (Statement statement = connection.createStatement()) {
            statement.execute("select stop_search_batch_attach(" + BATCH + ")");
        }
    }

    private static long copy(Connection connection, String sql, byte[] binary) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        for (int offset = 0; offset < binary.length; offset += 1 << 18) {
            copy.writeToCopy(binary, offset, Math.min(1 << 18, binary.length - offset));
        }
        return copy.endCopy();
    }

    interface Work {
        Object run() throws Exception;
    }

    interface Stage {
        double seconds() throws Exception;
    }

    interface InTransaction {
        double seconds(Connection connection) throws Exception;
    }

    private static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The stage's seconds in a transaction of its own, rolled back: nothing it stored is kept. */
    private static double inRolledBack(DataSource dataSource, InTransaction work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                return work.seconds(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("vacuum stop_search"); // the rolled-back rows, which the next round would scan
                }
            }
        }
    }

    private static double median(Stage stage) {
        double[] times = new double[3];
        for (int i = 0; i < times.length; i++) {
            try {
                times[i] = stage.seconds();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Arrays.sort(times);
        return times[1];
    }
}
