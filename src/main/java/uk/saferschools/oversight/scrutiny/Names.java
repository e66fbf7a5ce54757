package uk.saferschools.oversight.scrutiny;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.saferschools.oversight.scrutiny.PersonalDetails.Finding;
import uk.saferschools.oversight.scrutiny.PersonalDetails.Kind;

/**
 * The names of people in a reviewer's words, found by four rules, each chosen to find real names without
 * taking the ordinary capitalised words of a review (the Safer Schools Officer, White British, Section 60,
 * Will the force...) for one:
 * <ol>
 * <li>a capitalised word after a title: "Mr Okafor", "PC Jones", "Detective Constable Reid";</li>
 * <li>a capitalised word after "called", "named", "known as", or a word for the person such as "pupil",
 * "boy" or "mother", in lower case: "a pupil called Kwame", "his mum Grace" (but not "Child Protection");</li>
 * <li>a common first name from {@code scrutiny/first-names.txt}: alone ("Tyler said"), or with a capitalised
 * surname after it ("Grace Adeyemi"). Names that are also ordinary words (Will, May, Grace, Mark) are
 * found only with a surname, never alone;</li>
 * <li>two capitalised words together in the middle of a sentence ("searched Kwabena Asante"), neither of
 * them a word of {@code scrutiny/not-names.txt} (places, institutions, groups, the words of policing and
 * review), not after "the", "a", "in", "at" and the like, which go with places and organisations, and not
 * part of a longer capitalised run, which is usually the name of an organisation.</li>
 * </ol>
 * Only a capitalised word is ever a name here: names written in lower case or in capitals are not found.
 */
final class Names {

    /** A capitalised word as names are written: Okafor, O'Brien, McDonald, Smith-Jones, Zoë. */
    private static final String CAPITALISED = "(?:O['’]|Mc|Mac)?\\p{Lu}\\p{Ll}+(?:[-'’]\\p{Lu}\\p{Ll}+)?";

    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}'’-])" + CAPITALISED + "(?![\\p{L}\\p{N}])");

    /** Titles short enough that what follows is a name whatever it is ("Mr Black", "PC Green"). */
    private static final Set<String> SHORT_TITLES = Set.of("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "PC", "DC",
            "PS", "DS", "DI", "DCI", "WPC", "Sgt", "Insp", "Supt");

    private static final Pattern AFTER_A_TITLE = Pattern.compile(
            "(?<![\\p{L}])(?:(?:Acting|Detective|Police|Chief|Temporary|Woman|Special)\\s+)?"
                    + "(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|PC|DC|PS|DS|DI|DCI|WPC|Sgt|Sergeant|Officer|Constable|Inspector|Insp"
                    + "|Superintendent|Supt|Detective)\\.?\\s+(" + CAPITALISED + ")(?:\\s+(" + CAPITALISED + "))?"
                    + "(?![\\p{L}\\p{N}])");

    private static final Pattern AFTER_A_WORD_FOR_THE_PERSON = Pattern.compile(
            "(?<![\\p{L}])(called|named|nicknamed|known\\s+as|name\\s+(?:is|was)|pupil|student|boy|girl|child"
                    + "|young\\s+person|son|daughter|brother|sister|cousin|friend|mother|father|mum|dad|suspect)"
                    + "\\s+(" + CAPITALISED + ")(?:\\s+(" + CAPITALISED + "))?(?![\\p{L}\\p{N}])");

    /** Capitalised pairs that look like a title and a name, or a first name and a surname, but are neither. */
    private static final Set<String> KNOWN_PHRASES = Set.of("Dr Martens", "Dr Marten", "Dr Marten's", "Will Power");

    /** Words after which a capitalised pair is a place or an organisation rather than a person. */
    private static final Set<String> BEFORE_PLACES = Set.of("the", "a", "an", "in", "at", "on", "near", "from", "of",
            "into", "outside", "inside", "around", "across", "towards", "via", "this", "that", "these", "those", "our",
            "their", "its", "his", "her", "my", "your");

    /** Words after which May, April, June and August are months. */
    private static final Set<String> BEFORE_MONTHS = Set.of("in", "during", "since", "by", "until", "till", "of", "last",
            "next", "early", "late", "mid", "this", "before", "after", "from", "to", "throughout", "end");

    private static final Set<String> MONTHS = Set.of("may", "april", "june", "august");

    /** Street words: with a capitalised word before them, a street, not a surname ("Rye Lane"). */
    static final Set<String> STREET_WORDS = Set.of("road", "street", "avenue", "lane", "close", "gardens", "way",
            "drive", "crescent", "court", "place", "grove", "hill", "terrace", "estate", "square", "mews", "walk", "row",
            "rise", "park", "parade", "green", "view", "vale", "wharf", "yard", "passage", "broadway", "parkway",
            "gate", "mansions", "house", "buildings", "tower", "towers", "heights", "villas", "cottages");

    private static final Set<String> FIRST_NAMES = new HashSet<>();
    private static final Set<String> ALSO_ORDINARY_WORDS = new HashSet<>();
    private static final Set<String> NOT_NAMES = new HashSet<>();

    static {
        lines("/scrutiny/first-names.txt", line -> {
            if (line.startsWith("~")) {
                ALSO_ORDINARY_WORDS.add(line.substring(1));
                FIRST_NAMES.add(line.substring(1));
            } else {
                FIRST_NAMES.add(line);
            }
        });
        lines("/scrutiny/not-names.txt", line -> NOT_NAMES.add(line.toLowerCase(Locale.UK)));
    }

    private Names() {
    }

    /** The names in the text, each as one finding; they may overlap, which the caller resolves. */
    static List<Finding> in(String text) {
        List<Finding> found = new ArrayList<>();
        afterATitle(text, found);
        afterAWordForThePerson(text, found);
        firstNamesAndPairs(text, found);
        return found;
    }

    private static void afterATitle(String text, List<Finding> found) {
        Matcher m = AFTER_A_TITLE.matcher(text);
        while (m.find()) {
            String title = m.group(1);
            boolean shortTitle = SHORT_TITLES.contains(title);
            if (KNOWN_PHRASES.contains(title + " " + m.group(2)) || !shortTitle && notAName(m.group(2))) {
                continue;
            }
            int end = m.group(3) != null && !notAName(m.group(3)) ? m.end(3) : m.end(2);
            found.add(finding(text, m.start(2), end, "a name: a capitalised word after '" + title + "'"));
        }
    }

    private static void afterAWordForThePerson(String text, List<Finding> found) {
        Matcher m = AFTER_A_WORD_FOR_THE_PERSON.matcher(text);
        while (m.find()) {
            if (notAName(m.group(2))) {
                continue;
            }
            int end = m.group(3) != null && !notAName(m.group(3)) ? m.end(3) : m.end(2);
            String after = m.group(1).toLowerCase(Locale.UK).replaceAll("\\s+", " ");
            found.add(finding(text, m.start(2), end, "a name: a capitalised word after '" + after + "'"));
        }
    }

    private record Word(int start, int end, String text) {
    }

    private static void firstNamesAndPairs(String text, List<Finding> found) {
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(new Word(m.start(), m.end(), m.group()));
        }
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            Word next = i + 1 < words.size() && together(text, word, words.get(i + 1)) ? words.get(i + 1) : null;
            boolean startsARun = i == 0 || !together(text, words.get(i - 1), word);
            String before = wordBefore(text, word.start());
            if (FIRST_NAMES.contains(word.text())) {
                if ("st".equals(before) || "saint".equals(before)
                        || MONTHS.contains(word.text().toLowerCase(Locale.UK)) && BEFORE_MONTHS.contains(before)) {
                    continue;
                }
                if (next != null && !notAName(next.text()) && !KNOWN_PHRASES.contains(word.text() + " " + next.text())) {
                    Word last = next;
                    if (i + 2 < words.size() && together(text, next, words.get(i + 2)) && !notAName(words.get(i + 2).text())) {
                        last = words.get(i + 2);
                    }
                    found.add(finding(text, word.start(), last.end(),
                            "a name: '" + word.text() + "', a common first name, with a capitalised surname"));
                } else if (!ALSO_ORDINARY_WORDS.contains(word.text())) {
                    found.add(finding(text, word.start(), word.end(), "a name: '" + word.text() + "' is a common first name"));
                }
            } else if (next != null && startsARun && !atSentenceStart(text, word.start()) && !BEFORE_PLACES.contains(before)
                    && !notAName(word.text()) && !notAName(next.text())
                    && !STREET_WORDS.contains(next.text().toLowerCase(Locale.UK))
                    && (i + 2 >= words.size() || !together(text, next, words.get(i + 2)))) {
                found.add(finding(text, word.start(), next.end(), "a name: two capitalised words in the middle of a sentence"));
            }
        }
    }

    /** Two words next to each other, with only spaces between them (not a line break, a comma or a full stop). */
    private static boolean together(String text, Word first, Word second) {
        int gap = second.start() - first.end();
        return gap >= 1 && gap <= 2 && text.substring(first.end(), second.start()).chars().allMatch(c -> c == ' ' || c == '\u00a0');
    }

    private static boolean notAName(String word) {
        String lower = word.toLowerCase(Locale.UK);
        int possessive = Math.max(lower.indexOf('\''), lower.indexOf('’'));
        return NOT_NAMES.contains(lower) || possessive > 0 && NOT_NAMES.contains(lower.substring(0, possessive));
    }

    /** Whether the word at the index begins a sentence, a line or a heading. */
    static boolean atSentenceStart(String text, int index) {
        int i = index - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || "\"'“‘([".indexOf(text.charAt(i)) >= 0)) {
            i--;
        }
        return i < 0 || ".!?:;\n\r•*-–—".indexOf(text.charAt(i)) >= 0;
    }

    /** The word just before the index, in lower case; empty when punctuation or the start of the text comes first. */
    static String wordBefore(String text, int index) {
        int end = index;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
            start--;
        }
        return text.substring(start, end).replace(".", "").toLowerCase(Locale.UK);
    }

    private static Finding finding(String text, int start, int end, String reason) {
        return new Finding(Kind.NAME, start, end, text.substring(start, end), reason);
    }

    private static void lines(String resource, Consumer<String> line) {
        try (InputStream in = Names.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}
