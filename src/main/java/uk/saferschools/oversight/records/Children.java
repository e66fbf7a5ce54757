package uk.saferschools.oversight.records;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who is a child in the records, defined once for every count, scan and query: someone under 18, of the
 * ages a children's figure covers ({@link Ages}: 10 to 17 by default, as the Youth Justice Board benchmarks,
 * or 0 to 17). police.uk records give only an age range, so a child aged 10 to 17 is one in the range
 * "10-17", and aged 0 to 17 one in "under 10" or "10-17". Our extended records give an age in years, or a
 * range when the age is not known: the age decides when it is there, the range otherwise (an import keeps the
 * two consistent, so in the database either says the same). The population a children's rate is measured
 * against covers the same ages ({@link Ages#from()} to {@link Ages#to()}).
 * <p>
 * The constants and checks outside {@link Ages} are of every child (0 to 17).
 */
public final class Children {

    /** The age from which someone is no longer a child. */
    public static final int ADULT_FROM_AGE = 18;

    /** The ages a children's figure covers; its events and its population always cover the same ages. */
    public enum Ages {
        /** Ages 10 to 17: police.uk "10-17". The default for publications, the analysis form and the command line. */
        TEN_TO_SEVENTEEN(10, List.of("10-17")),
        /** Ages 0 to 17: police.uk "under 10" and "10-17". */
        NOUGHT_TO_SEVENTEEN(0, List.of("under 10", "10-17"));

        /** The children's ages of a figure when none are chosen. */
        public static final Ages DEFAULT = TEN_TO_SEVENTEEN;

        private final int from;
        private final List<String> ageRanges;

        Ages(int from, List<String> ageRanges) {
            this.from = from;
            this.ageRanges = ageRanges;
        }

        /** The first age covered. */
        public int from() {
            return from;
        }

        /** The last age covered: 17. */
        public int to() {
            return ADULT_FROM_AGE - 1;
        }

        /** The police.uk age ranges of these ages, as police.uk writes them. */
        public List<String> ageRanges() {
            return ageRanges;
        }

        /** As the command line and results.json write it: "10-17", "0-17". */
        public String option() {
            return from + "-" + to();
        }

        /** In words: "10 to 17". */
        public String words() {
            return from + " to " + to();
        }

        /** The ages of an option ("10-17", "0-17"); empty when it is neither. */
        public static Optional<Ages> ofOption(String option) {
            String given = option == null ? "" : option.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(a -> a.option().equals(given)).findFirst();
        }

        private String rangesSql() {
            return ageRanges.stream().map(r -> "'" + r + "'").collect(Collectors.joining(", ", "(", ")"));
        }

        /** SQL: a police.uk record of a child of these ages, over {@code stop_search}. */
        public String policeUkRecord() {
            return "age_range in " + rangesSql();
        }

        /**
         * SQL: a cell of children of these ages, over {@code stop_search_cell} (V27), whose age band is the police.uk
         * age range for children ("under 10", "10-17") and "other" for the rest; the same records as {@link #policeUkRecord()}.
         */
        public String cells() {
            return "age_band in " + rangesSql();
        }

        /** SQL: an extended record of a child of these ages, over {@code power_use p}; as {@link #isChild(Integer, String)}. */
        public String extendedRecord() {
            return "coalesce(p.age_years " + (from == 0 ? "< " + ADULT_FROM_AGE : "between " + from + " and " + to())
                    + ", p.age_band in " + rangesSql() + ")";
        }

        /** Whether a police.uk age range (as written, without surrounding spaces) is of a child of these ages. */
        public boolean isChildsAgeRange(String ageRange) {
            return ageRange != null && ageRanges.contains(ageRange);
        }

        /** Whether an extended record is of a child of these ages: by its age in years when known, else by its age range. */
        public boolean isChild(Integer ageYears, String ageRange) {
            return ageYears != null ? ageYears >= from && ageYears < ADULT_FROM_AGE : isChildsAgeRange(ageRange);
        }
    }

    /** The police.uk age ranges of children (0 to 17), as police.uk writes them. */
    public static final List<String> AGE_RANGES = Ages.NOUGHT_TO_SEVENTEEN.ageRanges();

    /** SQL: a police.uk record of a child (0 to 17), over {@code stop_search}. */
    public static final String POLICE_UK_RECORD = Ages.NOUGHT_TO_SEVENTEEN.policeUkRecord();

    /** SQL: an extended record of a child (0 to 17), over {@code power_use p}; as {@link #isChild(Integer, String)}. */
    public static final String EXTENDED_RECORD = Ages.NOUGHT_TO_SEVENTEEN.extendedRecord();

    private Children() {
    }

    /** Whether a police.uk age range (as written, without surrounding spaces) is a child's (0 to 17). */
    public static boolean isChildsAgeRange(String ageRange) {
        return Ages.NOUGHT_TO_SEVENTEEN.isChildsAgeRange(ageRange);
    }

    /** Whether an extended record is of a child (0 to 17): by its age in years when known, else by its age range (either may be null). */
    public static boolean isChild(Integer ageYears, String ageRange) {
        return Ages.NOUGHT_TO_SEVENTEEN.isChild(ageYears, ageRange);
    }
}
