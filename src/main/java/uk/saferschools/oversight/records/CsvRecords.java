package uk.saferschools.oversight.records;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A records file's CSV records, one at a time, for the import pipelines: a record that cannot be
 * parsed (a quote never closed, a field too long) ends them, and is told with the line it starts on.
 */
final class CsvRecords {

    /** Told of the first record that cannot be parsed, and the line it starts on. */
    @FunctionalInterface
    interface Unreadable {
        void at(long line, RuntimeException failure);
    }

    private final Iterator<CsvRecord> records;
    private long line;

    CsvRecords(CsvReader<CsvRecord> reader) {
        this.records = reader.iterator();
    }

    /** The next record, or null at the end of the file or where the rest cannot be parsed (told to {@code unreadable}). */
    CsvRecord next(Unreadable unreadable) {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CsvRecord record = records.next();
            line = record.getStartingLineNumber();
            return record;
        } catch (CsvParseException | UncheckedIOException e) {
            unreadable.at(line + 1, e);
            return null;
        }
    }

    /** The line the last record read starts on (0 before the first). */
    long line() {
        return line;
    }
}
