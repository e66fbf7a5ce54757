package uk.saferschools.oversight.identity;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;

/**
 * On the first start of the web application with an empty database: the administrator account,
 * with a random password printed once to the console (or {@code OVERSIGHT_ADMIN_PASSWORD}); and, on
 * the embedded database, one demonstration account per role, marked as such wherever it appears.
 */
@Component
@ConditionalOnWebApplication
@org.springframework.core.annotation.Order(10)
class FirstStart implements ApplicationRunner {

    static final String ADMINISTRATOR_USERNAME = "admin";

    /** One fictional person per assignable role. */
    static final List<DemonstrationAccount> DEMONSTRATION_ACCOUNTS = List.of(
            new DemonstrationAccount("demo-chair", "Dana Chair (demonstration)", EnumSet.of(Role.CHAIR)),
            new DemonstrationAccount("demo-member", "Morgan Member (demonstration)", EnumSet.of(Role.PANEL_MEMBER)),
            new DemonstrationAccount("demo-secretariat", "Sam Secretariat (demonstration)", EnumSet.of(Role.SECRETARIAT)),
            new DemonstrationAccount("demo-analyst", "Alex Analyst (demonstration)", EnumSet.of(Role.ANALYST)),
            new DemonstrationAccount("demo-liaison", "Lee Liaison (demonstration)", EnumSet.of(Role.POLICE_LIAISON)),
            new DemonstrationAccount("demo-auditor", "Ari Auditor (demonstration)", EnumSet.of(Role.AUDITOR)),
            new DemonstrationAccount("demo-administrator", "Ash Administrator (demonstration)", EnumSet.of(Role.ADMINISTRATOR)));

    record DemonstrationAccount(String username, String displayName, Set<Role> roles) {
    }

    private final Accounts accounts;
    private final AccountAdministration administration;
    private final IdentityProperties properties;
    private final DemonstrationData demonstrationData;
    private final PrintStream console = System.out;

    FirstStart(Accounts accounts, AccountAdministration administration, IdentityProperties properties,
               DemonstrationData demonstrationData) {
        this.accounts = accounts;
        this.administration = administration;
        this.properties = properties;
        this.demonstrationData = demonstrationData;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (accounts.count() > 0) {
            return;
        }
        boolean adminPasswordGiven = !blank(properties.adminPassword());
        String adminPassword = adminPasswordGiven ? properties.adminPassword() : Passwords.generate();
        administration.create(Actor.SYSTEM, ADMINISTRATOR_USERNAME, "Administrator", EnumSet.of(Role.ADMINISTRATOR),
                adminPassword, false);
        StringBuilder message = new StringBuilder()
                .append("\n================ Safer Schools Oversight: first start ================\n")
                .append("Administrator account created. Username: ").append(ADMINISTRATOR_USERNAME).append('\n')
                .append(adminPasswordGiven ? "Password: the one in OVERSIGHT_ADMIN_PASSWORD\n"
                        : "Password (shown only this once; change it after signing in): " + adminPassword + "\n");
        if (demonstrationData.wanted()) {
            boolean demoPasswordGiven = !blank(properties.demoPassword());
            String demoPassword = demoPasswordGiven ? properties.demoPassword() : Passwords.generate();
            for (DemonstrationAccount demo : DEMONSTRATION_ACCOUNTS) {
                administration.create(Actor.SYSTEM, demo.username(), demo.displayName(), demo.roles(), demoPassword, true);
            }
            message.append("\nDemonstration accounts, one per role: ")
                    .append(String.join(", ", DEMONSTRATION_ACCOUNTS.stream().map(DemonstrationAccount::username).toList()))
                    .append('\n')
                    .append(demoPasswordGiven ? "Their password: the one in OVERSIGHT_DEMO_PASSWORD\n"
                            : "Their password (shown only this once): " + demoPassword + "\n");
        }
        message.append("======================================================================\n");
        console.println(message);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
