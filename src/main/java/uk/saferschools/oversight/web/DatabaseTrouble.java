package uk.saferschools.oversight.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What kind of trouble with the database (or the disk under it) an exception tells of, if any: the two
 * faults a person can do nothing about but wait, and which the service answers in plain words
 * ({@link DatabaseTroublePages}) instead of with an error of the service.
 */
public enum DatabaseTrouble {

    /**
     * The database cannot be reached, or is shutting down or starting: PostgreSQL's SQLSTATE classes 08
     * (connection exception) and 57P01 to 57P03 (shutdown, crash, cannot connect now), or no connection
     * from the pool in time.
     */
    UNREACHABLE,

    /** A disk is full: PostgreSQL's SQLSTATE 53100 (disk_full), or ENOSPC writing a file of ours. */
    DISK_FULL;

    /** The trouble {@code failure} (or any of its causes) tells of, if it is one of these. */
    public static Optional<DatabaseTrouble> of(Throwable failure) {
        DatabaseTrouble found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DiskFullException || diskFull(t)) {
                return Optional.of(DISK_FULL);
            }
            if (t instanceof SQLTransientConnectionException || t instanceof DataAccessResourceFailureException
                    || (t instanceof SQLException sql && unreachable(sql))) {
                found = UNREACHABLE;
            }
            // a rollback that failed (its connection was cut) hides the failure that made it roll back
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                Optional<DatabaseTrouble> first = of(rollback.getApplicationException());
                if (first.isPresent() && (found == null || first.get() == DISK_FULL)) {
                    found = first.get();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code failure} or any of its causes says a disk is full. */
    public static boolean isDiskFull(Throwable failure) {
        return of(failure).filter(DISK_FULL::equals).isPresent();
    }

    private static boolean diskFull(Throwable t) {
        if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
            return true;
        }
        // Java names ENOSPC only in the message: "No space left on device"
        return t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device");
    }

    private static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // HikariCP's words for a connection it has already closed (because the server cut it), with no SQLSTATE
            return "Connection is closed".equals(e.getMessage());
        }
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
