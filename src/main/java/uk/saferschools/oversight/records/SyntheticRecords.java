package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import uk.saferschools.oversight.web.SafeCsv;

/**
 * Makes up demonstration schools, SSO deployments, school rolls and extended records of powers used on children,
 * for a product that has none yet. Nothing here is a real person, school or officer: every school is
 * called "(synthetic)", URNs are from 990001 up (no real school has one), and every file is imported
 * marked synthetic and shown so on screen.
 *
 * <p>Seeded: the same seed gives the same files. The mix of ages, ethnicity (self- and officer-defined),
 * gender and outcome follows the real under-18 police.uk records shipped with the product
 * (src/main/resources/demonstration/police-uk); the mix of powers, SSO involvement and appropriate-adult
 * presence is invented and documented in docs/demonstration-data.md.
 */
final class SyntheticRecords {

    /** The seed the product uses on first start: the month the monitoring was promised. */
    public static final long DEFAULT_SEED = 20221201L;

    static final int SCHOOLS = 40;
    static final int TEAMS = 16;
    static final int RECORDS = 1500;

    /**
     * The months the synthetic records fall in: those of the real police.uk demonstration records
     * ({@link DemonstrationRecords#POLICE_UK_FILES}), so that an analysis of the demonstration months
     * finds the synthetic extended records, SSO deployments and school rolls of the same months.
     */
    static final LocalDate FIRST_DAY = LocalDate.of(2022, 3, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2022, 5, 31);
    /** The day about one in five deployments ends, part way through the months: none of its records is later. */
    static final LocalDate DEPLOYMENT_ENDED = LocalDate.of(2022, 4, 30);
    /** The school year the months fall in (September 2021 to August 2022). */
    static final String ACADEMIC_YEAR = "2021/22";

    /** Invented shares of each power among the synthetic records. */
    static final Map<String, Double> POWER_MIX = new LinkedHashMap<>();

    static {
        POWER_MIX.put("stop and search", 0.50);
        POWER_MIX.put("arrest", 0.15);
        POWER_MIX.put("handcuffing", 0.12);
        POWER_MIX.put("use of force", 0.10);
        POWER_MIX.put("more thorough search", 0.09);
        POWER_MIX.put("strip search exposing intimate parts", 0.04);
    }

    private static final String[] BOROUGHS = {"E09000022", "E09000028", "E09000012", "E09000030", "E09000025",
            "E09000014", "E09000005", "E09000009", "E09000023", "E09000008"};

    /** Invented shares of each group in a synthetic school's roll (Asian, Black, Mixed, Other, White, Unknown). */
    private static final double[] ROLL_SHARES = {0.20, 0.19, 0.11, 0.08, 0.40, 0.02};
    private static final String[] ROLL_GROUPS = {"Asian", "Black", "Mixed", "Other", "White", "Unknown"};

    private final Random random;
    /** For the school rolls: a stream of its own, so that the records stay as they were before rolls were added. */
    private final Random rollRandom;
    private final List<Map<String, String>> children;

    private SyntheticRecords(long seed) {
        this.random = new Random(seed);
        this.rollRandom = new Random(seed + 1);
        this.children = realChildren();
    }

    public static SyntheticRecords seeded(long seed) {
        return new SyntheticRecords(seed);
    }

    /** Writes the four files (schools first, then deployments, school rolls and records) and returns them in import order. */
    public List<Path> writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Path schools = directory.resolve("synthetic-schools.csv");
            Path deployments = directory.resolve("synthetic-sso-deployments.csv");
            Path records = directory.resolve("synthetic-extended-records.csv");
            Path rolls = directory.resolve("synthetic-school-roll.csv");
            List<int[]> teamSchools = new ArrayList<>();
            List<Boolean> deploymentEnded = new ArrayList<>();
            try (Writer out = Files.newBufferedWriter(schools, StandardCharsets.UTF_8)) {
                out.write(String.join(",", RecordFormat.SCHOOLS.columns()) + "\n");
                for (int i = 1; i <= SCHOOLS; i++) {
                    out.write(SafeCsv.row(990000 + i, "Synthetic School " + i + " (synthetic)", 200 + (i % 33),
                            i % 4 == 0 ? "Primary" : "Secondary", "Academy converter", "Open", "", "", "")
                            .replace("\r\n", "\n"));
                }
            }
            try (Writer out = Files.newBufferedWriter(deployments, StandardCharsets.UTF_8)) {
                out.write(String.join(",", RecordFormat.DEPLOYMENTS.columns()) + "\n");
                for (int team = 1; team <= TEAMS; team++) {
                    int first = 990000 + 1 + (team - 1) * SCHOOLS / TEAMS;
                    for (int k = 0; k < SCHOOLS / TEAMS; k++) {
                        boolean ended = random.nextDouble() < 0.2;
                        out.write("SYNTHETIC-TEAM-" + team + "," + (first + k) + "," + FIRST_DAY + ","
                                + (ended ? DEPLOYMENT_ENDED.toString() : "") + "\n");
                        teamSchools.add(new int[] {team, first + k});
                        deploymentEnded.add(ended);
                    }
                }
            }
            try (Writer out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
                out.write(String.join(",", RecordFormat.EXTENDED.columns()) + "\n");
                int days = (int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1;
                int daysDeployed = (int) ChronoUnit.DAYS.between(FIRST_DAY, DEPLOYMENT_ENDED) + 1;
                for (int i = 1; i <= RECORDS; i++) {
                    Map<String, String> real = children.get(random.nextInt(children.size()));
                    String power = pick(POWER_MIX);
                    boolean sso = random.nextDouble() < 0.35;
                    int deployment = random.nextInt(teamSchools.size());
                    int[] teamSchool = teamSchools.get(deployment);
                    boolean atSchool = sso && random.nextDouble() < 0.7;
                    int age = "under 10".equals(real.get("Age range")) ? 9 : ageTenToSeventeen();
                    // an SSO's record falls while the SSO was deployed to the school
                    int within = sso && deploymentEnded.get(deployment) ? daysDeployed : days;
                    LocalDateTime when = FIRST_DAY.plusDays(random.nextInt(within)).atTime(8 + random.nextInt(12), random.nextInt(60));
                    boolean intimate = power.startsWith("strip") || power.startsWith("more thorough");
                    boolean searched = power.equals("stop and search") || intimate;
                    String outcome = real.get("Outcome").isBlank() ? "" : real.get("Outcome");
                    out.write(SafeCsv.row(
                            "SYN-" + i, power,
                            when.atZone(ZoneId.of("Europe/London")).toOffsetDateTime()
                                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                            "metropolitan", BOROUGHS[random.nextInt(BOROUGHS.length)],
                            atSchool || sso ? Integer.toString(teamSchool[1]) : "",
                            sso ? Boolean.toString(atSchool) : "", Boolean.toString(sso),
                            sso ? "SYNTHETIC-TEAM-" + teamSchool[0] : "", age, "",
                            real.get("Gender"), census(real.get("Self-defined ethnicity")), real.get("Officer-defined ethnicity"),
                            searched ? real.get("Legislation") : "", searched ? real.get("Object of search") : "",
                            outcome, "",
                            intimate ? Boolean.toString(random.nextDouble() < 0.6) : "",
                            atSchool ? "school" : random.nextDouble() < 0.8 ? "street" : "other",
                            Boolean.toString(random.nextDouble() < 0.2),
                            power.equals("handcuffing") ? "handcuffing" : power.equals("use of force") ? "restraint" : "",
                            Boolean.toString(random.nextDouble() < 0.75), "")
                            .replace("\r\n", "\n"));
                }
            }
            try (Writer out = Files.newBufferedWriter(rolls, StandardCharsets.UTF_8)) {
                out.write(String.join(",", RecordFormat.SCHOOL_ROLL.columns()) + "\n");
                for (int i = 1; i <= SCHOOLS; i++) {
                    int size = (i % 4 == 0 ? 350 : 900) + rollRandom.nextInt(400);
                    for (int g = 0; g < ROLL_GROUPS.length; g++) {
                        long pupils = Math.round(size * ROLL_SHARES[g] * (0.5 + rollRandom.nextDouble()));
                        // a few small counts suppressed, as published rolls do
                        out.write((990000 + i) + "," + ACADEMIC_YEAR + "," + ROLL_GROUPS[g] + "," + (pupils < 10 ? "c" : Long.toString(pupils)) + "\n");
                    }
                }
            }
            return List.of(schools, deployments, rolls, records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ages 10 to 17, older more often: invented, since police.uk publishes only the band. */
    private int ageTenToSeventeen() {
        int[] weights = {2, 4, 7, 10, 14, 18, 21, 24};
        int total = 100;
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return 10 + i;
            }
        }
        return 17;
    }

    private String pick(Map<String, Double> mix) {
        double r = random.nextDouble();
        String last = null;
        for (var entry : mix.entrySet()) {
            last = entry.getKey();
            r -= entry.getValue();
            if (r < 0) {
                return last;
            }
        }
        return last;
    }

    /** The census category of a police.uk self-defined label, as our format wants it. */
    private static String census(String label) {
        if (label == null || label.isBlank()) {
            return "";
        }
        PoliceUkLabels.SelfDefined self = PoliceUkLabels.selfDefined(label);
        return self == null || self.category() == null ? "Not stated" : self.category().label();
    }

    /** The under-18 rows of the real police.uk demonstration files. */
    private static List<Map<String, String>> realChildren() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String file : DemonstrationRecords.POLICE_UK_FILES) {
            try (InputStream in = SyntheticRecords.class.getResourceAsStream("/demonstration/police-uk/" + file);
                 CsvReader<NamedCsvRecord> reader = CsvReader.builder().ofNamedCsvRecord(
                         new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                for (NamedCsvRecord record : reader) {
                    String age = record.getField("Age range");
                    if (Children.isChildsAgeRange(age)) {
                        rows.add(record.getFieldsAsMap());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }
}
