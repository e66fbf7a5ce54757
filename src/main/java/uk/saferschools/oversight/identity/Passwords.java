package uk.saferschools.oversight.identity;

import java.security.SecureRandom;

/** Random passwords for new accounts and resets, and the rule for passwords people choose. */
final class Passwords {

    /** Long passphrases beat complexity rules (NCSC password guidance); 12 is the least we accept. */
    static final int MINIMUM_LENGTH = 12;

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
        if (password.length() > 128) {
            return "Enter a password of 128 characters or fewer";
        }
        if (username != null && password.toLowerCase().contains(username.toLowerCase())) {
            return "Enter a password that does not contain your username";
        }
        return null;
    }
}
