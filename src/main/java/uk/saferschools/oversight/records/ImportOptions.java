package uk.saferschools.oversight.records;

import java.time.YearMonth;
import uk.saferschools.oversight.audit.Actor;

/**
 * How to import a file.
 *
 * @param force              police force (police.uk files): overrides the file name
 * @param month              month (police.uk files): overrides the file name
 * @param quarantineInvalid  import the valid rows and keep the invalid ones for review, instead of rejecting the file
 * @param by                 who is importing, for the import history and the audit trail
 * @param demonstration      the file is demonstration data shipped with the product
 * @param synthetic          the file was made up by the demonstration data generator (not real records)
 */
public record ImportOptions(String force, YearMonth month, boolean quarantineInvalid, Actor by, boolean demonstration,
                            boolean synthetic) {

    public static ImportOptions by(Actor actor) {
        return new ImportOptions(null, null, false, actor, false, false);
    }

    public ImportOptions quarantiningInvalidRows() {
        return new ImportOptions(force, month, true, by, demonstration, synthetic);
    }

    public ImportOptions forForceAndMonth(String force, YearMonth month) {
        return new ImportOptions(force, month, quarantineInvalid, by, demonstration, synthetic);
    }

    public ImportOptions asDemonstration() {
        return new ImportOptions(force, month, quarantineInvalid, by, true, synthetic);
    }

    public ImportOptions asSynthetic() {
        return new ImportOptions(force, month, quarantineInvalid, by, true, true);
    }
}
