package uk.saferschools.oversight.publication;

import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * A published count as a reader reads it, for the templates ({@code ${@counts.of(x)}}): a whole number
 * with thousands separators (1,993), anything else ([c] for withheld, an empty cell) as it is.
 */
@Component("counts")
class PublishedCounts {

    public String of(String shown) {
        if (shown == null || !shown.matches("-?\\d{1,18}")) {
            return shown;
        }
        return String.format(Locale.UK, "%,d", Long.parseLong(shown));
    }
}
