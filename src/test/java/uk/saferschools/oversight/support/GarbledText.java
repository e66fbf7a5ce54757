package uk.saferschools.oversight.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds a "?" (or the Unicode replacement character) standing in for a character in text a reader sees. */
public final class GarbledText {

    /**
     * A "?" standing in for a character: between two letters ("borough?s"), between two digits, alone
     * between spaces or in a cell of its own ("?"), or the Unicode replacement character. A question mark
     * that ends a question ("What is there?") follows a letter and is followed by a space or the end, so is
     * not matched.
     */
    static final Pattern STAND_IN = Pattern.compile("\\p{L}\\?\\p{L}|(^|\\s)\\?(\\s|$)|\\d\\?\\d|\uFFFD");

    private GarbledText() {
    }

    /** Each place in {@code text} where a "?" stands in for a character, with a little of the text around it. */
    public static List<String> standIns(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = STAND_IN.matcher(text);
        while (m.find()) {
            found.add("…" + text.substring(Math.max(0, m.start() - 30), Math.min(text.length(), m.end() + 30)) + "…");
        }
        return found;
    }
}
