package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.saferschools.oversight.support.Commands;

/**
 * rates.csv from {@code --counts} reproduces, to 1e-9 relative, every rate, ratio and Katz interval that SciPy
 * computes for the same tables: the stored vectors of {@code ground-truth/rates/expected-rates.csv}, made by
 * {@code make_rates_vectors.py} beside them with {@code scipy.stats.norm.ppf(0.975)} (its header says which SciPy).
 * With the old z = 1.959964 the intervals differ in the ninth significant figure and this test fails.
 */
class AgreeingWithSciPyOnEveryFigureOfRatesCsvTest {

    static final double RELATIVE = 1e-9;
    static final String[] FIGURES = {"rate_per_1000", "rate_ratio", "ci_lower", "ci_upper"};

    @TempDir
    Path work;

    @Test
    void every_figure_of_every_stored_table_agrees_with_scipy() throws Exception {
        Path folder = folder();
        List<String> expected = Files.readAllLines(folder.resolve("expected-rates.csv"));
        assertThat(expected.get(0)).startsWith("# Made by make_rates_vectors.py with SciPy");
        Map<String, Map<String, String[]>> byTable = new LinkedHashMap<>();
        expected.stream().skip(2).filter(l -> !l.isBlank()).map(l -> l.split(",", -1))
                .forEach(f -> byTable.computeIfAbsent(f[0], t -> new LinkedHashMap<>()).put(f[1], f));
        assertThat(byTable).hasSizeGreaterThanOrEqualTo(7);
        int intervalsCompared = 0;
        for (var table : byTable.entrySet()) {
            Path out = work.resolve(table.getKey());
            Commands.Run run = Commands.run(null, AnalyseCommand.class, "--counts",
                    folder.resolve(table.getKey() + ".counts.csv").toString(), "--out", out.toString());
            assertThat(run.status()).as(run.err()).isZero();
            Map<String, String[]> rates = new LinkedHashMap<>();
            Files.readAllLines(out.resolve("rates.csv")).stream().skip(1).map(l -> l.split(",", -1)).forEach(f -> rates.put(f[1], f));
            for (var row : table.getValue().entrySet()) {
                String[] want = row.getValue();
                String[] got = rates.get(row.getKey());
                assertThat(got).as(table.getKey() + " " + row.getKey()).isNotNull();
                assertThat(got[2]).isEqualTo(want[2]);
                for (int i = 0; i < FIGURES.length; i++) {
                    String what = table.getKey() + " " + row.getKey() + " " + FIGURES[i];
                    String wanted = want[4 + i];
                    String field = got[4 + i];
                    if (wanted.isEmpty()) {
                        assertThat(field).as(what).isEmpty();
                        continue;
                    }
                    double value = Double.parseDouble(wanted);
                    assertThat(field).as(what).isNotEmpty();
                    assertThat(Double.parseDouble(field)).as(what).isCloseTo(value, within(RELATIVE * Math.abs(value)));
                    if (i >= 2) {
                        intervalsCompared++;
                    }
                }
            }
        }
        assertThat(intervalsCompared).as("interval ends compared").isGreaterThanOrEqualTo(30);
    }

    static Path folder() throws URISyntaxException {
        return Path.of(AgreeingWithSciPyOnEveryFigureOfRatesCsvTest.class.getResource("/ground-truth/rates/expected-rates.csv")
                .toURI()).getParent();
    }
}
