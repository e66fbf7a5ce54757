package uk.saferschools.oversight.records;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which months each force has submitted. A month with no file is "not submitted", never zero; an
 * empty file is an observed zero; a month far below its recent history is flagged as a likely
 * partial submission.
 */
public final class MonthsSubmitted {

    /** A month whose count is below this share of the median of the previous 12 submitted months is flagged. */
    static final double PARTIAL_SHARE = 0.2;
    static final int HISTORY = 12;

    public enum State {
        SUBMITTED, NOT_SUBMITTED, LIKELY_PARTIAL
    }

    /** One force and month: its state, its record count (null when not submitted) and its revision. */
    public record Month(String force, YearMonth month, State state, Long records, Integer revision, Double median) {
    }

    private MonthsSubmitted() {
    }

    /** A submitted month: from the import history. */
    public record Submitted(String force, YearMonth month, long records, int revision) {
    }

    /**
     * Every month from each force's first to its last submission, in order.
     *
     * @param submitted the active import of each force and month
     */
    public static List<Month> of(List<Submitted> submitted) {
        List<Month> months = new ArrayList<>();
        var byForce = new TreeMap<String, TreeMap<YearMonth, Submitted>>();
        for (Submitted s : submitted) {
            byForce.computeIfAbsent(s.force(), f -> new TreeMap<>()).put(s.month(), s);
        }
        byForce.forEach((force, submissions) -> {
            List<Long> previous = new ArrayList<>();
            for (YearMonth month = submissions.firstKey(); !month.isAfter(submissions.lastKey()); month = month.plusMonths(1)) {
                Submitted s = submissions.get(month);
                if (s == null) {
                    months.add(new Month(force, month, State.NOT_SUBMITTED, null, null, null));
                    continue;
                }
                Double median = previous.isEmpty() ? null : median(previous.subList(Math.max(0, previous.size() - HISTORY), previous.size()));
                State state = median != null && s.records() < PARTIAL_SHARE * median ? State.LIKELY_PARTIAL : State.SUBMITTED;
                months.add(new Month(force, month, state, s.records(), s.revision(), median));
                previous.add(s.records());
            }
        });
        return months;
    }

    static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
