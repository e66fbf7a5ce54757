package uk.saferschools.oversight.identity;

import java.time.Instant;

/** One line of an account's role history. */
record RoleGrant(Role role, Instant grantedAt, String grantedBy, Instant revokedAt, String revokedBy) {

    public boolean current() {
        return revokedAt == null;
    }
}
