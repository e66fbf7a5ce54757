package uk.saferschools.oversight.identity;

import java.time.Instant;
import java.util.Set;

/** A person's account. Never deleted: disabled instead. */
public record Account(long id, String username, String displayName, String passwordHash, boolean enabled,
               boolean demonstration, int failedSignIns, Instant lockedUntil, Instant createdAt, String createdBy,
               Set<Role> roles) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
