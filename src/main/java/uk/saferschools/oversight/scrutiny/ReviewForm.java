package uk.saferschools.oversight.scrutiny;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body-worn video review form (docs/formats/bwv-review-form.md): each answer's machine name and its
 * allowed values. A score or a consensus gives answers to these only; free text (rationale, learning points,
 * good practice) is kept apart, never published unless the secretariat approves it.
 */
public final class ReviewForm {

    /** Yes, partly or no: each GOWISELY element and the other judgements of the form. */
    static final List<String> YES_PARTLY_NO = List.of("yes", "partly", "no", "not_applicable");
    static final List<String> YES_NO = List.of("yes", "no", "not_known", "not_applicable");

    /** Every answer of the form, in its order, with its allowed values. */
    static final Map<String, List<String>> ANSWERS = new LinkedHashMap<>();

    /** The GOWISELY elements, in order: an encounter is fully compliant when each is yes (or not applicable). */
    public static final List<String> GOWISELY = List.of("grounds", "object", "warrant_card", "identity", "station",
            "entitlement_to_record", "legal_power", "you_are_detained");

    static {
        ANSWERS.put("footage_available", List.of("yes", "no"));
        ANSWERS.put("footage_complete", YES_PARTLY_NO);
        ANSWERS.put("switched_on_before_encounter", YES_NO);
        GOWISELY.forEach(g -> ANSWERS.put(g, YES_PARTLY_NO));
        for (String a : List.of("grounds_objectively_reasonable", "ethnicity_asked", "complaints_route_explained",
                "age_established_early", "appropriate_adult_present_where_required", "safeguarding_referral_made", "school_setting",
                "sso_involved", "handcuffs_used", "restraint_used", "taser_drawn", "taser_used", "force_justified",
                "vulnerabilities_noticed", "adjustments_made", "de_escalation", "find_matched_grounds")) {
            ANSWERS.put(a, a.equals("force_justified") || a.equals("grounds_objectively_reasonable") ? YES_PARTLY_NO : YES_NO);
        }
        ANSWERS.put("handcuffs_when", List.of("before_search", "during_search", "after_search", "not_applicable"));
        ANSWERS.put("more_thorough_search_where", List.of("police_station", "police_vehicle", "school", "other_out_of_public_view",
                "in_public_view", "not_applicable"));
        ANSWERS.put("more_thorough_search_present", List.of("same_sex_officers_only", "appropriate_adult_present", "others_present",
                "not_applicable"));
        ANSWERS.put("communication", List.of("good", "adequate", "poor"));
    }

    private ReviewForm() {
    }

    /** The answers' names. */
    public static Set<String> names() {
        return ANSWERS.keySet();
    }

    /**
     * The answers as given, checked: every name is the form's, every value one it allows; the name of the first
     * wrong one otherwise. {@code footage_available} is required.
     */
    static Map<String, String> checked(Map<String, String> given) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : given.entrySet()) {
            List<String> allowed = ANSWERS.get(a.getKey());
            if (allowed == null) {
                throw new EntryRefused(a.getKey(), "The review form has no question “" + a.getKey() + "”");
            }
            String value = a.getValue() == null ? "" : a.getValue().strip();
            if (value.isEmpty()) {
                continue;
            }
            if (!allowed.contains(value)) {
                throw new EntryRefused(a.getKey(), "Answer “" + a.getKey() + "” with one of " + String.join(", ", allowed) + "; not “"
                        + value + "”");
            }
            answers.put(a.getKey(), value);
        }
        if (!answers.containsKey("footage_available")) {
            throw new EntryRefused("footage_available", "Say whether footage was available");
        }
        return answers;
    }

    /** Red when there was no footage: set by the product, whatever the reviewer chose. */
    static Rating rating(Map<String, String> answers, Rating chosen) {
        return "no".equals(answers.get("footage_available")) ? Rating.RED : chosen;
    }

    /** The overall rating of an encounter. */
    public enum Rating {
        RED, AMBER, GREEN
    }
}
