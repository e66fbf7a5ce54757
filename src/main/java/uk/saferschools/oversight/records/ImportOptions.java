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
 */
public record ImportOptions(String force, YearMonth month, boolean quarantineInvalid, Actor by, boolean demonstration) {

    public static ImportOptions by(Actor actor) {
        return new ImportOptions(null, null, false, actor, false);
    }

    public ImportOptions quarantiningInvalidRows() {
        return new ImportOptions(force, month, true, by, demonstration);
    }

    public ImportOptions forForceAndMonth(String force, YearMonth month) {
        return new ImportOptions(force, month, quarantineInvalid, by, demonstration);
    }

    public ImportOptions asDemonstration() {
        return new ImportOptions(force, month, quarantineInvalid, by, true);
    }
}
