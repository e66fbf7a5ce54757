package uk.saferschools.oversight.records;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What is wrong with one file, as its rows are checked: the first 10,000 problems are kept for its
 * validation report and the first 20 shown; all of them are counted.
 */
final class Problems implements Consumer<ImportProblem> {

    static final int KEPT = 10_000;
    static final int SHOWN = 20;

    private final List<ImportProblem> kept = new ArrayList<>();
    private long total;
    private boolean refused;

    @Override
    public void accept(ImportProblem problem) {
        total++;
        if (kept.size() < KEPT) {
            kept.add(problem);
        }
    }

    /** Counts a row found invalid without a problem of its own, so that the total is never below the invalid rows. */
    void countUnexplained() {
        total++;
    }

    long total() {
        return total;
    }

    boolean any() {
        return total > 0;
    }

    /** A problem that refuses the whole file, even where its invalid rows would be quarantined. */
    void refuseTheFile(ImportProblem problem) {
        refused = true;
        accept(problem);
    }

    /**
     * Whether the file is refused whole: its header (line 1) is wrong, so that no row can be read against it, or a
     * problem of the file as a whole ({@link #refuseTheFile}) was found.
     */
    boolean refuseTheWholeFile() {
        return refused || !kept.isEmpty() && kept.get(0).line() == 1;
    }

    ImportProblem first() {
        return kept.get(0);
    }

    List<ImportProblem> kept() {
        return kept;
    }

    List<ImportProblem> shown() {
        return List.copyOf(kept.subList(0, Math.min(SHOWN, kept.size())));
    }
}
