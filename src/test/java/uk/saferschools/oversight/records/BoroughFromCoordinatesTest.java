package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.saferschools.oversight.geography.BoroughBoundaries;
import uk.saferschools.oversight.geography.BoroughBoundaries.Borough;

/**
 * Boroughs found from coordinates agree with the boroughs recorded in the police.uk API extraction
 * (src/test/resources/ground-truth, see its PROVENANCE.md) for at least 99% of located records,
 * and the rules of {@link BoroughBoundaries} hold: shared boundaries settled by code, the river-bank
 * allowance, and no guessing.
 */
class BoroughFromCoordinatesTest {

    private static final String GROUND_TRUTH = "/ground-truth/london-stops-with-borough-2021-12-to-2022-02.csv";
    private static final String CITY_OF_LONDON_POLICE = "London, City of";

    private static final BoroughBoundaries london = BoroughBoundaries.london();

    @Test
    void agrees_with_the_recorded_borough_for_at_least_99_percent_of_located_records() throws IOException {
        Tally all = new Tally();
        Tally cityPolice = new Tally();
        long rows = 0;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(GROUND_TRUTH), GROUND_TRUTH);
                CsvReader<NamedCsvRecord> reader = CsvReader.builder()
                        .ofNamedCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (NamedCsvRecord row : reader) {
                rows++;
                String latitude = row.getField("location.latitude");
                String longitude = row.getField("location.longitude");
                if (latitude.isBlank() || longitude.isBlank()) {
                    continue; // unlocated in the source: not part of the comparison
                }
                String recorded = row.getField("la_code");
                Optional<Borough> found = london.locate(Double.parseDouble(latitude), Double.parseDouble(longitude));
                all.count(recorded, found);
                if (row.getField("force").equals(CITY_OF_LONDON_POLICE)) {
                    assertThat(recorded).as("a City of London Police record's recorded borough").isEqualTo("E09000001");
                    cityPolice.count(recorded, found);
                }
            }
        }
        System.out.println("Borough agreement: " + all);
        System.out.println("Borough agreement, City of London Police records only: " + cityPolice);

        assertThat(rows).isEqualTo(47_578);
        assertThat(all.located).isEqualTo(rows);
        assertThat(all.agreement()).isGreaterThanOrEqualTo(99.0);
    }

    @Test
    void all_33_boroughs_are_loaded_in_code_order() {
        assertThat(london.boroughs()).extracting(Borough::code).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 33).mapToObj(n -> String.format("E090000%02d", n)).toList());
        assertThat(london.boroughs().get(0).name()).isEqualTo("City of London");
        assertThat(london.boroughs().get(32).name()).isEqualTo("Westminster");
    }

    @Test
    void a_point_in_westminster_is_in_westminster() {
        assertThat(london.locate(51.4995, -0.1248)).contains(new Borough("E09000033", "Westminster"));
    }

    @Test
    void a_point_in_the_city_is_in_the_city_of_london() {
        assertThat(london.locate(51.5155, -0.0922)).contains(new Borough("E09000001", "City of London"));
    }

    @Test
    void a_point_in_lambeth_is_in_lambeth() {
        assertThat(london.locate(51.4620, -0.1150)).map(Borough::name).contains("Lambeth");
    }

    @Test
    void a_point_outside_london_is_in_no_borough() {
        assertThat(london.locate(50.8225, -0.1372)).isEmpty(); // Brighton
        assertThat(london.locate(51.7520, -1.2577)).isEmpty(); // Oxford
    }

    @Test
    void a_point_in_the_middle_of_the_thames_is_in_no_borough() {
        assertThat(london.locate(51.5008, -0.1218)).isEmpty(); // mid-river at Westminster Bridge
    }

    @Test
    void a_snap_point_on_tower_bridge_within_50_metres_of_one_bank_is_given_that_borough() {
        // police.uk snap point on Tower Bridge, about 29 m off the Tower Hamlets bank and 220 m from Southwark
        assertThat(london.locate(51.506255, -0.074901)).map(Borough::code).contains("E09000030");
    }

    @Test
    void a_snap_point_on_westminster_bridge_further_than_50_metres_from_either_bank_stays_unlocated() {
        // about 56 m off the Westminster bank: beyond the allowance, so not guessed
        assertThat(london.locate(51.500844, -0.122777)).isEmpty();
    }

    @Test
    void coordinates_that_are_not_numbers_or_out_of_range_are_in_no_borough() {
        assertThat(london.locate(Double.NaN, -0.1)).isEmpty();
        assertThat(london.locate(51.5, Double.NaN)).isEmpty();
        assertThat(london.locate(51.5, Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(london.locate(Double.NEGATIVE_INFINITY, -0.1)).isEmpty();
        assertThat(london.locate(91, -0.1)).isEmpty();
        assertThat(london.locate(51.5, 181)).isEmpty();
        assertThat(london.locate(0, 0)).isEmpty();
    }

    @Test
    void a_point_on_a_boundary_shared_by_two_boroughs_goes_to_the_lower_code_whatever_the_file_order() throws IOException {
        // two squares sharing the edge at longitude 0
        String west = square("E09000002", "West", -0.01, 0.0);
        String east = square("E09000001", "East", 0.0, 0.01);
        for (BoroughBoundaries both : new BoroughBoundaries[] {boundaries(west, east), boundaries(east, west)}) {
            assertThat(both.locate(51.505, 0.0)).map(Borough::code).contains("E09000001");
            assertThat(both.locate(51.505, -0.005)).map(Borough::code).contains("E09000002");
            assertThat(both.locate(51.505, 0.005)).map(Borough::code).contains("E09000001");
        }
    }

    @Test
    void a_point_within_50_metres_of_two_boroughs_stays_unlocated() throws IOException {
        // two squares with a gap of 0.001 degrees of longitude (about 69 m) between them, like a narrow river
        BoroughBoundaries river = boundaries(square("E09000001", "North bank", -0.01, 0.0),
                square("E09000002", "South bank", 0.001, 0.011));
        assertThat(river.locate(51.505, 0.0005)).isEmpty(); // about 35 m from each: not ours to choose
        assertThat(river.locate(51.505, 0.0001)).map(Borough::code).contains("E09000001"); // about 7 m from one, 62 m from the other
        assertThat(river.locate(51.505, -0.0109)).isEmpty(); // about 62 m beyond the outer edge of one
    }

    @Test
    void boundaries_that_are_not_a_collection_of_boroughs_are_refused() {
        assertThatThrownBy(() -> boundaries()).hasMessageContaining("no boroughs");
        assertThatThrownBy(() -> BoroughBoundaries.read(stream("{\"type\": \"Feature\"}")))
                .hasMessageContaining("not a GeoJSON FeatureCollection");
        assertThatThrownBy(() -> BoroughBoundaries.read(stream("not json"))).hasMessageContaining("not valid JSON");
        String square = square("E09000001", "City", 0, 0.01);
        assertThatThrownBy(() -> boundaries(square, square)).hasMessageContaining("E09000001 appears twice");
        assertThatThrownBy(() -> boundaries(square.replace("\"GSS_CODE\": \"E09000001\", ", "")))
                .hasMessageContaining("no GSS_CODE");
    }

    /** Matches, unlocated and different, out of the records that have coordinates. */
    private static final class Tally {
        long located;
        long same;
        long unlocated;
        long different;

        void count(String recorded, Optional<Borough> found) {
            located++;
            if (found.isEmpty()) {
                unlocated++;
            } else if (found.get().code().equals(recorded)) {
                same++;
            } else {
                different++;
            }
        }

        double agreement() {
            return located == 0 ? 0 : 100.0 * same / located;
        }

        @Override
        public String toString() {
            return String.format("%.2f%% (%,d of %,d located records; %,d unlocated, %,d different)",
                    agreement(), same, located, unlocated, different);
        }
    }

    private static String square(String code, String name, double west, double east) {
        double south = 51.50;
        double north = 51.51;
        return """
                { "type": "Feature", "properties": { "GSS_CODE": "%s", "NAME": "%s" }, "geometry": { "type": "Polygon",
                  "coordinates": [ [ [ %s, %s ], [ %s, %s ], [ %s, %s ], [ %s, %s ], [ %s, %s ] ] ] } }"""
                .formatted(code, name, west, south, east, south, east, north, west, north, west, south);
    }

    private static BoroughBoundaries boundaries(String... features) throws IOException {
        return BoroughBoundaries.read(stream("{ \"type\": \"FeatureCollection\", \"features\": [ "
                + String.join(", ", features) + " ] }"));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
