package uk.saferschools.oversight.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values a page puts in its forms, read as a browser would send them back. */
public final class FormFields {

    private FormFields() {
    }

    /** The value of the first hidden field called {@code name} on the page. */
    public static String hidden(String page, String name) {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(page);
        if (!m.find()) {
            throw new AssertionError("No hidden field " + name + " on the page");
        }
        return m.group(1);
    }
}
