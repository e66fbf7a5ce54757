package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Security review finding 7: an unknown name, a disabled account, a locked one and a wrong password get
 * the same answer, and each costs one bcrypt comparison, so that neither the words nor the time of the
 * answer tell an outsider which names are accounts or what state they are in. Counted on the real
 * encoder and the real accounts and attempts in PostgreSQL.
 */
@OversightTest
class RefusingEverySignInAtTheSameCostTest {

    static final String PASSWORD = "the holder's own passphrase";

    @Autowired
    Accounts accounts;
    @Autowired
    SignInAttempts attempts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    AccountAdministration administration;

    /** The application's own encoder, counting its comparisons. */
    final class CountingEncoder implements PasswordEncoder {
        final AtomicInteger comparisons = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return encoder.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            comparisons.incrementAndGet();
            return encoder.matches(raw, encoded);
        }
    }

    private static UsernamePasswordAuthenticationToken attempt(String username, String password, String address) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(username, password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }

    /** The message of the refusal, having checked that it cost exactly one comparison. */
    private String refusedAtTheCostOfOneComparison(String username, String password, String address) {
        CountingEncoder counting = new CountingEncoder();
        AccountAuthenticationProvider provider = new AccountAuthenticationProvider(accounts, attempts, counting);
        counting.comparisons.set(0);
        var thrown = Assertions.catchThrowableOfType(BadCredentialsException.class,
                () -> provider.authenticate(attempt(username, password, address)));
        assertThat(thrown).as(username + " is refused").isNotNull();
        assertThat(counting.comparisons.get()).as("bcrypt comparisons for " + username).isEqualTo(1);
        return thrown.getMessage();
    }

    private String holder(boolean enabled) {
        String username = "cost-" + UUID.randomUUID().toString().substring(0, 8);
        long id = administration.create(Actor.SYSTEM, username, "Holder", Set.of(Role.PANEL_MEMBER), PASSWORD, false);
        if (!enabled) {
            accounts.setEnabled(id, false, "test", "left the panel");
        }
        return username;
    }

    @Test
    void unknown_disabled_locked_and_wrong_password_sign_ins_cost_one_comparison_and_get_one_answer() {
        String address = "198.51.100." + (int) (Math.random() * 200 + 20);
        String unknown = refusedAtTheCostOfOneComparison("nobody-" + UUID.randomUUID(), PASSWORD, address);
        String disabled = refusedAtTheCostOfOneComparison(holder(false), PASSWORD, address);
        String wrong = refusedAtTheCostOfOneComparison(holder(true), "not the passphrase", address);

        String locked = holder(true);
        String lockedAddress = "203.0.113." + (int) (Math.random() * 200 + 20);
        for (int i = 0; i < 5; i++) {
            refusedAtTheCostOfOneComparison(locked, "a wrong guess " + i, lockedAddress);
        }
        String lockedAnswer = refusedAtTheCostOfOneComparison(locked, PASSWORD, lockedAddress);

        assertThat(List.of(unknown, disabled, wrong, lockedAnswer)).as("one answer for every refusal").containsOnly(unknown);
        // the right password from another address still signs in: the lock is of that address only
        CountingEncoder counting = new CountingEncoder();
        assertThat(new AccountAuthenticationProvider(accounts, attempts, counting)
                .authenticate(attempt(locked, PASSWORD, "192.0.2.77")).isAuthenticated()).isTrue();
        assertThat(counting.comparisons.get()).isEqualTo(1);
        assertThatThrownBy(() -> new AccountAuthenticationProvider(accounts, attempts, counting)
                .authenticate(attempt(locked, PASSWORD, lockedAddress))).isInstanceOf(BadCredentialsException.class);
    }
}
