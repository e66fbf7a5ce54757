package uk.saferschools.oversight.records;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Who is a child in the records, defined once for every count, scan and query: someone under 18.
 * police.uk records give only an age range, so a child is one in the range "under 10" or "10-17". Our
 * extended records give an age in years, or a range when the age is not known: the age decides when it
 * is there, the range otherwise (an import keeps the two consistent, so in the database either says the same).
 */
public final class Children {

    /** The age from which someone is no longer a child. */
    public static final int ADULT_FROM_AGE = 18;

    /** The police.uk age ranges of children, as police.uk writes them. */
    public static final List<String> AGE_RANGES = List.of("under 10", "10-17");

    private static final String RANGES_SQL = AGE_RANGES.stream().map(r -> "'" + r + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    /** SQL: a police.uk record of a child, over {@code stop_search}. */
    public static final String POLICE_UK_RECORD = "age_range in " + RANGES_SQL;

    /** SQL: an extended record of a child, over {@code power_use p}; as {@link #isChild(Integer, String)}. */
    public static final String EXTENDED_RECORD = "coalesce(p.age_years < " + ADULT_FROM_AGE + ", p.age_band in "
            + RANGES_SQL + ")";

    private Children() {
    }

    /** Whether a police.uk age range (as written, without surrounding spaces) is a child's. */
    public static boolean isChildsAgeRange(String ageRange) {
        return ageRange != null && AGE_RANGES.contains(ageRange);
    }

    /** Whether an extended record is of a child: by its age in years when known, else by its age range (either may be null). */
    public static boolean isChild(Integer ageYears, String ageRange) {
        return ageYears != null ? ageYears < ADULT_FROM_AGE : isChildsAgeRange(ageRange);
    }
}
