package uk.saferschools.oversight.identity;

import java.time.Instant;
import java.util.Set;

/** A person's account. Never deleted: disabled instead. */
record Account(long id, String username, String displayName, String passwordHash, boolean enabled,
               boolean demonstration, boolean passwordMustChange, Instant lockedUntil, Instant createdAt,
               String createdBy, Set<Role> roles) {

    /** Whether sign-in is refused from at least one client address after failed attempts from it. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
