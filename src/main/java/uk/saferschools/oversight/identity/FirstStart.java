package uk.saferschools.oversight.identity;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.Actor;

/**
 * On the first start of the web application with an empty database: the administrator account,
 * with a random password printed once to the console, to be changed at first sign-in (or
 * {@code OVERSIGHT_ADMIN_PASSWORD}); and, on the embedded database, one demonstration account per role,
 * each with its own password (random and printed, or {@code OVERSIGHT_DEMO_CHAIR_PASSWORD} and so on),
 * marked as such wherever it appears. Configured passwords must pass {@link Passwords#problemWith}. Then,
 * when demonstration data is wanted, {@link DemonstrationAccountsReady} starts its seeding.
 */
@Component
@ConditionalOnWebApplication
class FirstStart implements ApplicationRunner {

    static final String ADMINISTRATOR_USERNAME = "admin";

    /**
     * One fictional person per assignable role. The chair, member, secretariat and police liaison are the
     * people of the same names on the demonstration panel's member list (DemonstrationPanel).
     */
    static final List<DemonstrationAccount> DEMONSTRATION_ACCOUNTS = List.of(
            new DemonstrationAccount("demo-chair", "Dana Chair (demonstration)", EnumSet.of(Role.CHAIR)),
            new DemonstrationAccount("demo-member", "Priya Researcher (demonstration)", EnumSet.of(Role.PANEL_MEMBER)),
            new DemonstrationAccount("demo-secretariat", "Jo Secretariat (demonstration)", EnumSet.of(Role.SECRETARIAT)),
            new DemonstrationAccount("demo-analyst", "Alex Analyst (demonstration)", EnumSet.of(Role.ANALYST)),
            new DemonstrationAccount("demo-liaison", "Inspector Lee (demonstration)", EnumSet.of(Role.POLICE_LIAISON)),
            new DemonstrationAccount("demo-auditor", "Ari Auditor (demonstration)", EnumSet.of(Role.AUDITOR)),
            new DemonstrationAccount("demo-administrator", "Ash Administrator (demonstration)", EnumSet.of(Role.ADMINISTRATOR)));

    record DemonstrationAccount(String username, String displayName, Set<Role> roles) {
    }

    private final Accounts accounts;
    private final AccountAdministration administration;
    private final IdentityProperties properties;
    private final DemonstrationData demonstrationData;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final PrintStream console = System.out;
    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    FirstStart(Accounts accounts, AccountAdministration administration, IdentityProperties properties,
               DemonstrationData demonstrationData, TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.administration = administration;
        this.properties = properties;
        this.demonstrationData = demonstrationData;
        this.transactions = transactions;
        this.events = events;
    }

    /** The first accounts in one transaction; the demonstration data's seeding after it, in transactions of its own. */
    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(status -> createFirstAccounts());
        if (demonstrationData.wanted()) {
            events.publishEvent(new DemonstrationAccountsReady());
        }
    }

    private void createFirstAccounts() {
        if (!blank(properties.demoPassword())) {
            log.warn("OVERSIGHT_DEMO_PASSWORD (oversight.identity.demo-password) is no longer used and is ignored: each "
                    + "demonstration account has its own password, OVERSIGHT_DEMO_CHAIR_PASSWORD and so on "
                    + "(oversight.identity.demo-passwords.<username>), random and printed once when not set");
        }
        if (accounts.count() > 0) {
            return;
        }
        List<String> problems = problemsWithConfiguredPasswords(properties, demonstrationData.wanted());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Cannot create the first accounts. Fix these settings, or leave them unset "
                    + "to have random passwords printed once:\n  " + String.join("\n  ", problems));
        }
        boolean adminPasswordGiven = !blank(properties.adminPassword());
        String adminPassword = adminPasswordGiven ? properties.adminPassword() : Passwords.generate();
        // A printed password may be kept in a log (journald, a container's): it must be changed at first sign-in.
        administration.create(Actor.SYSTEM, ADMINISTRATOR_USERNAME, "Administrator", EnumSet.of(Role.ADMINISTRATOR),
                adminPassword, false, !adminPasswordGiven);
        StringBuilder message = new StringBuilder()
                .append("\n================ Safer Schools Oversight: first start ================\n")
                .append("Administrator account created. Username: ").append(ADMINISTRATOR_USERNAME).append('\n')
                .append(adminPasswordGiven ? "Password: the one in OVERSIGHT_ADMIN_PASSWORD\n"
                        : "Password (shown only this once; you must change it at first sign-in): " + adminPassword + "\n");
        if (demonstrationData.wanted()) {
            // Each its own password, so that the password of one role (say, given out for a demonstration of the
            // police liaison's pages) is not the administrator's too. Demonstration accounts are not asked to
            // change it: they hold only demonstration data and are marked as such wherever they appear.
            message.append("\nDemonstration accounts, one per role, each with its own password:\n");
            for (DemonstrationAccount demo : DEMONSTRATION_ACCOUNTS) {
                String configured = properties.demoPasswords().get(demo.username());
                String password = blank(configured) ? Passwords.generate() : configured;
                administration.create(Actor.SYSTEM, demo.username(), demo.displayName(), demo.roles(), password, true);
                message.append("  ").append(demo.username()).append(": ")
                        .append(blank(configured) ? password + " (shown only this once)"
                                : "the one in " + environmentVariable(demo.username()))
                        .append('\n');
            }
        }
        message.append("======================================================================\n");
        console.println(message);
    }

    /**
     * Configured passwords must pass the same rule as chosen ones; a demonstration password must name an
     * account that exists. Otherwise the application does not start, and says why.
     */
    static List<String> problemsWithConfiguredPasswords(IdentityProperties properties, boolean demonstration) {
        List<String> problems = new ArrayList<>();
        if (!blank(properties.adminPassword())) {
            String problem = Passwords.problemWith(properties.adminPassword(), ADMINISTRATOR_USERNAME);
            if (problem != null) {
                problems.add("OVERSIGHT_ADMIN_PASSWORD (oversight.identity.admin-password): " + problem);
            }
        }
        if (demonstration) {
            Set<String> known = new HashSet<>(DEMONSTRATION_ACCOUNTS.stream().map(DemonstrationAccount::username).toList());
            properties.demoPasswords().forEach((username, password) -> {
                if (!known.contains(username)) {
                    problems.add("oversight.identity.demo-passwords." + username + ": there is no demonstration account "
                            + username + " (there are " + String.join(", ", known.stream().sorted().toList()) + ")");
                } else if (!blank(password)) {
                    String problem = Passwords.problemWith(password, username);
                    if (problem != null) {
                        problems.add(environmentVariable(username) + " (oversight.identity.demo-passwords." + username
                                + "): " + problem);
                    }
                }
            });
        }
        return problems;
    }

    /** {@code demo-chair} is set by {@code OVERSIGHT_DEMO_CHAIR_PASSWORD} (see application.properties). */
    static String environmentVariable(String demoUsername) {
        return "OVERSIGHT_" + demoUsername.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
