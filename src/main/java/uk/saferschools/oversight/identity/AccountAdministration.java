package uk.saferschools.oversight.identity;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;

/**
 * Creating accounts, granting and revoking roles, disabling and enabling, and passwords. Every change
 * goes into the audit trail in the same transaction. Nothing is deleted.
 */
@Service
class AccountAdministration {

    private final Accounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final AuditTrail auditTrail;
    private final JdbcClient jdbc;
    private final AccountSessions sessions;
    private final SignInAttempts attempts;
    private final DemonstrationNotice demonstrationNotice;

    AccountAdministration(Accounts accounts, PasswordEncoder passwordEncoder, AuditTrail auditTrail,
                          JdbcClient jdbc, AccountSessions sessions,
                          SignInAttempts attempts, DemonstrationNotice demonstrationNotice) {
        this.demonstrationNotice = demonstrationNotice;
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.attempts = attempts;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.auditTrail = auditTrail;
    }

    /** Thrown when a request would break a rule; the message is for the person who asked. */
    static class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** An account whose holder chose (or was configured with) its password: no change is asked for at first sign-in. */
    @Transactional
    long create(Actor by, String username, String displayName, Set<Role> roles, String password, boolean demonstration) {
        return create(by, username, displayName, roles, password, demonstration, false);
    }

    /**
     * @param passwordMustChange the password was issued (shown to an administrator, or printed at first start):
     *                           its holder must choose their own before doing anything else
     */
    @Transactional
    long create(Actor by, String username, String displayName, Set<Role> roles, String password, boolean demonstration,
                boolean passwordMustChange) {
        if (accounts.byUsername(username).isPresent()) {
            throw new RefusedException("An account with the username " + username + " already exists");
        }
        if (roles.contains(Role.PUBLIC)) {
            throw new RefusedException("The public role belongs to everyone and cannot be granted");
        }
        long id = accounts.create(username, displayName, passwordEncoder.encode(password), demonstration, by.name());
        if (demonstration) {
            demonstrationNotice.demonstrationAccountMade();
        }
        if (passwordMustChange) {
            accounts.setPasswordMustChange(id, true);
        }
        for (Role role : roles) {
            accounts.grant(id, role, by.name());
        }
        auditTrail.record(by, "ACCOUNT_CREATED", account(username), null,
                "name: " + displayName + "; roles: " + Accounts.describeRoles(roles)
                        + (demonstration ? "; demonstration account" : "")
                        + (passwordMustChange ? "; must choose a new password at first sign-in" : ""));
        return id;
    }

    /**
     * Sets or clears the address for the account's daily digest. The trail records both addresses
     * (security review finding 17): the digest carries titles of drafts and papers, so the auditors must be
     * able to see where it was sent. The audit trail is read only by auditors, who may see the addresses.
     */
    @Transactional
    void setEmail(Actor by, long accountId, String email) {
        Account account = existing(accountId);
        String address = email == null || email.isBlank() ? null : email.strip();
        if (address != null && (address.length() > 254 || !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw new RefusedException("Enter an email address such as name@example.org, or leave it blank");
        }
        String before = jdbc.sql("select email from account where id = ?").param(accountId).query(String.class).optional().orElse(null);
        jdbc.sql("update account set email = ? where id = ?").params(address, accountId).update();
        if (Objects.equals(before, address)) {
            return;
        }
        auditTrail.record(by, "ACCOUNT_EMAIL_SET", account(account.username()), "email: " + (before == null ? "none" : before),
                "email: " + (address == null ? "none" : address));
    }

    String email(long accountId) {
        return jdbc.sql("select email from account where id = ?").param(accountId).query(String.class).optional().orElse(null);
    }

    @Transactional
    void changeRoles(Actor by, long accountId, Set<Role> wanted) {
        Account account = existing(accountId);
        if (wanted.contains(Role.PUBLIC)) {
            throw new RefusedException("The public role belongs to everyone and cannot be granted");
        }
        if (account.username().equalsIgnoreCase(by.name()) && account.roles().contains(Role.ADMINISTRATOR)
                && !wanted.contains(Role.ADMINISTRATOR)) {
            throw new RefusedException("You cannot remove your own administrator role: ask another administrator");
        }
        Set<Role> before = account.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(account.roles());
        if (before.equals(wanted)) {
            return;
        }
        for (Role role : before) {
            if (!wanted.contains(role)) {
                accounts.revoke(accountId, role, by.name());
            }
        }
        for (Role role : wanted) {
            if (!before.contains(role)) {
                accounts.grant(accountId, role, by.name());
            }
        }
        auditTrail.record(by, "ROLES_CHANGED", account(account.username()), "roles: " + Accounts.describeRoles(before),
                "roles: " + Accounts.describeRoles(wanted));
        // a session keeps the roles of its sign-in: the new ones apply from the next sign-in
        sessions.endAll(account.username());
    }

    @Transactional
    void disable(Actor by, long accountId, String reason) {
        Account account = existing(accountId);
        if (account.username().equalsIgnoreCase(by.name())) {
            throw new RefusedException("You cannot disable your own account");
        }
        if (!account.enabled()) {
            return;
        }
        accounts.setEnabled(accountId, false, by.name(), reason);
        auditTrail.record(by, "ACCOUNT_DISABLED", account(account.username()), "enabled",
                "disabled" + (reason == null || reason.isBlank() ? "" : "; reason: " + reason));
        sessions.endAll(account.username());
    }

    @Transactional
    void enable(Actor by, long accountId, String reason) {
        Account account = existing(accountId);
        if (account.enabled()) {
            return;
        }
        accounts.setEnabled(accountId, true, by.name(), reason);
        attempts.unlock(accountId);
        auditTrail.record(by, "ACCOUNT_ENABLED", account(account.username()), "disabled",
                "enabled" + (reason == null || reason.isBlank() ? "" : "; reason: " + reason));
    }

    /**
     * Sets a new random password, lifts any lock-out, ends every session of the account (the reset may
     * follow a suspected compromise), and returns the password to be shown once. Its holder must choose
     * their own at the next sign-in.
     */
    @Transactional
    String resetPassword(Actor by, long accountId) {
        Account account = existing(accountId);
        String password = Passwords.generate();
        accounts.setPasswordHash(accountId, passwordEncoder.encode(password));
        accounts.setPasswordMustChange(accountId, true);
        attempts.unlock(accountId);
        auditTrail.record(by, "PASSWORD_RESET", account(account.username()), null,
                "new password issued by an administrator; to be changed at the next sign-in; sessions ended");
        sessions.endAll(account.username());
        return password;
    }

    @Transactional
    void unlock(Actor by, long accountId) {
        Account account = existing(accountId);
        attempts.unlock(accountId);
        auditTrail.record(by, "ACCOUNT_UNLOCKED", account(account.username()), "locked after failed sign-ins", "unlocked");
    }

    /**
     * The signed-in person changes their own password, proving they know the current one. A wrong current
     * password counts as a failed sign-in from {@code address} (a stolen session cannot guess without
     * limit), and once that address is locked out of the account the form refuses too. Every other session
     * of the account ends; {@code currentSessionId}, the one in use, is kept (the caller gives it a new id).
     */
    @Transactional
    void changeOwnPassword(Actor by, String currentPassword, String newPassword, String address, String currentSessionId) {
        Account account = accounts.byUsername(by.name())
                .orElseThrow(() -> new RefusedException("Your account could not be found"));
        boolean right = Passwords.matches(passwordEncoder, currentPassword, account.passwordHash());
        SignInAttempts.Refusal refusal = attempts.refusal(account, address);
        if (refusal != null || !right) {
            attempts.failed(account, address, refusal != null ? refusal.reason
                    : "wrong current password on the change-password page");
            throw new RefusedException(refusal != null || attempts.refusal(account, address) != null
                    ? "Too many wrong passwords. Try again in " + attempts.lockout().toMinutes()
                            + " minutes, or ask an administrator to issue a new password."
                    : "Your current password is not right");
        }
        String problem = Passwords.problemWith(newPassword, account.username());
        if (problem != null) {
            throw new RefusedException(problem);
        }
        accounts.setPasswordHash(account.id(), passwordEncoder.encode(newPassword));
        accounts.setPasswordMustChange(account.id(), false);
        auditTrail.record(by, "PASSWORD_CHANGED", account(account.username()), null,
                "changed by the account holder; their other sessions ended");
        sessions.endAllBut(account.username(), currentSessionId);
    }

    /** Whether the account must choose a new password before it may do anything else. */
    boolean passwordMustChange(String username) {
        return accounts.passwordMustChange(username);
    }

    private Account existing(long accountId) {
        return accounts.byId(accountId).orElseThrow(() -> new RefusedException("There is no account " + accountId));
    }

    static String account(String username) {
        return "account:" + username;
    }
}
