package uk.saferschools.oversight.web;

/**
 * Writes CSV cells that a spreadsheet will show as text and never run as a formula: a cell starting
 * with =, +, -, @, tab or carriage return gets a leading apostrophe (OWASP CSV injection guidance),
 * and every cell is quoted.
 */
public final class SafeCsv {

    private SafeCsv() {
    }

    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    public static String row(Object... values) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(values[i] instanceof Number ? values[i].toString() : cell(values[i] == null ? null : values[i].toString()));
        }
        return row.append("\r\n").toString();
    }
}
