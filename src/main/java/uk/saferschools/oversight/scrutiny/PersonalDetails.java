package uk.saferschools.oversight.scrutiny;

import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The personal-details check of words that may go public (issue 15, item 5): a reviewer's rationale,
 * learning points and good practice are published only after the secretariat approves them, and before
 * that every personal detail this finds in them must be redacted or explicitly accepted, with a reason.
 *
 * <p>It looks for names, dates of birth, ages next to a description of the person, addresses and
 * postcodes, phone numbers, email addresses, school names (from the imported schools list and from the
 * way schools are named) and record references (those of the imported records, and the shapes of police,
 * body-worn video and pseudonymised references). It errs towards finding: a false alarm costs the
 * secretariat a click to accept, a miss can identify a child. It is plain Java, with no database: the
 * caller passes in the school names and record references it knows.
 *
 * <p>Findings never overlap: where two rules find overlapping words, the longer finding is kept.
 */
public final class PersonalDetails {

    /** The kinds of personal detail of issue 15, item 5. */
    public enum Kind {
        NAME("name"),
        DATE_OF_BIRTH("date of birth"),
        AGE_WITH_DESCRIPTION("age and description"),
        ADDRESS("address"),
        POSTCODE("postcode"),
        PHONE_NUMBER("phone number"),
        EMAIL_ADDRESS("email address"),
        SCHOOL_NAME("school"),
        RECORD_REFERENCE("record reference");

        private final String what;

        Kind(String what) {
            this.what = what;
        }

        /** What a redacted finding of this kind is replaced with, e.g. "[postcode removed]". */
        public String placeholder() {
            return "[" + what + " removed]";
        }
    }

    /**
     * A personal detail found in a text: its kind, where it is (start inclusive, end exclusive, as
     * {@link String#substring(int, int)}), the words found and, in plain English, why they were taken for one.
     */
    public record Finding(Kind kind, int start, int end, String text, String reason) {
        public Finding {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(reason, "reason");
            if (start < 0 || end <= start || text.length() != end - start) {
                throw new IllegalArgumentException("A finding covers " + (end - start) + " characters from " + start
                        + ", but its text is " + text.length() + " long");
            }
        }

        boolean overlaps(Finding other) {
            return start < other.end && other.start < end;
        }
    }

    private static final String MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
            + "|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

    /** A full date: 12/03/2009, 12.03.09, 2009-03-12, 12 March 2009, 12th of March 2009, March 12, 2009. */
    private static final Pattern FULL_DATE = Pattern.compile("(?i)(?<![\\p{L}\\d])(?:"
            + "(?<d1>\\d{1,2})[/.-](?<m1>\\d{1,2})[/.-](?<y1>\\d{4}|\\d{2})"
            + "|(?<y2>\\d{4})-(?<m2>\\d{1,2})-(?<d2>\\d{1,2})"
            + "|(?<d3>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\.?,?\\s+(?<y3>\\d{4})"
            + "|" + MONTH + "\\.?\\s+(?<d4>\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?<y4>\\d{4})"
            + ")(?![\\p{L}\\d])");

    private static final Pattern BIRTH = Pattern.compile(
            "(?i)(?<![\\p{L}])(d\\.?o\\.?b\\.?|date\\s+of\\s+birth|born(?:\\s+(?:on|in))?|birthday(?:\\s+(?:is|was|on))?)(?![\\p{L}])"
                    + "(?:\\s*(?:is|was|given\\s+as))?\\s*[:\\-–]?\\s*");

    /** How many characters after "born" or "DOB" a full date may start; a year or a month must follow at once. */
    private static final int BIRTH_REACH = 40;

    /** What may follow "born" or "DOB" besides a full date: a month and year, a day and month, or a year. */
    private static final Pattern PART_DATE = Pattern.compile("(?i)(?:(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?"
            + MONTH + "(?:\\s+\\d{4})?|" + MONTH + "\\s+\\d{4}|(?:19|20)\\d{2})(?![\\p{L}\\d])");

    private static final String NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)";

    private static final Pattern AGE = Pattern.compile("(?i)(?<![\\p{L}\\d])(?:(?:\\d{1,2}|" + NUMBER_WORD
            + ")[- ]?(?:years?|yrs?)[- ]old|\\d{1,2}\\s?yo|aged\\s+(?:about\\s+|around\\s+)?(?:\\d{1,2}|" + NUMBER_WORD
            + ")|age\\s+\\d{1,2})(?![\\p{L}\\d])");

    /** Words that describe a person: sex, ethnicity, faith seen, clothes, hair, build, marks. */
    private static final Set<String> DESCRIPTION = Set.of("boy", "girl", "male", "female", "lad", "man", "woman",
            "black", "white", "asian", "mixed", "caribbean", "african", "somali", "eritrean", "nigerian", "ghanaian",
            "bengali", "bangladeshi", "pakistani", "indian", "turkish", "kurdish", "polish", "romanian", "albanian",
            "irish", "gypsy", "roma", "traveller", "arab", "chinese", "muslim", "jewish", "sikh", "hijab", "headscarf",
            "turban", "wearing", "wore", "dressed", "hoodie", "hoody", "jacket", "coat", "puffer", "tracksuit",
            "trainers", "cap", "balaclava", "mask", "blazer", "jeans", "shorts", "skirt", "glasses", "braces", "braids",
            "dreadlocks", "locs", "afro", "cornrows", "beard", "hair", "haired", "ginger", "blonde", "blond",
            "brunette", "tall", "short", "slim", "thin", "stocky", "build", "scar", "tattoo", "tattoos", "piercing",
            "wheelchair", "crutches", "red", "blue", "green", "yellow", "grey", "gray", "brown", "pink", "purple",
            "orange", "navy");

    private static final Pattern WORDS = Pattern.compile("[\\p{L}'’]+|[.;!?\\n]");

    private static final String STREET = "(?:Road|Rd|Street|St(?!\\.?\\s*\\p{Lu})|Avenue|Ave|Lane|Ln|Close|Gardens|Gdns"
            + "|Way|Drive|Crescent|Cres|Court|Ct|Place|Pl|Grove|Hill|Terrace|Estate|Square|Sq|Mews|Walk|Row|Rise|Park"
            + "|Parade|Green|View|Vale|Wharf|Yard|Passage|Broadway|Parkway|Gate|Mansions|House|Buildings|Tower|Towers"
            + "|Heights|Villas|Cottages)";

    private static final String STREET_NAME = "(?:\\p{Lu}[\\p{L}'’-]+\\s+){1,3}" + STREET + "(?![\\p{L}])";

    /** "42 Consort Road", "Flat 3, 12 Peckham Road", "Flat 14, Tower House". */
    private static final Pattern HOUSE = Pattern.compile("(?<![\\p{L}\\d])(?:(?i:flat|apartment|apt\\.?)\\s+\\d{1,4}[A-Za-z]?,?\\s+"
            + "(?:\\d{1,4}[A-Za-z]?,?\\s+)?|\\d{1,4}[A-Za-z]?,?\\s+)" + STREET_NAME);

    private static final Pattern FLAT = Pattern.compile("(?<![\\p{L}])(?i:flat|apartment|apt\\.?)\\s+(?i:no\\.?\\s*)?\\d{1,4}[A-Za-z]?"
            + "(?![\\p{L}\\d])(?!\\s*(?i:minutes?|mins?|miles?|metres?|meters?|times?|hours?|%|per))");

    private static final Pattern LIVES_ON = Pattern.compile("(?<![\\p{L}])(?i:lives|living|lived|address|home)\\s+"
            + "(?i:(?:is|was)\\s+)?(?i:(?:on|at|in)\\s+)?(?i:the\\s+)?(" + STREET_NAME + ")");

    /** A full UK postcode (the letters allowed in each place, so "on 2nd" is not one). */
    private static final Pattern POSTCODE = Pattern.compile("(?i)(?<![\\p{L}\\d])[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?\\s?\\d[ABD-HJLNP-UW-Z]{2}(?![\\p{L}\\d])");

    private static final String AREAS = "AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL"
            + "|DN|DT|DY|EC|EH|EN|EX|FK|FY|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|LD|LE|LL|LN|LS"
            + "|LU|ME|MK|ML|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY"
            + "|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE|B|E|G|L|M|N|S|W";

    /** The first half of a postcode ("SE15"), taken for one only where the words around it say so. */
    private static final Pattern DISTRICT = Pattern.compile("(?<![\\p{L}\\d])((?:" + AREAS + ")\\d[A-Z\\d]?)(?![\\p{L}\\d])");

    private static final Pattern DISTRICT_BEFORE = Pattern.compile("(?i)(?:\\b(?:in|near|around|from|postcode|post\\s+code"
            + "|area|district)\\s+)$");

    private static final Pattern DISTRICT_AFTER = Pattern.compile("(?i)^\\s+(?:area|postcode|post\\s+code|district)\\b");

    /** A run of digits and separators that may be a UK phone number; its digits are checked after. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\d+\\p{L}])(?:\\+44|\\(?0)[\\d() -]{8,18}");

    private static final Pattern EMAIL = Pattern.compile("(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])");

    private static final Pattern SCHOOL_WORD = Pattern.compile("(?<![\\p{L}])(?:Academy|School|College)(?![\\p{L}])");

    private static final Pattern URN = Pattern.compile("(?<![\\p{L}])URN:?\\s*\\d{6}(?!\\d)");

    /** Words that do not make a school's name, so "the Primary School" or "Police College" is no school. */
    private static final Set<String> NOT_A_SCHOOLS_NAME = Set.of("the", "a", "an", "this", "that", "our", "his", "her",
            "their", "its", "my", "your", "every", "each", "any", "same", "whole", "primary", "secondary", "high",
            "junior", "infant", "infants", "grammar", "free", "special", "independent", "state", "catholic", "church",
            "comprehensive", "local", "community", "faith", "boarding", "boys", "girls", "boys'", "girls'", "upper",
            "lower", "middle", "nursery", "sixth", "form", "further", "education", "foundation", "voluntary",
            "aided", "controlled", "new", "of", "and", "england", "cofe", "ce", "rc", "roman", "mixed", "summer",
            "sunday", "night", "safer", "schools", "at", "in", "on", "when", "after", "before", "outside", "near");

    private static final Set<String> NOT_SCHOOLS = Set.of("police", "policing", "driving", "staff", "royal", "medical",
            "law", "art", "drama", "business");

    private static final Set<String> CONNECTORS = Set.of("of", "and", "&", "the", "upon", "on", "de", "la", "le");

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}'’.&]+");

    /**
     * A pseudonymised reference: a keyed hash in hex (docs/formats/extended-records.md), whole or its first 8 or
     * more characters; not an ONS area code such as E09000028, which is hex too.
     */
    private static final Pattern PSEUDONYM = Pattern.compile("(?<![\\p{L}\\p{N}])(?!E\\d{8}(?![\\p{L}\\p{N}]))"
            + "(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])"
            + "[0-9a-fA-F]{8,64}(?![\\p{L}\\p{N}])");

    /** The panel's reference of an encounter: "E-" and the first ten characters of its keyed hash (records.Encounters). */
    private static final Pattern PANEL_REFERENCE = Pattern.compile("(?<![\\p{L}\\p{N}-])E-[0-9A-Fa-f]{10}(?![\\p{L}\\p{N}])");

    /** The shape of a force's or a body-worn video reference: capitals, then digits, e.g. BWV-2024-0173, CAD4521, SYN-12. */
    private static final Pattern FORCE_REFERENCE = Pattern.compile("(?<![\\p{L}\\p{N}-])(?:\\p{Lu}{2,}(?:[-/][\\p{Lu}\\d]+)*[-/]\\d+"
            + "(?:[-/][\\p{Lu}\\d]+)*|\\p{Lu}{2,}\\d{4,}[\\p{Lu}\\d]*)(?![\\p{L}\\p{N}-])");

    private static final Set<String> NOT_REFERENCES = Set.of("COVID-19", "SARS-COV-2", "A-LEVEL", "KS-3", "KS-4");

    /** A reference named as one: "CAD 5521/14MAR", "BWV ref 4471-22", "crime number 01/23456/24". */
    private static final Pattern NAMED_REFERENCE = Pattern.compile("(?i)(?<![\\p{L}])(ref(?:erence)?|record|cad|cris"
            + "|crime|incident|log|custody|bwv|footage|clip|exhibit)\\.?\\s*(?:ref(?:erence)?\\.?|no\\.?|number|#)?\\s*[:#]?\\s*"
            + "([A-Z0-9][A-Z0-9/-]{2,}[A-Z0-9])(?![\\p{L}\\p{N}])");

    private final Pattern knownSchools;
    private final Pattern knownReferences;
    private final int earliestBirthYear;
    private final int latestBirthYear;

    /**
     * A check that knows the schools (their names, from the imported schools list) and the record
     * references of the records a review is of.
     */
    public PersonalDetails(Collection<String> schoolNames, Collection<String> recordReferences) {
        this(schoolNames, recordReferences, Year.now(ZoneId.of("Europe/London")));
    }

    /**
     * As above, in a given year: a full date in a year when someone aged 5 to 20 in that year was born may be
     * a child's date of birth.
     */
    PersonalDetails(Collection<String> schoolNames, Collection<String> recordReferences, Year thisYear) {
        this.knownSchools = anyOf(schoolNames.stream()
                .flatMap(name -> name.strip().regionMatches(true, 0, "The ", 0, 4)
                        ? Stream.of(name.strip(), name.strip().substring(4)) : Stream.of(name))
                .toList(), 4);
        this.knownReferences = anyOf(recordReferences, 3);
        this.earliestBirthYear = thisYear.getValue() - 20;
        this.latestBirthYear = thisYear.getValue() - 5;
    }

    /** The personal details in the text, in the order they appear. */
    public List<Finding> findIn(String text) {
        Objects.requireNonNull(text, "text");
        List<Finding> candidates = new ArrayList<>(Names.in(text));
        datesOfBirth(text, candidates);
        agesWithDescriptions(text, candidates);
        addresses(text, candidates);
        postcodes(text, candidates);
        phoneNumbers(text, candidates);
        emailAddresses(text, candidates);
        schools(text, candidates);
        recordReferences(text, candidates);
        return withoutOverlaps(candidates);
    }

    /**
     * The text with each of the given findings replaced by its kind's placeholder ("[postcode removed]").
     * The findings must be of this text, as {@link #findIn} gave them; those not given (accepted, with a
     * reason) are left as written.
     *
     * @throws IllegalArgumentException when a finding is not of this text, or two findings overlap
     */
    public static String redact(String text, Collection<Finding> findings) {
        List<Finding> inOrder = findings.stream().sorted(Comparator.comparingInt(Finding::start)).toList();
        StringBuilder redacted = new StringBuilder(text.length());
        int from = 0;
        for (Finding finding : inOrder) {
            if (finding.end() > text.length() || !text.substring(finding.start(), finding.end()).equals(finding.text())) {
                throw new IllegalArgumentException("'" + finding.text() + "' is not at " + finding.start()
                        + " in this text: the text has changed since it was checked");
            }
            if (finding.start() < from) {
                throw new IllegalArgumentException("'" + finding.text() + "' overlaps another finding");
            }
            redacted.append(text, from, finding.start()).append(finding.kind().placeholder());
            from = finding.end();
        }
        return redacted.append(text, from, text.length()).toString();
    }

    private void datesOfBirth(String text, List<Finding> found) {
        Matcher birth = BIRTH.matcher(text);
        while (birth.find()) {
            // the date may come a few words later ("date of birth, which he gave as 12/03/09"), in the same sentence
            int limit = Math.min(text.length(), birth.end() + BIRTH_REACH);
            for (int from = birth.end(); from < limit && ".;!?\n".indexOf(text.charAt(from)) < 0; from++) {
                if (from > birth.end() && Character.isLetterOrDigit(text.charAt(from - 1))) {
                    continue;
                }
                Matcher date = FULL_DATE.matcher(text).region(from, text.length());
                Matcher part = PART_DATE.matcher(text).region(from, text.length());
                int end = date.lookingAt() && validDate(date) ? date.end()
                        : from == birth.end() && part.lookingAt() ? part.end() : -1;
                if (end > 0) {
                    String trigger = birth.group(1).replaceAll("\\s+", " ");
                    found.add(finding(Kind.DATE_OF_BIRTH, text, from, end, "a date of birth: a date after '" + trigger + "'"));
                    break;
                }
            }
        }
        Matcher date = FULL_DATE.matcher(text);
        while (date.find()) {
            int year = year(date);
            if (validDate(date) && year >= earliestBirthYear && year <= latestBirthYear) {
                found.add(finding(Kind.DATE_OF_BIRTH, text, date.start(), date.end(), "a possible date of birth: a full date in "
                        + year + ", when children and young people of today were born"));
            }
        }
    }

    private static int year(Matcher date) {
        for (String group : List.of("y1", "y2", "y3", "y4")) {
            if (date.group(group) != null) {
                int year = Integer.parseInt(date.group(group));
                return date.group(group).length() == 2 ? -1 : year;
            }
        }
        return -1;
    }

    private static boolean validDate(Matcher date) {
        String day = date.group("d1") != null ? date.group("d1") : date.group("d2") != null ? date.group("d2")
                : date.group("d3") != null ? date.group("d3") : date.group("d4");
        String month = date.group("m1") != null ? date.group("m1") : date.group("m2");
        int d = Integer.parseInt(day);
        if (month == null) {
            return d >= 1 && d <= 31;
        }
        int m = Integer.parseInt(month);
        // day and month either way round, as people write them
        return d >= 1 && d <= 31 && m >= 1 && m <= 12 || m >= 1 && m <= 31 && d >= 1 && d <= 12;
    }

    /** An age with, within the same clause, a word describing the person: "a 14-year-old Black boy". */
    private static void agesWithDescriptions(String text, List<Finding> found) {
        Matcher age = AGE.matcher(text);
        while (age.find()) {
            int start = age.start();
            int end = age.end();
            List<int[]> after = words(text, age.end(), text.length(), 6);
            for (int[] w : after) {
                if (DESCRIPTION.contains(text.substring(w[0], w[1]).toLowerCase(Locale.UK))) {
                    end = w[1];
                }
            }
            List<int[]> before = words(text, 0, age.start(), -3);
            for (int[] w : before) {
                if (DESCRIPTION.contains(text.substring(w[0], w[1]).toLowerCase(Locale.UK))) {
                    start = Math.min(start, w[0]);
                }
            }
            if (start < age.start() || end > age.end()) {
                found.add(finding(Kind.AGE_WITH_DESCRIPTION, text, start, end,
                        "an age next to a description of the person ('" + age.group() + "')"));
            }
        }
    }

    /**
     * Up to {@code count} words after {@code from} (or, when count is negative, before {@code to}), not going
     * past the end of the sentence or the line.
     */
    private static List<int[]> words(String text, int from, int to, int count) {
        List<int[]> all = new ArrayList<>();
        Matcher w = WORDS.matcher(text).region(from, to);
        while (w.find()) {
            if (w.group().length() == 1 && ".;!?\n".contains(w.group())) {
                if (count > 0) {
                    break;
                }
                all.clear();
            } else {
                all.add(new int[] {w.start(), w.end()});
            }
            if (count > 0 && all.size() == count) {
                break;
            }
        }
        return count > 0 ? all : all.subList(Math.max(0, all.size() + count), all.size());
    }

    private static void addresses(String text, List<Finding> found) {
        Matcher house = HOUSE.matcher(text);
        while (house.find()) {
            found.add(finding(Kind.ADDRESS, text, house.start(), house.end(), "an address: a house number and a street"));
        }
        Matcher flat = FLAT.matcher(text);
        while (flat.find()) {
            found.add(finding(Kind.ADDRESS, text, flat.start(), flat.end(), "an address: a flat number"));
        }
        Matcher lives = LIVES_ON.matcher(text);
        while (lives.find()) {
            found.add(finding(Kind.ADDRESS, text, lives.start(1), lives.end(1), "an address: the street where someone lives"));
        }
    }

    private static void postcodes(String text, List<Finding> found) {
        Matcher full = POSTCODE.matcher(text);
        while (full.find()) {
            found.add(finding(Kind.POSTCODE, text, full.start(), full.end(), "a UK postcode"));
        }
        Matcher district = DISTRICT.matcher(text);
        while (district.find()) {
            String before = text.substring(Math.max(0, district.start() - 20), district.start());
            boolean followedByArea = DISTRICT_AFTER.matcher(text.substring(district.end())).find();
            boolean singleLetterArea = Character.isDigit(district.group().charAt(1));
            boolean saysSo = followedByArea || before.toLowerCase(Locale.UK).matches("(?s).*\\bpost\\s?code\\s+$")
                    || !singleLetterArea && DISTRICT_BEFORE.matcher(before).find();
            if (saysSo) {
                found.add(finding(Kind.POSTCODE, text, district.start(), district.end(),
                        "a UK postcode district (the first half of a postcode)"));
            }
        }
    }

    /** A UK number: 0 and 9 or 10 more digits, or +44 and 9 or 10 (a "(0)" after +44 allowed), ending with a digit group. */
    private static void phoneNumbers(String text, List<Finding> found) {
        Matcher candidate = PHONE.matcher(text);
        int searchFrom = 0;
        while (searchFrom < text.length() && candidate.find(searchFrom)) {
            int start = candidate.start();
            String run = candidate.group();
            if (run.startsWith("(") && run.indexOf(')') < 0 || run.startsWith("(") && run.indexOf(')') > 6) {
                // an opening bracket belongs to the number only around its area code, "(020) 7946 0123"
                start++;
                run = run.substring(1);
            }
            int best = -1;
            int digits = 0;
            for (int i = 0; i < run.length(); i++) {
                if (Character.isDigit(run.charAt(i))) {
                    digits++;
                    boolean groupEnds = i + 1 == run.length() || !Character.isDigit(run.charAt(i + 1));
                    if (groupEnds && validPhone(run.substring(0, i + 1))) {
                        best = i + 1;
                    }
                }
            }
            if (best > 0) {
                found.add(finding(Kind.PHONE_NUMBER, text, start, start + best, "a UK phone number"));
                searchFrom = start + best;
            } else {
                searchFrom = candidate.start() + 1;
            }
        }
    }

    private static boolean validPhone(String run) {
        String digits = run.replace("(0)", "").replaceAll("\\D", "");
        String national = run.startsWith("+44") ? digits.substring(2) : digits.startsWith("0") ? digits.substring(1) : null;
        return national != null && (national.length() == 9 || national.length() == 10) && "12378".indexOf(national.charAt(0)) >= 0;
    }

    private static void emailAddresses(String text, List<Finding> found) {
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            found.add(finding(Kind.EMAIL_ADDRESS, text, email.start(), email.end(), "an email address"));
        }
    }

    private void schools(String text, List<Finding> found) {
        if (knownSchools != null) {
            Matcher known = knownSchools.matcher(text);
            while (known.find()) {
                found.add(finding(Kind.SCHOOL_NAME, text, known.start(), known.end(), "a school on the imported schools list"));
            }
        }
        Matcher word = SCHOOL_WORD.matcher(text);
        while (word.find()) {
            schoolNamedBefore(text, word, found);
        }
        Matcher urn = URN.matcher(text);
        while (urn.find()) {
            found.add(finding(Kind.SCHOOL_NAME, text, urn.start(), urn.end(), "a school's URN (its number in the register of schools)"));
        }
    }

    /** "Kingsdale Foundation School", "St Saviour's and St Olave's School", "Harris Academy Peckham". */
    private static void schoolNamedBefore(String text, Matcher schoolWord, List<Finding> found) {
        List<int[]> tokens = new ArrayList<>();
        Matcher t = TOKEN.matcher(text).region(0, schoolWord.start());
        while (t.find()) {
            tokens.add(new int[] {t.start(), t.end()});
        }
        int start = schoolWord.start();
        int cursor = schoolWord.start();
        boolean distinctive = false;
        for (int i = tokens.size() - 1; i >= 0; i--) {
            int[] token = tokens.get(i);
            String word = text.substring(token[0], token[1]);
            String gap = text.substring(token[1], cursor);
            if (!gap.isBlank() || gap.contains("\n") || word.endsWith(".") && !word.equals("St.")) {
                break;
            }
            String lower = word.toLowerCase(Locale.UK);
            if (Character.isUpperCase(word.charAt(0))) {
                if (NOT_SCHOOLS.contains(lower)) {
                    return;
                }
                distinctive |= !NOT_A_SCHOOLS_NAME.contains(lower);
                start = token[0];
            } else if (!CONNECTORS.contains(lower) || i == 0 || !Character.isUpperCase(text.charAt(tokens.get(i - 1)[0]))) {
                break;
            }
            cursor = token[0];
        }
        // leave out leading words that are not part of the name ("The", "At")
        while (start < schoolWord.start()) {
            Matcher first = TOKEN.matcher(text).region(start, schoolWord.start());
            if (!first.find() || !NOT_A_SCHOOLS_NAME.contains(first.group().toLowerCase(Locale.UK))
                    || Set.of("st", "st.").contains(first.group().toLowerCase(Locale.UK))) {
                break;
            }
            start = first.end();
            while (start < schoolWord.start() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
        if (!distinctive || start == schoolWord.start()) {
            return;
        }
        int end = schoolWord.end();
        Matcher following = Pattern.compile("\\G[ \\u00a0](\\p{Lu}\\p{Ll}+)(?![\\p{L}])").matcher(text);
        for (int more = 0; more < 2 && following.find(end); more++) {
            String next = following.group(1).toLowerCase(Locale.UK);
            if (Set.of("officer", "officers", "staff", "pupils", "students", "teachers", "and", "the", "in", "on", "at",
                    "was", "were", "is", "said", "gate", "gates").contains(next)) {
                break;
            }
            end = following.end();
        }
        found.add(finding(Kind.SCHOOL_NAME, text, start, end,
                "a school's name: capitalised words before '" + schoolWord.group() + "'"));
    }

    private void recordReferences(String text, List<Finding> found) {
        if (knownReferences != null) {
            Matcher known = knownReferences.matcher(text);
            while (known.find()) {
                found.add(finding(Kind.RECORD_REFERENCE, text, known.start(), known.end(), "a reference of an imported record"));
            }
        }
        Matcher panel = PANEL_REFERENCE.matcher(text);
        while (panel.find()) {
            found.add(finding(Kind.RECORD_REFERENCE, text, panel.start(), panel.end(),
                    "the panel's reference of an encounter ('E-' and its keyed hash)"));
        }
        Matcher pseudonym = PSEUDONYM.matcher(text);
        while (pseudonym.find()) {
            found.add(finding(Kind.RECORD_REFERENCE, text, pseudonym.start(), pseudonym.end(),
                    "a pseudonymised record reference (a keyed hash, in hex)"));
        }
        Matcher shaped = FORCE_REFERENCE.matcher(text);
        while (shaped.find()) {
            if (!NOT_REFERENCES.contains(shaped.group().toUpperCase(Locale.UK))) {
                found.add(finding(Kind.RECORD_REFERENCE, text, shaped.start(), shaped.end(),
                        "shaped like a police or body-worn video reference: capitals and digits"));
            }
        }
        Matcher named = NAMED_REFERENCE.matcher(text);
        while (named.find()) {
            if (named.group(2).chars().anyMatch(Character::isDigit)) {
                found.add(finding(Kind.RECORD_REFERENCE, text, named.start(2), named.end(2),
                        "a reference: after '" + named.group(1) + "'"));
            }
        }
    }

    /** One alternation of the given words or phrases, whole words only, any case, any spacing and apostrophe. */
    private static Pattern anyOf(Collection<String> phrases, int shortest) {
        String alternatives = phrases.stream()
                .map(String::strip)
                .filter(p -> p.codePoints().filter(Character::isLetterOrDigit).count() >= shortest)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(PersonalDetails::loosely)
                .collect(Collectors.joining("|"));
        return alternatives.isEmpty() ? null
                : Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static String loosely(String phrase) {
        StringBuilder pattern = new StringBuilder();
        for (String word : phrase.split("\\s+")) {
            if (!pattern.isEmpty()) {
                pattern.append("\\s+");
            }
            pattern.append(Pattern.quote(word).replaceAll("['’]", "\\\\E['’]\\\\Q"));
        }
        return pattern.toString();
    }

    /** The longest findings first, then any that do not overlap them, in the order they appear. */
    private static List<Finding> withoutOverlaps(List<Finding> candidates) {
        List<Finding> kept = new ArrayList<>();
        candidates.stream()
                .sorted(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed()
                        .thenComparing(Finding::kind).thenComparingInt(Finding::start))
                .forEach(candidate -> {
                    if (kept.stream().noneMatch(candidate::overlaps)) {
                        kept.add(candidate);
                    }
                });
        kept.sort(Comparator.comparingInt(Finding::start));
        return List.copyOf(kept);
    }

    private static Finding finding(Kind kind, String text, int start, int end, String reason) {
        return new Finding(kind, start, end, text.substring(start, end), reason);
    }
}
