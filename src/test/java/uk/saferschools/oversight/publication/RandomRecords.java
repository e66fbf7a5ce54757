package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import uk.saferschools.oversight.analysis.SnapshotFindings;

/**
 * Seeded random police.uk records of one force, counted by borough (the last for records with no borough),
 * month, group and definition of ethnicity, with the arrests and "more than outer clothing removed" by month
 * and group: many small counts, as children's are. {@link #findings} gives what an analysis of a period would
 * find, as rates.csv and results.json.
 */
final class RandomRecords {

    static final List<String> GROUPS = List.of("Asian", "Black", "Other", "White");
    static final String[] DEFINITIONS = {"self", "officer"};

    final List<String> boroughs = new ArrayList<>();
    final YearMonth first;
    final int months;
    /** searched[definition][borough][month][group]; the last borough is "no borough". */
    final long[][][][] searched;
    final long[][][] arrested;
    final long[][][] stripped;

    RandomRecords(long seed, YearMonth first, int months, int boroughCount) {
        Random random = new Random(seed);
        this.first = first;
        this.months = months;
        for (int b = 0; b < boroughCount; b++) {
            boroughs.add(String.format("E090000%02d", b + 1));
        }
        searched = new long[2][boroughCount + 1][months][GROUPS.size()];
        arrested = new long[2][months][GROUPS.size()];
        stripped = new long[2][months][GROUPS.size()];
        for (int b = 0; b <= boroughCount; b++) {
            for (int m = 0; m < months; m++) {
                long total = 0;
                for (int g = 0; g < GROUPS.size(); g++) {
                    // mostly small: a child's count in one borough and month
                    long count = random.nextInt(4) == 0 ? random.nextInt(30) : random.nextInt(4);
                    searched[0][b][m][g] = count;
                    total += count;
                }
                // the same records under the officer's definition: the same total, split otherwise
                for (long k = 0; k < total; k++) {
                    searched[1][b][m][random.nextInt(GROUPS.size())]++;
                }
            }
        }
        for (int d = 0; d < 2; d++) {
            for (int m = 0; m < months; m++) {
                for (int g = 0; g < GROUPS.size(); g++) {
                    long all = 0;
                    for (int b = 0; b <= boroughCount; b++) {
                        all += searched[d][b][m][g];
                    }
                    arrested[d][m][g] = all == 0 ? 0 : random.nextInt((int) Math.min(all, 8) + 1);
                    stripped[d][m][g] = arrested[d][m][g] == 0 ? 0 : random.nextInt((int) Math.min(arrested[d][m][g], 3) + 1);
                }
            }
        }
    }

    private int monthIndex(YearMonth month) {
        return (int) (month.getYear() * 12L + month.getMonthValue() - (first.getYear() * 12L + first.getMonthValue()));
    }

    /** The settings of an analysis of children by borough under the definition. */
    static String settings(int definition) {
        return "children, " + (definition == 0 ? "self" : "officer") + "-defined ethnicity, reference White, by borough; force metropolitan";
    }

    /** What an analysis of children by borough from {@code from} to {@code to} finds. */
    SnapshotFindings findings(int definition, LocalDate from, LocalDate to) {
        String[] kept = kept(definition, from, to);
        return SnapshotFindings.read(kept[0], kept[1]);
    }

    /** The rates.csv and results.json of that analysis. */
    String[] kept(int definition, LocalDate from, LocalDate to) {
        int a = monthIndex(YearMonth.from(from));
        int z = monthIndex(YearMonth.from(to));
        StringBuilder rates = new StringBuilder(SnapshotFindings.RateRow.HEADER).append('\n');
        long[] force = new long[GROUPS.size()];
        StringBuilder boroughRows = new StringBuilder();
        for (int b = 0; b <= boroughs.size(); b++) {
            for (int g = 0; g < GROUPS.size(); g++) {
                long count = 0;
                for (int m = a; m <= z; m++) {
                    count += searched[definition][b][m][g];
                }
                force[g] += count;
                if (b < boroughs.size()) {
                    boroughRows.append(boroughs.get(b)).append(',').append(GROUPS.get(g)).append(',').append(count)
                            .append(",1000,,,,,reliable\n");
                }
            }
        }
        for (int g = 0; g < GROUPS.size(); g++) {
            rates.append("E23000001,").append(GROUPS.get(g)).append(',').append(force[g]).append(",10000,1,1,0.5,2,reliable\n");
        }
        rates.append(boroughRows);
        List<String> trend = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (int m = a; m <= z; m++) {
            held.add("\"" + first.plusMonths(m) + "\"");
            for (int g = 0; g < GROUPS.size(); g++) {
                long count = 0;
                for (int b = 0; b <= boroughs.size(); b++) {
                    count += searched[definition][b][m][g];
                }
                trend.add("{\"month\": \"%s\", \"group\": \"%s\", \"events\": %d, \"rate_per_1000\": 1, \"ci_lower\": 0.5, \"ci_upper\": 2}"
                        .formatted(first.plusMonths(m), GROUPS.get(g), count));
            }
        }
        List<String> chain = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            long arrests = 0;
            long strips = 0;
            for (int m = a; m <= z; m++) {
                arrests += arrested[definition][m][g];
                strips += stripped[definition][m][g];
            }
            chain.add("""
                    {"group": "%s", "stages": [{"stage": "searched", "count": %d}, {"stage": "arrested", "count": %d},
                     {"stage": "more than outer clothing removed", "count": %d}]}""".formatted(GROUPS.get(g), force[g], arrests, strips));
        }
        String results = """
                {"force": "metropolitan", "reference_group": "White", "months_held": [%s], "trend": [%s], "decision_chain": [%s]}"""
                .formatted(String.join(",", held), String.join(",", trend), String.join(",", chain));
        return new String[] {rates.toString(), results};
    }
}
