package uk.saferschools.oversight.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.saferschools.oversight.audit.Actor;

/** Extended records for body-worn video scrutiny's tests: encounters of children in a year of their own, imported as an analyst would. */
public final class EncounterFiles {

    private EncounterFiles() {
    }

    /**
     * {@code count} encounters of children in {@code year}, one a day from 1 March, by teams A, B and C in turn:
     * every fifth with no footage, every seventh with footage not recorded either way.
     */
    public static ImportOutcome encountersOf(TabularImports imports, Path directory, int year, int count) throws IOException {
        List<String> header = RecordFormat.EXTENDED.columns();
        StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < count; i++) {
            Map<String, String> row = new LinkedHashMap<>();
            header.forEach(c -> row.put(c, ""));
            row.put("record_reference", "SCRUTINY-" + year + "-" + i);
            row.put("power", i % 3 == 0 ? "handcuffing" : "stop_and_search");
            row.put("occurred_at", java.time.LocalDate.of(year, 3, 1).plusDays(i) + "T10:15:00+00:00");
            row.put("force", "metropolitan");
            row.put("borough_code", "E09000022");
            row.put("sso_involved", i % 2 == 0 ? "true" : "false");
            row.put("officer_team", "TEAM-" + year + "-" + "ABC".charAt(i % 3));
            row.put("age_years", Integer.toString(11 + i % 7));
            row.put("self_defined_ethnicity", i % 2 == 0 ? "Black, Black British, Black Welsh, Caribbean or African: Caribbean"
                    : "White: English, Welsh, Scottish, Northern Irish or British");
            row.put("officer_defined_ethnicity", i % 2 == 0 ? "Black" : "White");
            row.put("outcome", "A no further action disposal");
            row.put("bwv_recorded", i % 5 == 0 ? "false" : i % 7 == 0 ? "" : "true");
            row.put("bwv_reference", i % 5 == 0 || i % 7 == 0 ? "" : "BWV-" + year + "-" + i);
            List<String> cells = new ArrayList<>();
            header.forEach(h -> {
                String v = row.get(h);
                cells.add(v.contains(",") ? "\"" + v + "\"" : v);
            });
            text.append(String.join(",", cells)).append('\n');
        }
        Path file = Files.writeString(directory.resolve("scrutiny-" + year + "-" + count + ".csv"), text);
        ImportOutcome outcome = imports.importFile(file, file.getFileName().toString(),
                ImportOptions.by(new Actor("test-analyst", "ANALYST")), ImportProgress.NONE);
        if (outcome.status() != ImportOutcome.Status.IMPORTED) {
            throw new IllegalStateException("The scrutiny test records did not import: " + outcome.problems().stream().limit(3).toList());
        }
        return outcome;
    }
}
