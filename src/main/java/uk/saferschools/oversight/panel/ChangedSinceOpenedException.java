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

    ChangedSinceOpenedException(String what, int read, int latest) {
        super("This changed since you opened it: " + what + " is now at version " + latest + ", and you read version "
                + read + ". Nothing was approved. Read the latest version below before you approve it");
    }
}
