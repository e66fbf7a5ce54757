package uk.saferschools.oversight.records;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.saferschools.oversight.classification.CensusEthnicCategory;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * Our extended records of powers used (docs/formats/extended-records.md) behind the import gate: a
 * record is added, or corrected by a later file with the same force, reference and power. Record
 * references, officer teams and body-worn video references are stored only as keyed hashes. Each record
 * gets its secret record key for the cell key method ({@link Pseudonyms#perturbationKey}), the same at every
 * re-import of the record.
 */
@Component
class ExtendedRecordsPipeline extends TabularPipeline {

    static final Map<String, String> POWERS = Map.of(
            "stop and search", "STOP_AND_SEARCH", "arrest", "ARREST", "use of force", "USE_OF_FORCE",
            "more thorough search", "MORE_THOROUGH_SEARCH",
            "strip search exposing intimate parts", "STRIP_SEARCH_INTIMATE_PARTS", "handcuffing", "HANDCUFFING");
    static final List<String> LOCATION_TYPES = List.of("school", "street", "police station", "home", "vehicle", "other");

    /**
     * What is hashed with a body-worn video reference: it names the police's footage of one encounter,
     * a key to the same record that the record reference is hashed to hide.
     */
    static final String BWV_CONTEXT = "bwv";

    /** Where {@code occurred_at} stands among a checked row's values. */
    private static final int OCCURRED_AT = 2;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** One row: its checked values, then its batch and whether it is synthetic. */
    private static final String INSERT = """
            insert into power_use (record_key, power, occurred_at, force, borough_code, school_urn,
                on_school_premises, sso_involved, officer_team_key, age_years, age_band, gender,
                self_defined_ethnicity, self_defined_category, self_defined_group, officer_defined_ethnicity,
                officer_defined_group, legislation, object_of_search, outcome, outcome_normalised, outcome_linked,
                appropriate_adult_present, location_type, safeguarding_referral, force_tactics, bwv_recorded,
                bwv_reference, perturbation_key, line_no, batch_id, synthetic)
            values (?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (force, record_key, power) do update set occurred_at = excluded.occurred_at,
                borough_code = excluded.borough_code, school_urn = excluded.school_urn,
                on_school_premises = excluded.on_school_premises, sso_involved = excluded.sso_involved,
                officer_team_key = excluded.officer_team_key, age_years = excluded.age_years,
                age_band = excluded.age_band, gender = excluded.gender,
                self_defined_ethnicity = excluded.self_defined_ethnicity,
                self_defined_category = excluded.self_defined_category,
                self_defined_group = excluded.self_defined_group,
                officer_defined_ethnicity = excluded.officer_defined_ethnicity,
                officer_defined_group = excluded.officer_defined_group, legislation = excluded.legislation,
                object_of_search = excluded.object_of_search, outcome = excluded.outcome,
                outcome_normalised = excluded.outcome_normalised, outcome_linked = excluded.outcome_linked,
                appropriate_adult_present = excluded.appropriate_adult_present,
                location_type = excluded.location_type, safeguarding_referral = excluded.safeguarding_referral,
                force_tactics = excluded.force_tactics, bwv_recorded = excluded.bwv_recorded,
                bwv_reference = excluded.bwv_reference, perturbation_key = excluded.perturbation_key,
                line_no = excluded.line_no, batch_id = excluded.batch_id,
                synthetic = excluded.synthetic""";

    private final Pseudonyms pseudonyms;

    ExtendedRecordsPipeline(JdbcTemplate jdbcTemplate, RecordsProperties properties, Pseudonyms pseudonyms) {
        super(RecordFormat.EXTENDED, INSERT, jdbcTemplate, properties);
        this.pseudonyms = pseudonyms;
    }

    @Override
    RowCheck rowCheck() {
        return this::extended;
    }

    /** The months, in London time, in which the uses of powers happened. */
    @Override
    Set<YearMonth> months(List<Object[]> rows) {
        return rows.stream().map(r -> YearMonth.from(OffsetDateTime.parse((String) r[OCCURRED_AT])
                .atZoneSameInstant(LONDON))).collect(Collectors.toSet());
    }

    private Object[] extended(TabularRow row) {
        String reference = row.required("record_reference", 100);
        String power = row.code("power", POWERS);
        String occurredAt = row.dateTime("occurred_at");
        String force = row.required("force", 50);
        if (force != null && !force.matches("[a-z0-9-]+")) {
            row.problem("force", force, "a force in lower case with hyphens, as police.uk names them, e.g. metropolitan");
        }
        String borough = row.optional("borough_code", 9);
        if (borough != null && !borough.matches("E090000(0[1-9]|[12][0-9]|3[0-3])")) {
            row.problem("borough_code", borough, "a London borough's ONS code, E09000001 to E09000033, or blank");
        }
        Integer urn = row.integer("school_urn", 100_000, 999_999, "a school's URN (six digits), or blank");
        Boolean onPremises = row.bool("on_school_premises");
        Boolean sso = row.bool("sso_involved");
        String team = row.optional("officer_team", 100);
        Integer age = row.integer("age_years", 0, 120, "an age in whole years, or blank");
        String band = row.optional("age_band", 20);
        if (band != null) {
            band = PoliceUkLabels.canonical(PoliceUkLabels.AGE_RANGES, band).orElse(null);
            if (band == null) {
                row.problem("age_band", row.value("age_band"), "one of under 10, 10-17, 18-24, 25-34, over 34, or blank");
            }
        }
        if (age != null) {
            String fromAge = PoliceUkLabels.ageRangeOf(age);
            if (band != null && !band.equals(fromAge)) {
                row.problem("age_band", band, "\"" + fromAge + "\", the band of age " + age + ", or blank");
            }
            band = fromAge;
        }
        String gender = row.oneOf("gender", PoliceUkLabels.GENDERS);
        String selfDefined = row.optional("self_defined_ethnicity", 120);
        CensusEthnicCategory category = null;
        if (selfDefined != null && !selfDefined.equalsIgnoreCase("Not stated")) {
            category = CensusEthnicCategory.byLabel(selfDefined).orElse(null);
            if (category == null) {
                row.problem("self_defined_ethnicity", selfDefined, "a Census 2021 category as published, e.g. "
                        + "\"Black, Black British, Black Welsh, Caribbean or African: Caribbean\", or \"Not stated\", or blank");
            }
        }
        String officerDefined = row.optional("officer_defined_ethnicity", 20);
        EthnicGroup officerGroup = null;
        if (officerDefined != null) {
            officerGroup = PoliceUkLabels.officerDefined(officerDefined);
            if (officerGroup == null) {
                row.problem("officer_defined_ethnicity", officerDefined, "one of Asian, Black, Mixed, Other, White, or blank");
            }
        }
        String legislation = row.optional("legislation", 500);
        String object = row.optional("object_of_search", 500);
        String outcome = row.optional("outcome", 200);
        PoliceUkLabels.Outcome normalised = null;
        if (outcome != null) {
            normalised = PoliceUkLabels.outcome(outcome);
            if (normalised == null) {
                try {
                    normalised = PoliceUkLabels.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT).replace(' ', '_'));
                } catch (IllegalArgumentException e) {
                    row.problem("outcome", outcome, "a police.uk outcome or one of "
                            + String.join(", ", Arrays.stream(PoliceUkLabels.Outcome.values()).map(Enum::name).toList()));
                }
            }
        }
        Boolean linked = row.bool("outcome_linked");
        Boolean adult = row.bool("appropriate_adult_present");
        String location = row.oneOf("location_type", LOCATION_TYPES);
        Boolean safeguarding = row.bool("safeguarding_referral");
        String tactics = row.optional("force_tactics", 500);
        Boolean bwv = row.bool("bwv_recorded");
        String bwvReference = row.optional("bwv_reference", 100);
        if (!row.ok) {
            return null;
        }
        String recordKey = pseudonyms.of(force, reference);
        return new Object[] {recordKey, power, occurredAt, force, borough, urn, onPremises, sso,
                team == null ? null : pseudonyms.of("officer-team", team), age, band, gender, selfDefined,
                category == null ? null : category.name(), category == null ? null : category.group().name(),
                officerDefined, officerGroup == null ? null : officerGroup.name(), legislation, object, outcome,
                normalised == null ? null : normalised.name(), linked, adult, location, safeguarding, tactics, bwv,
                bwvReference == null ? null : pseudonyms.of(BWV_CONTEXT, bwvReference),
                pseudonyms.perturbationKey(force, recordKey, power), (int) row.line};
    }
}
