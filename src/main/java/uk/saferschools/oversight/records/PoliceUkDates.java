package uk.saferschools.oversight.records;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads police.uk dates ({@code 2022-01-31T18:45:00+00:00}). The common shape is checked by hand,
 * because a million {@link OffsetDateTime#parse} calls dominate an import; any other shape goes to the
 * full ISO parser, which has the last word.
 */
final class PoliceUkDates {

    private PoliceUkDates() {
    }

    /** A checked date: the calendar day as written, and the moment in seconds since 1970 UTC. */
    record Parsed(LocalDate day, long epochSecond) {
    }

    /** The calendar date as written, after checking the whole value is a real date and time with an offset. */
    static LocalDate dayOf(String value) {
        return parse(value).day();
    }

    static Parsed parse(String value) {
        if (value.length() == 25 && value.charAt(4) == '-' && value.charAt(7) == '-' && value.charAt(10) == 'T'
                && value.charAt(13) == ':' && value.charAt(16) == ':' && (value.charAt(19) == '+' || value.charAt(19) == '-')
                && value.charAt(22) == ':') {
            int year = digits(value, 0, 4);
            int month = digits(value, 5, 2);
            int day = digits(value, 8, 2);
            int hour = digits(value, 11, 2);
            int minute = digits(value, 14, 2);
            int second = digits(value, 17, 2);
            int offsetHours = digits(value, 20, 2);
            int offsetMinutes = digits(value, 23, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                    && minute <= 59 && second >= 0 && second <= 59 && offsetHours >= 0 && offsetHours <= 18
                    && offsetMinutes >= 0 && offsetMinutes <= 59
                    && day <= YearMonth.of(year, month).lengthOfMonth()) {
                LocalDate date = LocalDate.of(year, month, day);
                int offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (value.charAt(19) == '-' ? -1 : 1);
                return new Parsed(date, date.toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds);
            }
        }
        OffsetDateTime parsed = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return new Parsed(parsed.toLocalDate(), parsed.toEpochSecond());
    }

    /** The number in {@code length} digits from {@code start}, or -1 when they are not all digits. */
    private static int digits(String value, int start, int length) {
        int number = 0;
        for (int i = start; i < start + length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

}
