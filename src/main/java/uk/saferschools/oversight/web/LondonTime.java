package uk.saferschools.oversight.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Times on pages are London times, written the GOV.UK way: "28 November 2026 at 5:46pm". */
@Component("londonTime")
public class LondonTime {

    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK);

    public String format(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DATE_TIME.format(instant.atZone(LONDON)).replace("AM", "am").replace("PM", "pm");
    }
}
