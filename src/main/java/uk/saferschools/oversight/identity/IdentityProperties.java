package uk.saferschools.oversight.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminPassword       the first administrator's password ({@code OVERSIGHT_ADMIN_PASSWORD}); blank: random, printed once
 * @param demoPassword        the demonstration accounts' password ({@code OVERSIGHT_DEMO_PASSWORD}); blank: random, printed once
 * @param demonstrationData   {@code auto} (load on an empty embedded database), {@code true} or {@code false}
 * @param signIn              lock-out after repeated failures
 */
@ConfigurationProperties("oversight.identity")
record IdentityProperties(String adminPassword, String demoPassword, String demonstrationData, SignIn signIn) {

    IdentityProperties {
        demonstrationData = demonstrationData == null || demonstrationData.isBlank() ? "auto" : demonstrationData.trim();
        signIn = signIn == null ? new SignIn(5, Duration.ofMinutes(15)) : signIn;
    }

    /**
     * @param maxFailures failed sign-ins in a row that lock an account
     * @param lockout     how long it stays locked
     */
    record SignIn(int maxFailures, Duration lockout) {
    }
}
