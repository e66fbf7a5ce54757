package uk.saferschools.oversight.identity;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminPassword       the first administrator's password ({@code OVERSIGHT_ADMIN_PASSWORD}); blank: random,
 *                            printed once, and to be changed at first sign-in
 * @param demoPassword        no longer used: the single password all demonstration accounts once shared
 *                            ({@code OVERSIGHT_DEMO_PASSWORD}); a warning at start says so when it is set
 * @param demoPasswords       each demonstration account's password, by username
 *                            ({@code OVERSIGHT_DEMO_CHAIR_PASSWORD} and so on); blank: random, printed once
 * @param demonstrationData   {@code auto} (load on an empty embedded database), {@code true} or {@code false}
 * @param signIn              throttling of failed sign-ins
 * @param session             how long a session may last
 */
@ConfigurationProperties("oversight.identity")
record IdentityProperties(String adminPassword, String demoPassword, Map<String, String> demoPasswords,
                          String demonstrationData, SignIn signIn, Session session) {

    IdentityProperties {
        demoPasswords = demoPasswords == null ? Map.of() : Map.copyOf(demoPasswords);
        demonstrationData = demonstrationData == null || demonstrationData.isBlank() ? "auto" : demonstrationData.trim();
        signIn = signIn == null ? new SignIn(5, Duration.ofMinutes(15), 30) : signIn;
        session = session == null ? new Session(Duration.ofHours(12)) : session;
    }

    /**
     * @param maxFailures           failed sign-ins in a row, for one account from one client address, after which
     *                              sign-in to that account from that address is refused for {@code lockout}
     * @param lockout               how long; also the period over which failures are counted and over which
     *                              repeated failures are written to the audit trail as one entry
     * @param maxFailuresPerAddress failed sign-ins from one client address, to any names, within {@code lockout},
     *                              after which every sign-in from that address is refused until they age out
     */
    record SignIn(int maxFailures, Duration lockout, int maxFailuresPerAddress) {

        SignIn {
            lockout = lockout == null ? Duration.ofMinutes(15) : lockout;
            maxFailures = maxFailures <= 0 ? 5 : maxFailures;
            maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 30 : maxFailuresPerAddress;
        }
    }

    /** @param absoluteLifetime a session older than this is ended whatever its idle time */
    record Session(Duration absoluteLifetime) {

        Session {
            absoluteLifetime = absoluteLifetime == null ? Duration.ofHours(12) : absoluteLifetime;
        }
    }
}
