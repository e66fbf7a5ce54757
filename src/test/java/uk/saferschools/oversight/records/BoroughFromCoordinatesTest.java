package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Boroughs found from coordinates agree with the boroughs recorded in the police.uk API extraction
 * (src/test/resources/ground-truth, see its PROVENANCE.md) for at least 99% of records.
 */
class BoroughFromCoordinatesTest {

    static final BoroughBoundaries boroughs = BoroughBoundaries.london();

    @Test
    void agrees_with_the_recorded_borough_for_at_least_99_percent_of_located_records() throws Exception {
        long located = 0, same = 0, unlocated = 0, different = 0;
        try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().ofNamedCsvRecord(
                Path.of("src/test/resources/ground-truth/london-stops-with-borough-2021-12-to-2022-02.csv"))) {
            for (NamedCsvRecord record : reader) {
                if (record.getField("latitude").isBlank()) {
                    continue;
                }
                located++;
                var found = boroughs.locate(Double.parseDouble(record.getField("latitude")),
                        Double.parseDouble(record.getField("longitude")));
                if (found.isEmpty()) {
                    unlocated++;
                } else if (found.get().code().equals(record.getField("la_code"))) {
                    same++;
                } else {
                    different++;
                }
            }
        }
        double agreement = 100.0 * same / located;
        System.out.printf("Borough agreement: %.2f%% (%,d of %,d located records; %,d in no borough, %,d in a different one)%n",
                agreement, same, located, unlocated, different);
        assertThat(located).isEqualTo(47_578);
        assertThat(agreement).isGreaterThanOrEqualTo(99.0);
    }

    @Test
    void a_point_just_off_one_boroughs_river_bank_is_given_that_borough() {
        // a police.uk snap point on the City's embankment, a few metres into the carved-out river
        assertThat(boroughs.locate(51.509848, -0.104494)).get().extracting(BoroughBoundaries.Borough::code)
                .isEqualTo("E09000001");
    }

    @Test
    void all_33_boroughs_are_loaded() {
        assertThat(boroughs.boroughs()).extracting(BoroughBoundaries.Borough::code)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 33).mapToObj(n -> String.format("E090000%02d", n)).toList());
    }

    @Test
    void westminster_the_city_and_lambeth_are_found() {
        assertThat(boroughs.locate(51.4995, -0.1248)).get().extracting(BoroughBoundaries.Borough::code).isEqualTo("E09000033");
        assertThat(boroughs.locate(51.5155, -0.0922)).get().extracting(BoroughBoundaries.Borough::code).isEqualTo("E09000001");
        assertThat(boroughs.locate(51.4620, -0.1150)).get().extracting(BoroughBoundaries.Borough::name).isEqualTo("Lambeth");
    }

    @Test
    void a_point_outside_london_or_in_the_thames_or_not_a_number_is_in_no_borough() {
        assertThat(boroughs.locate(50.8225, -0.1372)).isEmpty(); // Brighton
        assertThat(boroughs.locate(51.5008, -0.1218)).isEmpty(); // mid-river at Westminster Bridge
        assertThat(boroughs.locate(Double.NaN, -0.1)).isEmpty();
        assertThat(boroughs.locate(51.5, Double.POSITIVE_INFINITY)).isEmpty();
    }
}
