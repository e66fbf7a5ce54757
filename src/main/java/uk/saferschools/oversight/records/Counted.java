package uk.saferschools.oversight.records;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * Counts as people read them in the import summaries, on the analyst's pages and on the command line:
 * with thousands separators ("13,996") and the noun agreeing with the number ("1 problem", "2 problems").
 */
final class Counted {

    private Counted() {
    }

    /** The number with thousands separators, as in British English: 13,996. */
    static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.UK).format(n);
    }

    /** The number and its noun, singular for exactly one: "1 problem", "13,996 problems", "0 problems". */
    static String of(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }
}
