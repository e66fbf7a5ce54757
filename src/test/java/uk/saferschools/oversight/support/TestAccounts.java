package uk.saferschools.oversight.support;

/**
 * The accounts every test application starts with (see FirstStart), and their test-only passwords: each
 * its own, as in production, and each passing the password rule (configured passwords that do not stop
 * the application starting).
 */
public final class TestAccounts {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-first-start-passphrase-1";

    public static final String CHAIR = "demo-chair";
    public static final String MEMBER = "demo-member";
    public static final String SECRETARIAT = "demo-secretariat";
    public static final String ANALYST = "demo-analyst";
    public static final String LIAISON = "demo-liaison";
    public static final String AUDITOR = "demo-auditor";
    public static final String ADMINISTRATOR = "demo-administrator";

    public static final String CHAIR_PASSWORD = "test-chair-passphrase-1";
    public static final String MEMBER_PASSWORD = "test-member-passphrase-1";
    public static final String SECRETARIAT_PASSWORD = "test-secretariat-passphrase-1";
    public static final String ANALYST_PASSWORD = "test-analyst-passphrase-1";
    public static final String LIAISON_PASSWORD = "test-liaison-passphrase-1";
    public static final String AUDITOR_PASSWORD = "test-auditor-passphrase-1";
    public static final String ADMINISTRATOR_PASSWORD = "test-administrator-passphrase-1";

    private TestAccounts() {
    }

    /** The test password of any of the accounts above. */
    public static String passwordOf(String username) {
        return switch (username) {
            case ADMIN -> ADMIN_PASSWORD;
            case CHAIR -> CHAIR_PASSWORD;
            case MEMBER -> MEMBER_PASSWORD;
            case SECRETARIAT -> SECRETARIAT_PASSWORD;
            case ANALYST -> ANALYST_PASSWORD;
            case LIAISON -> LIAISON_PASSWORD;
            case AUDITOR -> AUDITOR_PASSWORD;
            case ADMINISTRATOR -> ADMINISTRATOR_PASSWORD;
            default -> throw new IllegalArgumentException("No test password for " + username);
        };
    }
}
