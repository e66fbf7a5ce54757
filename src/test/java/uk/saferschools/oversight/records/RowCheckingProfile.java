package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import uk.saferschools.oversight.geography.BoroughBoundaries;

/**
 * The Java half of an import alone, round after round, for a profiler to watch ({@code bench/profile-row-checking}):
 * every row of a police.uk file parsed, checked, located and written as binary COPY rows, as
 * {@link PoliceUkPipeline#load} does, the rows then dropped. Prints each round's time.
 * Usage: {@code RowCheckingProfile FILE MONTH ROUNDS}.
 */
public final class RowCheckingProfile {

    private RowCheckingProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        YearMonth month = YearMonth.parse(args[1]);
        int rounds = Integer.parseInt(args[2]);
        BoroughBoundaries london = BoroughBoundaries.london();
        for (int round = 1; round <= rounds; round++) {
            long started = System.nanoTime();
            PoliceUkFormat format = new PoliceUkFormat(file.getFileName().toString(), month, london);
            BinaryCopy chunk = new BinaryCopy().raw(BinaryCopy.HEADER);
            long rows = 0;
            try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file, StandardCharsets.UTF_8)) {
                long line = 0;
                for (CsvRecord record : reader) {
                    if (++line == 1) {
                        continue;
                    }
                    if (!format.toCopyRow(1, line, record.getFields(), chunk, problem -> {
                        throw new IllegalStateException(problem.message());
                    })) {
                        throw new IllegalStateException("line " + line + " is not valid");
                    }
                    rows++;
                    if (chunk.size() >= 1 << 18) {
                        chunk.drain();
                    }
                }
            }
            System.out.printf("Round %d: %,d rows checked in %.2f s%n", round, rows, (System.nanoTime() - started) / 1e9);
        }
    }
}
