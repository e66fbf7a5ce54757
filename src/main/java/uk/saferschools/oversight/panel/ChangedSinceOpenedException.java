package uk.saferschools.oversight.panel;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * An approval refused because the text changed after the approver opened it: a newer version was saved
 * in between, so what they read is not what they would approve. A 409 on the pages, which show the
 * latest text to read again.
 */
@ResponseStatus(HttpStatus.CONFLICT)
class ChangedSinceOpenedException extends RuntimeException {

    /**
     * @param what   what changed, such as "R-004" or "the minutes"
     * @param unit   what its versions are called: "version" or "revision"
     * @param read   the one the approver read (0 when the form did not say)
     * @param latest the one saved last
     */
    ChangedSinceOpenedException(String what, String unit, int read, int latest) {
        super("This changed since you opened it: " + what + " is now at " + unit + " " + latest + ", and you read " + unit + " "
                + read + ". Nothing was approved: read it again below, then decide");
    }

    private ChangedSinceOpenedException(String message) {
        super(message);
    }

    /**
     * An edit refused because someone else saved the same text after the editor opened it: saving would
     * silently replace their words. The page shows the latest text; the editor's own is not saved.
     */
    static ChangedSinceOpenedException edited(String what, String unit, int read, int latest) {
        return new ChangedSinceOpenedException("Someone else saved " + what + " after you opened it: it is now at " + unit
                + " " + latest + ", and you started from " + unit + " " + read + ". Your text was not saved, so that theirs "
                + "is not overwritten: read the latest text below, then make your change to it again");
    }
}
