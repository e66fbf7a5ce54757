package uk.saferschools.oversight.identity;

import java.time.Instant;

/** One line of an account's history of being enabled and disabled. */
record StatusChange(boolean enabled, Instant changedAt, String changedBy, String reason) {
}
