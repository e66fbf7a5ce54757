package uk.saferschools.oversight.identity;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;

/**
 * Throttles failed sign-ins (and wrong current passwords on the change-password page) per account and
 * client address, and per address; and writes them to the audit trail without letting anyone grow it
 * at will. See docs/adr/0011-sessions-and-sign-in.md.
 *
 * <ul>
 * <li>{@code maxFailures} failures in a row for one account from one address refuse that account from
 * that address for {@code lockout}. Other addresses are not affected, so no one can keep an account
 * locked for its holder.</li>
 * <li>{@code maxFailuresPerAddress} failures from one address, to any names, within {@code lockout},
 * refuse every sign-in from that address until they age out, so no address can try one password
 * against every account.</li>
 * <li>Per account (and once for all names that are no account) at most one {@code SIGN_IN_FAILED} and
 * one {@code ACCOUNT_LOCKED} entry per {@code lockout} period; the further failures are only counted in
 * {@code sign_in_failure}. A name that is no account is never kept: it is often a mistyped password.</li>
 * </ul>
 */
@Component
class SignInAttempts {

    static final String SIGN_IN_FAILED = "SIGN_IN_FAILED";
    static final String ACCOUNT_LOCKED = "ACCOUNT_LOCKED";

    /** Why an attempt is refused before its password counts; never shown to the person signing in. */
    enum Refusal {
        ADDRESS_THROTTLED("too many failed sign-ins from this client address"),
        LOCKED_FROM_ADDRESS("account locked from this client address after repeated failed sign-ins");

        final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    private final Accounts accounts;
    private final AuditTrail auditTrail;
    private final IdentityProperties.SignIn rule;
    private final JdbcClient jdbc;

    SignInAttempts(Accounts accounts, AuditTrail auditTrail, IdentityProperties properties, JdbcClient jdbc) {
        this.accounts = accounts;
        this.auditTrail = auditTrail;
        this.rule = properties.signIn();
        this.jdbc = jdbc;
    }

    /** Whether an attempt from {@code address} on {@code account} (null: no such account) is refused whatever its password. */
    Refusal refusal(Account account, String address) {
        OffsetDateTime since = since();
        long fromAddress = jdbc.sql("""
                select count(*) from sign_in_failure
                where client_address = ? and failed_at > ? and recorded_as is distinct from ?""")
                .params(address, since, ACCOUNT_LOCKED).query(Long.class).single();
        if (fromAddress >= rule.maxFailuresPerAddress()) {
            return Refusal.ADDRESS_THROTTLED;
        }
        if (account != null && pairFailures(account.id(), address, since) >= rule.maxFailures()) {
            return Refusal.LOCKED_FROM_ADDRESS;
        }
        return null;
    }

    /** Counts a failed attempt, locks the account from this address when it is one too many, and records it if it is the first of its period. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void failed(Account account, String address, String reason) {
        OffsetDateTime since = since();
        jdbc.sql("delete from sign_in_failure where failed_at <= ?").param(since).update();
        Long accountId = account == null ? null : account.id();
        boolean first = !recordedSince(accountId, SIGN_IN_FAILED, since);
        jdbc.sql("insert into sign_in_failure (account_id, client_address, recorded_as) values (?, ?, ?)")
                .params(accountId, address, first ? SIGN_IN_FAILED : null).update();
        String subject = account == null ? "account:(no such account)" : AccountAdministration.account(account.username());
        Actor actor = new Actor(account == null ? "(unknown)" : account.username(), "PUBLIC");
        if (first) {
            auditTrail.record(actor, SIGN_IN_FAILED, subject, null, reason + "; from " + address
                    + "; further failures " + (account == null ? "on names that are no account" : "on this account")
                    + " in the next " + minutes(rule.lockout()) + " are counted, not recorded one by one");
        }
        if (account != null && pairFailures(account.id(), address, since) >= rule.maxFailures()) {
            accounts.lockedUntil(account.id(), Instant.now().plus(rule.lockout()));
            if (!recordedSince(accountId, ACCOUNT_LOCKED, since)) {
                // a marker, not a failure: it is left out of every count
                jdbc.sql("insert into sign_in_failure (account_id, client_address, recorded_as) values (?, ?, ?)")
                        .params(accountId, address, ACCOUNT_LOCKED).update();
                auditTrail.record(Actor.SYSTEM, ACCOUNT_LOCKED, subject, null, "sign-in from " + address
                        + " refused for " + minutes(rule.lockout()) + " after " + rule.maxFailures()
                        + " failed attempts in a row; other addresses are not affected");
            }
        }
    }

    /** A right password from this address forgives the failures from it, and is recorded. */
    @Transactional
    void succeeded(Account account, String address) {
        jdbc.sql("delete from sign_in_failure where account_id = ? and client_address = ? and recorded_as is distinct from ?")
                .params(account.id(), address, ACCOUNT_LOCKED).update();
        String roles = account.roles().stream().map(Role::name).sorted().collect(Collectors.joining(","));
        auditTrail.record(new Actor(account.username(), roles), "SIGNED_IN",
                AccountAdministration.account(account.username()), null, "from " + address);
    }

    /** A sign-out is recorded, so the trail shows when each session was ended by its holder. */
    @Transactional
    void signedOut(Authentication authentication, String address) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return;
        }
        auditTrail.record(Actor.of(authentication), "SIGNED_OUT",
                AccountAdministration.account(authentication.getName()), null, "from " + address);
    }

    /** An administrator lifts every lock on the account, from every address. */
    @Transactional
    void unlock(long accountId) {
        jdbc.sql("delete from sign_in_failure where account_id = ?").param(accountId).update();
        accounts.clearLock(accountId);
    }

    Duration lockout() {
        return rule.lockout();
    }

    private long pairFailures(long accountId, String address, OffsetDateTime since) {
        return jdbc.sql("""
                select count(*) from sign_in_failure
                where account_id = ? and client_address = ? and failed_at > ? and recorded_as is distinct from ?""")
                .params(accountId, address, since, ACCOUNT_LOCKED).query(Long.class).single();
    }

    private boolean recordedSince(Long accountId, String recordedAs, OffsetDateTime since) {
        return jdbc.sql("""
                select exists (select 1 from sign_in_failure
                               where account_id is not distinct from ? and recorded_as = ? and failed_at > ?)""")
                .params(accountId, recordedAs, since).query(Boolean.class).single();
    }

    private OffsetDateTime since() {
        return OffsetDateTime.ofInstant(Instant.now().minus(rule.lockout()), ZoneOffset.UTC);
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " minutes";
    }
}
