package uk.saferschools.oversight.identity;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks a sign-in against the accounts. Every refusal (no such account, wrong password, locked from this
 * address, address throttled, disabled) is the same {@link BadCredentialsException} with the same message,
 * and every attempt costs one bcrypt comparison, so that neither the answer nor its timing tells an
 * outsider which names are accounts or what state they are in (security review finding 7). Spring's own
 * provider checks "locked" and "disabled" before the password, which told both to anyone.
 */
@Component
class AccountAuthenticationProvider implements AuthenticationProvider {

    /** The one message for every refused sign-in; the sign-in page words it for people. */
    static final String REFUSED = "Wrong username or password, or sign-in refused";

    private final Accounts accounts;
    private final SignInAttempts attempts;
    private final PasswordEncoder passwordEncoder;
    /** Compared against when there is no account, so that an unknown name takes as long as a known one. */
    private final String unknownAccountHash;

    AccountAuthenticationProvider(Accounts accounts, SignInAttempts attempts, PasswordEncoder passwordEncoder) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.passwordEncoder = passwordEncoder;
        this.unknownAccountHash = passwordEncoder.encode(Passwords.generate());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName() == null ? "" : authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String address = address(authentication);
        Optional<Account> found = accounts.byUsername(username);
        boolean passwordRight = Passwords.matches(passwordEncoder, password, found.map(Account::passwordHash).orElse(unknownAccountHash));
        Account account = found.orElse(null);
        SignInAttempts.Refusal refusal = attempts.refusal(account, address);
        String reason = refusal != null ? refusal.reason
                : account == null ? "no such account"
                : !passwordRight ? "wrong password"
                : !account.enabled() ? "account disabled"
                : null;
        if (reason != null) {
            attempts.failed(account, address, reason);
            throw new BadCredentialsException(REFUSED);
        }
        attempts.succeeded(account, address);
        User principal = (User) User.withUsername(account.username())
                .password("")
                .authorities(account.roles().stream().map(Role::authority).toArray(String[]::new))
                .build();
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(
                principal, null, principal.getAuthorities());
        result.setDetails(authentication.getDetails());
        return result;
    }

    /** The client's address as the servlet container (or the forwarded-header filter behind a proxy) gives it. */
    static String address(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null) {
            return details.getRemoteAddress();
        }
        return "unknown";
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
