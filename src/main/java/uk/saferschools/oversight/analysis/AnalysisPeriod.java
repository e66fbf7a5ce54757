package uk.saferschools.oversight.analysis;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The period of an analysis in whole months, for one force, and which of its months have police.uk
 * records held and which have none: a month with no file is missing, never zero, and is said so
 * wherever the period is shown.
 *
 * @param force  police.uk name of the force, e.g. {@code metropolitan}; null when the analysis did not say
 * @param held   the months of the period with records held, in order
 * @param missing the months of the period with none, in order
 */
public record AnalysisPeriod(String force, YearMonth from, YearMonth to, List<YearMonth> held, List<YearMonth> missing) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public AnalysisPeriod {
        held = List.copyOf(held);
        missing = List.copyOf(missing);
    }

    /** The period from {@code from} to {@code to}, given every month held for the force (inside the period or not). */
    static AnalysisPeriod of(String force, YearMonth from, YearMonth to, Collection<YearMonth> monthsHeld) {
        TreeSet<YearMonth> all = new TreeSet<>(monthsHeld);
        List<YearMonth> held = new ArrayList<>();
        List<YearMonth> missing = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            (all.contains(m) ? held : missing).add(m);
        }
        return new AnalysisPeriod(force, from, to, held, missing);
    }

    public LocalDate firstDay() {
        return from.atDay(1);
    }

    public LocalDate lastDay() {
        return to.atEndOfMonth();
    }

    /**
     * "2022-03-01 to 2022-09-30 (months held: March to May, July and September 2022; no records for June
     * and August 2022)".
     */
    public String describe() {
        return firstDay() + " to " + lastDay() + " (" + monthsHeldText() + ")";
    }

    /** "months held: March to May, July and September 2022; no records for June and August 2022". */
    public String monthsHeldText() {
        String text = held.isEmpty() ? "no months held" : "months held: " + months(held);
        return missing.isEmpty() ? text : text + "; no records for " + months(missing);
    }

    /**
     * Months in words, runs of consecutive months joined with "to": "March to May, July and September
     * 2022"; the year is said once when every month is in one year, otherwise with each run.
     */
    public static String months(List<YearMonth> months) {
        List<YearMonth> sorted = new ArrayList<>(new TreeSet<>(months));
        if (sorted.isEmpty()) {
            return "";
        }
        boolean oneYear = sorted.get(0).getYear() == sorted.get(sorted.size() - 1).getYear();
        List<String> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || !sorted.get(i).equals(sorted.get(i - 1).plusMonths(1))) {
                YearMonth first = sorted.get(start);
                YearMonth last = sorted.get(i - 1);
                String run;
                if (first.equals(last)) {
                    run = name(first, !oneYear);
                } else if (oneYear || first.getYear() == last.getYear()) {
                    run = name(first, false) + " to " + name(last, !oneYear);
                } else {
                    run = name(first, true) + " to " + name(last, true);
                }
                runs.add(run);
                start = i;
            }
        }
        String joined = runs.size() == 1 ? runs.get(0)
                : String.join(", ", runs.subList(0, runs.size() - 1)) + " and " + runs.get(runs.size() - 1);
        return oneYear ? joined + " " + sorted.get(0).getYear() : joined;
    }

    private static String name(YearMonth month, boolean withYear) {
        String name = month.getMonth().getDisplayName(TextStyle.FULL, Locale.UK);
        return withYear ? name + " " + month.getYear() : name;
    }

    /** The period as results.json records it ({@code months_held}, {@code months_missing}); empty for older snapshots. */
    static Optional<AnalysisPeriod> fromResults(String resultsJson) {
        if (resultsJson == null || resultsJson.isBlank()) {
            return Optional.empty();
        }
        JsonNode results;
        try {
            results = JSON.readTree(resultsJson);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!results.has("months_held") || !results.has("months_missing") || !results.has("period_from")
                || !results.has("period_to") || results.get("period_from").asString().isEmpty()) {
            return Optional.empty();
        }
        List<YearMonth> held = new ArrayList<>();
        results.get("months_held").forEach(m -> held.add(YearMonth.parse(m.asString())));
        List<YearMonth> missing = new ArrayList<>();
        results.get("months_missing").forEach(m -> missing.add(YearMonth.parse(m.asString())));
        return Optional.of(new AnalysisPeriod(results.has("force") ? results.get("force").asString() : null,
                YearMonth.parse(results.get("period_from").asString()), YearMonth.parse(results.get("period_to").asString()),
                held, missing));
    }
}
