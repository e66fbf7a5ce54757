package uk.saferschools.oversight.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.saferschools.oversight.geography.BoroughBoundaries;
import uk.saferschools.oversight.records.Children;
import uk.saferschools.oversight.records.PoliceUkVocabulary;

/**
 * The byte-level counting of {@code analyse} gives exactly what a full RFC 4180 reader (FastCSV) gives,
 * on files made awkward on purpose: quoted fields with commas, doubled quotes and line breaks, CRLF and
 * lone CR line ends, a byte-order mark, blank lines, no final line break, and files cut into many parts
 * whose cuts fall inside quoted line breaks.
 */
class CountingRecordsByteByByteTest {

    private static final String HEADER = "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,"
            + "Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
            + "Outcome linked to object of search,Removal of more than just outer clothing";
    private static final BoroughBoundaries LONDON = BoroughBoundaries.london();

    @TempDir
    Path folder;

    @Test
    void awkwardFilesAreCountedAsAFullCsvReaderCountsThem() throws IOException {
        for (long seed = 1; seed <= 12; seed++) {
            Path file = awkwardFile(new Random(seed), 400 + (int) seed * 37);
            for (Children.Ages children : new Children.Ages[] {null, Children.Ages.TEN_TO_SEVENTEEN, Children.Ages.NOUGHT_TO_SEVENTEEN}) {
                for (boolean officer : new boolean[] {false, true}) {
                    var options = new RecordCounting.Options(children, officer, true, null);
                    String expected = reference(file, options);
                    assertThat(summary(new RecordCounting(LONDON).count(List.of(file), options, 1, 1 << 20)))
                            .as("one thread, seed %d", seed).isEqualTo(expected);
                    // parts of a few hundred bytes: many cuts, some inside a quoted line break
                    assertThat(summary(new RecordCounting(LONDON).count(List.of(file), options, 7, 300)))
                            .as("seven threads, small parts, seed %d", seed).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aShortRecordIsReportedWithItsLineEvenWhenTheFileIsCutIntoParts() throws IOException {
        Random random = new Random(99);
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 300; i++) {
            text.append(record(random)).append('\n');
        }
        // line 1 is the header; a quoted line break in record 10 adds a line before the short record
        text.append("Person search,2022-03-01T10:00:00+00:00,False,,,,Male,10-17\n");
        Path file = folder.resolve("2022-03-metropolitan-stop-and-search.csv");
        Files.writeString(file, text.toString());
        long lines = text.toString().chars().filter(c -> c == '\n').count();
        var options = new RecordCounting.Options(null, false, false, null);
        for (int threads : new int[] {1, 4}) {
            assertThatThrownBy(() -> new RecordCounting(LONDON).count(List.of(file), options, threads, 200))
                    .hasMessageContaining(file + " line " + lines + ": expected 15 fields, found 8");
        }
    }

    @Test
    void aFileWithoutThePoliceUkHeaderIsRefused() throws IOException {
        Path file = folder.resolve("2022-03-metropolitan-stop-and-search.csv");
        Files.writeString(file, "URN,Name\n1,School\n");
        assertThatThrownBy(() -> new RecordCounting(LONDON).count(List.of(file),
                new RecordCounting.Options(null, false, false, null)))
                .hasMessageContaining("line 1: expected the police.uk stop-and-search header (Type,Date,…), found: URN,Name");
    }

    @Test
    void twoFilesOfOneMonthAndForceAddUp() throws IOException {
        Random random = new Random(5);
        Path second = Files.move(awkwardFile(random, 300), folder.resolve("copy-2022-03-metropolitan-stop-and-search.csv"));
        Path first = awkwardFile(random, 200);
        var options = new RecordCounting.Options(null, false, true, "metropolitan");
        var both = new RecordCounting(LONDON).count(List.of(first, second), options, 3, 500);
        var one = new RecordCounting(LONDON).count(List.of(first), options, 1, 1 << 20);
        var other = new RecordCounting(LONDON).count(List.of(second), options, 1, 1 << 20);
        assertThat(both.records()).isEqualTo(one.records() + other.records());
        for (int g = 0; g <= GroupCounts.UNKNOWN; g++) {
            assertThat(both.forceAreas().of("E23000001")[g])
                    .isEqualTo(one.forceAreas().of("E23000001")[g] + other.forceAreas().of("E23000001")[g]);
        }
    }

    private Path awkwardFile(Random random, int records) throws IOException {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('\uFEFF');
        }
        text.append(HEADER).append("\r\n");
        for (int i = 0; i < records; i++) {
            text.append(record(random));
            int end = random.nextInt(20);
            text.append(end == 0 ? "\r" : end < 6 ? "\r\n" : "\n");
            if (random.nextInt(40) == 0) {
                text.append('\n');
            }
        }
        if (random.nextBoolean()) {
            text.append(record(random));
        }
        Path file = folder.resolve("2022-03-metropolitan-stop-and-search.csv");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static final String[] TYPES = {"Person search", "Person and Vehicle search", "Vehicle search", " Person search "};
    private static final String[] AGES = {"under 10", "10-17", "18-24", "over 34", ""};
    private static final String[] SELF = {"White - English/Welsh/Scottish/Northern Irish/British",
        "Black/African/Caribbean/Black British - Caribbean", "Asian/Asian British - Indian",
        "Other ethnic group - Not stated", "Mixed/Multiple ethnic groups - White and Black African",
        "Other ethnic group - Any other ethnic group", "Chinese or other ethnic group", "", "\"Black, \"\"quoted\"\"\""};
    private static final String[] OFFICER = {"White", "Black", "Asian", "Other", "Mixed", ""};
    private static final String[] OUTCOMES = {"Arrest", "Suspect arrested", "A no further action disposal",
        "\"Community resolution, with a comma\"", "arrest"};
    private static final String[] BOOLEANS = {"True", "False", "", "true", "\"False\""};
    private static final String[] PLACES = {"51.5,-0.12", "51.55,-0.05", "\"51.45\",\"-0.2\"", ",", "51.6,-0.3", "52.5,-2.0"};
    private static final String[] OBJECTS = {"Controlled drugs", "\"Offensive weapons, knives\"",
        "\"Article for use in theft\nsecond line\"", "\"Evidence of \"\"offences\"\"\r\nunder the Act\"", "",
        // a quoted line break followed by text that reads as a whole record if a cut falls there
        "\"Stolen goods; note:\nPerson search,2022-03-01T10:00:00+00:00,False,,51.5,-0.12,Male,10-17,Black,Black,Act,Drugs,Arrest,True,True\""};

    private static String record(Random random) {
        return String.join(",", pick(random, TYPES), "2022-03-01T10:00:00+00:00", "False", "", pick(random, PLACES),
                "Male", pick(random, AGES), pick(random, SELF), pick(random, OFFICER),
                "\"Misuse of Drugs Act 1971 (section 23)\"", pick(random, OBJECTS), pick(random, OUTCOMES),
                pick(random, BOOLEANS), pick(random, BOOLEANS));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** The counts as text, for comparison. */
    private static String summary(RecordCounting.Result result) {
        StringBuilder text = new StringBuilder();
        text.append("records ").append(result.records()).append(", vehicles ").append(result.excludedVehicleSearches());
        for (String area : result.forceAreas().areas()) {
            text.append("\n").append(area).append(' ').append(Arrays.toString(result.forceAreas().of(area)));
        }
        for (String area : result.boroughs().areas()) {
            text.append("\n").append(area).append(' ').append(Arrays.toString(result.boroughs().of(area)));
        }
        var stages = result.stages();
        text.append("\narrests ").append(Arrays.toString(stages.arrests()))
                .append("\nmore than outer ").append(Arrays.toString(stages.moreThanOuterClothing()))
                .append("\narrested and more ").append(Arrays.toString(stages.arrestedAndMoreThanOuterClothing()))
                .append("\noutcome known ").append(Arrays.toString(stages.outcomeKnown()))
                .append("\noutcome linked ").append(Arrays.toString(stages.outcomeLinked()));
        result.byMonth().forEach((month, counts) -> text.append("\n").append(month).append(' ').append(Arrays.toString(counts)));
        return text.toString();
    }

    /** The same counting, record by record with FastCSV: the oracle. */
    private static String reference(Path file, RecordCounting.Options options) throws IOException {
        int n = GroupCounts.UNKNOWN + 1;
        long records = 0;
        long vehicles = 0;
        long[] groups = new long[n];
        long[] arrests = new long[n];
        long[] more = new long[n];
        long[] arrestedAndMore = new long[n];
        long[] known = new long[n];
        long[] linked = new long[n];
        TreeMap<String, long[]> boroughs = new TreeMap<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().detectBomHeader(true).allowMissingFields(true)
                .ofCsvRecord(file, StandardCharsets.UTF_8)) {
            boolean header = true;
            for (CsvRecord row : reader) {
                if (header) {
                    header = false;
                    continue;
                }
                if (row.getField(0).trim().equalsIgnoreCase("Vehicle search")) {
                    vehicles++;
                    continue;
                }
                String age = row.getField(7).trim();
                boolean tenToSeventeen = age.equals("10-17");
                boolean underTen = age.equals("under 10");
                if (options.children() == Children.Ages.TEN_TO_SEVENTEEN && !tenToSeventeen
                        || options.children() == Children.Ages.NOUGHT_TO_SEVENTEEN && !tenToSeventeen && !underTen) {
                    continue;
                }
                records++;
                var group = options.officerDefined() ? PoliceUkVocabulary.officerDefinedGroup(row.getField(9))
                        : PoliceUkVocabulary.selfDefinedGroup(row.getField(8));
                int g = group.map(Enum::ordinal).orElse(GroupCounts.UNKNOWN);
                groups[g]++;
                String outcome = row.getField(12).trim();
                boolean arrested = outcome.equalsIgnoreCase("Arrest") || outcome.equalsIgnoreCase("Suspect arrested");
                boolean moreThanOuter = row.getField(14).trim().equalsIgnoreCase("true");
                arrests[g] += arrested ? 1 : 0;
                more[g] += moreThanOuter ? 1 : 0;
                arrestedAndMore[g] += arrested && moreThanOuter ? 1 : 0;
                String link = row.getField(13).trim();
                if (link.equalsIgnoreCase("true") || link.equalsIgnoreCase("false")) {
                    known[g]++;
                    linked[g] += link.equalsIgnoreCase("true") ? 1 : 0;
                }
                if (options.byBorough() && !row.getField(4).isBlank() && !row.getField(5).isBlank()) {
                    LONDON.locate(Double.parseDouble(row.getField(4)), Double.parseDouble(row.getField(5)))
                            .ifPresent(b -> boroughs.computeIfAbsent(b.code(), c -> new long[n])[g]++);
                }
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("records ").append(records).append(", vehicles ").append(vehicles);
        if (records > 0) {
            text.append("\nE23000001 ").append(Arrays.toString(groups));
        }
        boroughs.forEach((code, counts) -> text.append("\n").append(code).append(' ').append(Arrays.toString(counts)));
        text.append("\narrests ").append(Arrays.toString(arrests))
                .append("\nmore than outer ").append(Arrays.toString(more))
                .append("\narrested and more ").append(Arrays.toString(arrestedAndMore))
                .append("\noutcome known ").append(Arrays.toString(known))
                .append("\noutcome linked ").append(Arrays.toString(linked));
        if (records > 0) {
            text.append("\n2022-03 ").append(Arrays.toString(groups));
        }
        return text.toString();
    }
}
