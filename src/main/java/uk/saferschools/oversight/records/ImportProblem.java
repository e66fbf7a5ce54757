package uk.saferschools.oversight.records;

/**
 * One thing wrong with an input file, precisely enough to find and fix it.
 *
 * @param file     the file's name
 * @param line     1-based line number; 0 when the problem is with the file as a whole
 * @param column   1-based column number; 0 when the problem is with the whole line or file
 * @param field    the column's name, or empty
 * @param value    what was found (shortened when long)
 * @param expected what was expected instead
 */
record ImportProblem(String file, long line, int column, String field, String value, String expected) {

    static final int VALUE_LIMIT = 200;

    public ImportProblem {
        value = value == null ? "" : value.length() > VALUE_LIMIT ? value.substring(0, VALUE_LIMIT) + "…" : value;
        field = field == null ? "" : field;
    }

    static ImportProblem ofFile(String file, String found, String expected) {
        return new ImportProblem(file, 0, 0, "", found, expected);
    }

    /** E.g. {@code 2016-06-metropolitan-stop-and-search.csv line 12, column 8 (Age range): found "Under 10"; expected one of …}. */
    public String message() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(" line ").append(line);
        }
        if (column > 0) {
            text.append(line > 0 ? ", " : " ").append("column ").append(column);
            if (!field.isEmpty()) {
                text.append(" (").append(field).append(')');
            }
        }
        text.append(": ");
        if (!value.isEmpty()) {
            text.append("found \"").append(value).append("\"; ");
        }
        return text.append("expected ").append(expected).toString();
    }
}
