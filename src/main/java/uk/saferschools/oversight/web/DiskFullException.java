package uk.saferschools.oversight.web;

/**
 * Something was not saved because a disk is full; the message says, in plain words for the person who
 * sent it, what was not saved. Answered by {@link DatabaseTroublePages} with 507 and that message.
 */
public class DiskFullException extends RuntimeException {

    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
