package uk.saferschools.oversight.records;

import java.nio.file.Path;
import java.time.YearMonth;
import uk.saferschools.oversight.geography.BoroughBoundaries;

/**
 * The Java half of an import alone, round after round, for a profiler to watch ({@code bench/profile-row-checking}):
 * every row of a police.uk file parsed, checked, located and written as binary COPY rows, as
 * {@link PoliceUkPipeline#load} does ({@link ImportStages#binaryRows}), the rows then dropped. Prints each round's
 * time. Usage: {@code RowCheckingProfile FILE MONTH ROUNDS}.
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
            long rows = ImportStages.binaryRows(file, month, london, chunk -> { }).rows();
            System.out.printf("Round %d: %,d rows checked in %.2f s%n", round, rows, (System.nanoTime() - started) / 1e9);
        }
    }
}
