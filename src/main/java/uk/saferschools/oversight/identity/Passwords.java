package uk.saferschools.oversight.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Random passwords for new accounts and resets, and the rule for passwords people choose. */
final class Passwords {

    /** Long passphrases beat complexity rules (NCSC password guidance); 12 is the least we accept. */
    static final int MINIMUM_LENGTH = 12;

    /** bcrypt reads at most 72 bytes of UTF-8, and Spring Security refuses longer input with an exception. */
    static final int MAXIMUM_BYTES = 72;

    // No 0/O, 1/l/I: these are read off a screen and typed.
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom random = new SecureRandom();

    private Passwords() {
    }

    /** Four groups of five characters, about 115 bits: {@code k7mqA-3xptR-…}. */
    static String generate() {
        StringBuilder password = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            if (group > 0) {
                password.append('-');
            }
            for (int i = 0; i < 5; i++) {
                password.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
        }
        return password.toString();
    }

    /** Why a chosen password is not acceptable, or null when it is. */
    static String problemWith(String password, String username) {
        if (password == null || password.length() < MINIMUM_LENGTH) {
            return "Enter a password of at least " + MINIMUM_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAXIMUM_BYTES) {
            return "Enter a password of " + MAXIMUM_BYTES + " characters or fewer (fewer if it has accents or symbols)";
        }
        if (username != null && password.toLowerCase().contains(username.toLowerCase())) {
            return "Enter a password that does not contain your username";
        }
        return null;
    }

    /**
     * Whether {@code raw} is the password of {@code hash}. A password bcrypt cannot take (over 72 bytes) is
     * simply wrong, after the same work as any other, rather than an error page.
     */
    static boolean matches(PasswordEncoder encoder, String raw, String hash) {
        if (raw == null || raw.getBytes(StandardCharsets.UTF_8).length > MAXIMUM_BYTES) {
            encoder.matches("-", hash);
            return false;
        }
        return encoder.matches(raw, hash);
    }
}
