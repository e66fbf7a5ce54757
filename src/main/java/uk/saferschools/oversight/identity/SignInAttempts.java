package uk.saferschools.oversight.identity;

import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;

/**
 * Counts failed sign-ins, locks an account after too many in a row, and records every sign-in and
 * failed sign-in in the audit trail. A failed attempt on a name that is no account is recorded
 * without the name, which is often a mistyped password.
 */
@Component
class SignInAttempts {

    private final Accounts accounts;
    private final AuditTrail auditTrail;
    private final IdentityProperties properties;

    SignInAttempts(Accounts accounts, AuditTrail auditTrail, IdentityProperties properties) {
        this.accounts = accounts;
        this.auditTrail = auditTrail;
        this.properties = properties;
    }

    @EventListener
    @Transactional
    public void succeeded(AuthenticationSuccessEvent event) {
        accounts.clearFailures(event.getAuthentication().getName());
        auditTrail.record(Actor.of(event.getAuthentication()), "SIGNED_IN",
                AccountAdministration.account(event.getAuthentication().getName()), null, null);
    }

    @EventListener
    @Transactional
    public void failed(AbstractAuthenticationFailureEvent event) {
        String username = String.valueOf(event.getAuthentication().getPrincipal());
        boolean known = accounts.byUsername(username).isPresent();
        String subject = known ? AccountAdministration.account(username) : "account:(no such account)";
        Actor actor = new Actor(known ? username : "(unknown)", "PUBLIC");
        String reason = switch (event.getException().getClass().getSimpleName()) {
            case "LockedException" -> "account locked after repeated failed sign-ins";
            case "DisabledException" -> "account disabled";
            default -> "wrong username or password";
        };
        if (known && event instanceof AuthenticationFailureBadCredentialsEvent) {
            IdentityProperties.SignIn rule = properties.signIn();
            boolean lockedNow = accounts.recordFailure(username, rule.maxFailures(), Instant.now().plus(rule.lockout()));
            if (lockedNow) {
                auditTrail.record(actor, "SIGN_IN_FAILED", subject, null, reason);
                auditTrail.record(Actor.SYSTEM, "ACCOUNT_LOCKED", subject, null,
                        "locked for " + rule.lockout().toMinutes() + " minutes after " + rule.maxFailures()
                                + " failed sign-ins in a row");
                return;
            }
        }
        auditTrail.record(actor, "SIGN_IN_FAILED", subject, null, reason);
    }
}
