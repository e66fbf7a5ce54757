package uk.saferschools.oversight.database;

/**
 * Another oversight command, one that does not share its database, holds the embedded database.
 * The message says which command and process, and what to do.
 */
public class EmbeddedDatabaseBusyException extends RuntimeException {

    EmbeddedDatabaseBusyException(String message) {
        super(message);
    }
}
