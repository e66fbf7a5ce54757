package uk.saferschools.oversight.support;

/** The accounts every test application starts with (see FirstStart), and their test-only passwords. */
public final class TestAccounts {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password-1";
    public static final String DEMO_PASSWORD = "test-demo-password-1";

    public static final String CHAIR = "demo-chair";
    public static final String MEMBER = "demo-member";
    public static final String SECRETARIAT = "demo-secretariat";
    public static final String ANALYST = "demo-analyst";
    public static final String LIAISON = "demo-liaison";
    public static final String AUDITOR = "demo-auditor";
    public static final String ADMINISTRATOR = "demo-administrator";

    private TestAccounts() {
    }
}
