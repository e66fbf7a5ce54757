package uk.saferschools.oversight.records;

import static uk.saferschools.oversight.classification.CensusEthnicCategory.*;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import uk.saferschools.oversight.classification.CensusEthnicCategory;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * The labels police.uk publishes, current and legacy, and what each means. Labels are matched
 * ignoring case and surrounding space; a label not listed here is an error that names it, because
 * guessing would put a child in the wrong group.
 */
final class PoliceUkLabels {

    private PoliceUkLabels() {
    }

    /**
     * A self-defined ethnicity: its nearest Census 2021 category, and its broad group. Both empty for
     * "not stated". The broad group is the one named before " - " in the label, so the 2001-style
     * "Chinese or other ethnic group - Chinese (O1)" is Other, though its census category is Chinese
     * (which the 2021 census puts under Asian).
     */
    record SelfDefined(CensusEthnicCategory category, EthnicGroup group) {
    }

    static final Map<String, SelfDefined> SELF_DEFINED = new LinkedHashMap<>();
    /** As published, for the lookup that nearly always hits; the lower-cased map catches other spellings. */
    private static final Map<String, SelfDefined> SELF_DEFINED_EXACT = new HashMap<>();

    private static void self(EthnicGroup group, CensusEthnicCategory category, String... labels) {
        for (String label : labels) {
            SELF_DEFINED.put(key(label), new SelfDefined(category, group));
            SELF_DEFINED_EXACT.put(label, new SelfDefined(category, group));
        }
    }

    static {
        EthnicGroup a = EthnicGroup.ASIAN, b = EthnicGroup.BLACK, m = EthnicGroup.MIXED, w = EthnicGroup.WHITE,
                o = EthnicGroup.OTHER;
        // Current labels (2011 and 2021 census style)
        self(a, BANGLADESHI, "Asian/Asian British - Bangladeshi", "Asian or Asian British - Bangladeshi (A3)");
        self(a, CHINESE, "Asian/Asian British - Chinese");
        self(a, INDIAN, "Asian/Asian British - Indian", "Asian or Asian British - Indian (A1)");
        self(a, PAKISTANI, "Asian/Asian British - Pakistani", "Asian or Asian British - Pakistani (A2)");
        self(a, OTHER_ASIAN, "Asian/Asian British - Any other Asian background",
                "Asian or Asian British - Any other Asian ethnic background (A9)",
                "Asian or Asian British - Any other Asian background (A9)");
        self(b, AFRICAN, "Black/African/Caribbean/Black British - African", "Black or Black British - African (B2)");
        self(b, CARIBBEAN, "Black/African/Caribbean/Black British - Caribbean", "Black or Black British - Caribbean (B1)");
        self(b, OTHER_BLACK, "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
                "Black or Black British - Any other Black ethnic background (B9)",
                "Black or Black British - Any other Black background (B9)");
        self(m, WHITE_AND_ASIAN, "Mixed/Multiple ethnic groups - White and Asian", "Mixed - White and Asian (M3)");
        self(m, WHITE_AND_BLACK_AFRICAN, "Mixed/Multiple ethnic groups - White and Black African",
                "Mixed - White and Black African (M2)");
        self(m, WHITE_AND_BLACK_CARIBBEAN, "Mixed/Multiple ethnic groups - White and Black Caribbean",
                "Mixed - White and Black Caribbean (M1)");
        self(m, OTHER_MIXED, "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background",
                "Mixed - Any other Mixed ethnic background (M9)", "Mixed - Any other Mixed background (M9)");
        self(w, WHITE_BRITISH, "White - English/Welsh/Scottish/Northern Irish/British", "White - White British (W1)",
                "White - British (W1)");
        self(w, WHITE_IRISH, "White - Irish", "White - White Irish (W2)", "White - Irish (W2)");
        self(w, GYPSY_OR_IRISH_TRAVELLER, "White - Gypsy or Irish Traveller");
        self(w, ROMA, "White - Roma");
        self(w, OTHER_WHITE, "White - Any other White background", "White - Any other White ethnic background (W9)",
                "White - Any other White background (W9)");
        self(o, ARAB, "Other ethnic group - Arab");
        self(o, ANY_OTHER, "Other ethnic group - Any other ethnic group",
                "Chinese or other ethnic group - Any other ethnic group (O9)",
                "Chinese or other ethnic group - Any other (O9)");
        self(o, CHINESE, "Chinese or other ethnic group - Chinese (O1)");
        self(null, null, "Other ethnic group - Not stated", "Not Stated (NS)", "Not stated");
    }

    /** Officer-defined ethnicity is one of the five broad groups. */
    static final Map<String, EthnicGroup> OFFICER_DEFINED = Map.of(
            "asian", EthnicGroup.ASIAN, "black", EthnicGroup.BLACK, "mixed", EthnicGroup.MIXED,
            "other", EthnicGroup.OTHER, "white", EthnicGroup.WHITE);

    static final List<String> TYPES = List.of("Person search", "Person and Vehicle search", "Vehicle search");
    static final List<String> GENDERS = List.of("Male", "Female", "Other");
    static final List<String> AGE_RANGES = List.of("under 10", "10-17", "18-24", "25-34", "over 34");

    /** The police.uk age range of an age in whole years. */
    static String ageRangeOf(int years) {
        return years < 10 ? "under 10" : years < Children.ADULT_FROM_AGE ? "10-17" : years < 25 ? "18-24"
                : years < 35 ? "25-34" : "over 34";
    }

    /** One list of outcomes for every year of police.uk, the published label kept beside it. */
    enum Outcome {
        NO_FURTHER_ACTION("A no further action disposal", "Nothing found - no further action"),
        ARREST("Arrest", "Suspect arrested"),
        SUMMONS("Summons / charged by post", "Suspect summonsed to court"),
        CAUTION("Caution (simple or conditional)", "Offender cautioned"),
        PENALTY_NOTICE("Penalty Notice for Disorder", "Offender given penalty notice"),
        DRUGS_WARNING("Khat or Cannabis warning", "Offender given drugs possession warning"),
        COMMUNITY_RESOLUTION("Community resolution", "Local resolution"),
        ARTICLE_FOUND_OUTCOME_UNAVAILABLE("Article found - Detailed outcome unavailable");

        final List<String> labels;

        Outcome(String... labels) {
            this.labels = List.of(labels);
        }
    }

    static final Map<String, Outcome> OUTCOMES = new LinkedHashMap<>();

    static {
        for (Outcome outcome : Outcome.values()) {
            for (String label : outcome.labels) {
                OUTCOMES.put(key(label), outcome);
            }
        }
    }

    static SelfDefined selfDefined(String label) {
        SelfDefined found = SELF_DEFINED_EXACT.get(label);
        return found != null ? found : SELF_DEFINED.get(key(label));
    }

    /** As police.uk spells them, for the lookup that nearly always hits. */
    private static final Map<String, EthnicGroup> OFFICER_DEFINED_EXACT = Map.of(
            "Asian", EthnicGroup.ASIAN, "Black", EthnicGroup.BLACK, "Mixed", EthnicGroup.MIXED,
            "Other", EthnicGroup.OTHER, "White", EthnicGroup.WHITE);

    static EthnicGroup officerDefined(String label) {
        EthnicGroup found = OFFICER_DEFINED_EXACT.get(label);
        return found != null ? found : OFFICER_DEFINED.get(key(label));
    }

    static Outcome outcome(String label) {
        Outcome found = OUTCOMES_EXACT.get(label);
        return found != null ? found : OUTCOMES.get(key(label));
    }

    private static final Map<String, Outcome> OUTCOMES_EXACT = new HashMap<>();

    static {
        for (Outcome outcome : Outcome.values()) {
            for (String label : outcome.labels) {
                OUTCOMES_EXACT.put(label, outcome);
            }
        }
    }

    static String key(String label) {
        return label.trim().toLowerCase(Locale.ROOT);
    }

    static Optional<String> canonical(List<String> allowed, String value) {
        for (String label : allowed) {
            if (label.equals(value)) { // police.uk's own spelling: nearly always
                return Optional.of(label);
            }
        }
        for (String label : allowed) {
            if (label.equalsIgnoreCase(value)) {
                return Optional.of(label);
            }
        }
        return Optional.empty();
    }
}
