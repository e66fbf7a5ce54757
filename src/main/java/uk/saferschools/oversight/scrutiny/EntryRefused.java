package uk.saferschools.oversight.scrutiny;

/**
 * Something entered on a scrutiny form refused, saying what to do, with the form field it is about, so that the
 * error summary links to that field rather than guessing it from the words of the message.
 */
final class EntryRefused extends IllegalArgumentException {

    private final String field;

    EntryRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The id of the form field the refusal is about. */
    String field() {
        return field;
    }

    /** The field a refusal is about, or {@code otherwise} when it does not say. */
    static String fieldOf(IllegalArgumentException e, String otherwise) {
        return e instanceof EntryRefused r ? r.field() : otherwise;
    }
}
