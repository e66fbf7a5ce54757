package uk.saferschools.oversight.identity;

import java.util.EnumSet;
import java.util.Set;
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
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    AccountAdministration(Accounts accounts, PasswordEncoder passwordEncoder, AuditTrail auditTrail,
                          org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    @Transactional
    long create(Actor by, String username, String displayName, Set<Role> roles, String password, boolean demonstration) {
        if (accounts.byUsername(username).isPresent()) {
            throw new RefusedException("An account with the username " + username + " already exists");
        }
        if (roles.contains(Role.PUBLIC)) {
            throw new RefusedException("The public role belongs to everyone and cannot be granted");
        }
        long id = accounts.create(username, displayName, passwordEncoder.encode(password), demonstration, by.name());
        for (Role role : roles) {
            accounts.grant(id, role, by.name());
        }
        auditTrail.record(by, "ACCOUNT_CREATED", account(username), null,
                "name: " + displayName + "; roles: " + Accounts.describeRoles(roles)
                        + (demonstration ? "; demonstration account" : ""));
        return id;
    }

    /** Sets or clears the address for the account's daily digest. */
    @Transactional
    void setEmail(Actor by, long accountId, String email) {
        Account account = existing(accountId);
        String address = email == null || email.isBlank() ? null : email.strip();
        if (address != null && (address.length() > 254 || !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw new RefusedException("Enter an email address such as name@example.org, or leave it blank");
        }
        String before = jdbc.sql("select email from account where id = ?").param(accountId).query(String.class).optional().orElse(null);
        jdbc.sql("update account set email = ? where id = ?").params(address, accountId).update();
        auditTrail.record(by, "ACCOUNT_EMAIL_SET", account(account.username()), before == null ? "none" : "set",
                address == null ? "none" : "set");
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
    }

    @Transactional
    void enable(Actor by, long accountId, String reason) {
        Account account = existing(accountId);
        if (account.enabled()) {
            return;
        }
        accounts.setEnabled(accountId, true, by.name(), reason);
        accounts.clearFailures(account.username());
        auditTrail.record(by, "ACCOUNT_ENABLED", account(account.username()), "disabled",
                "enabled" + (reason == null || reason.isBlank() ? "" : "; reason: " + reason));
    }

    /** Sets a new random password, lifts any lock-out, and returns the password to be shown once. */
    @Transactional
    String resetPassword(Actor by, long accountId) {
        Account account = existing(accountId);
        String password = Passwords.generate();
        accounts.setPasswordHash(accountId, passwordEncoder.encode(password));
        accounts.clearFailures(account.username());
        auditTrail.record(by, "PASSWORD_RESET", account(account.username()), null, "new password issued by an administrator");
        return password;
    }

    @Transactional
    void unlock(Actor by, long accountId) {
        Account account = existing(accountId);
        accounts.clearFailures(account.username());
        auditTrail.record(by, "ACCOUNT_UNLOCKED", account(account.username()), "locked after failed sign-ins", "unlocked");
    }

    /** The signed-in person changes their own password, proving they know the current one. */
    @Transactional
    void changeOwnPassword(Actor by, String currentPassword, String newPassword) {
        Account account = accounts.byUsername(by.name())
                .orElseThrow(() -> new RefusedException("Your account could not be found"));
        if (!passwordEncoder.matches(currentPassword, account.passwordHash())) {
            throw new RefusedException("Your current password is not right");
        }
        String problem = Passwords.problemWith(newPassword, account.username());
        if (problem != null) {
            throw new RefusedException(problem);
        }
        accounts.setPasswordHash(account.id(), passwordEncoder.encode(newPassword));
        auditTrail.record(by, "PASSWORD_CHANGED", account(account.username()), null, "changed by the account holder");
    }

    private Account existing(long accountId) {
        return accounts.byId(accountId).orElseThrow(() -> new RefusedException("There is no account " + accountId));
    }

    static String account(String username) {
        return "account:" + username;
    }
}
