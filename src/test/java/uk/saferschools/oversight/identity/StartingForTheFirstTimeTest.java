package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Security review finding 18: the first start with no passwords configured. The printed administrator
 * password must be changed at first sign-in, and each demonstration account has its own password, so the
 * password of one role is not the administrator's too. Its own database, since only an empty one starts so.
 */
@SpringBootTest(classes = OversightApplication.class, properties = {
        "oversight.database.ephemeral=true",
        "oversight.identity.admin-password=",
        "oversight.identity.demonstration-data=true"
})
@AutoConfigureMockMvc
class StartingForTheFirstTimeTest {

    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    static PrintStream console;

    /** FirstStart prints to System.out when the application starts, which is after this. */
    @BeforeAll
    static void captureTheConsole() {
        console = System.out;
        System.setOut(new PrintStream(new TeeOutputStream(console, printed), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restoreTheConsole() {
        System.setOut(console);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Accounts accounts;

    Map<String, String> printedPasswords() {
        String log = printed.toString(StandardCharsets.UTF_8);
        Map<String, String> passwords = new HashMap<>();
        Matcher admin = Pattern.compile("Password \\(shown only this once[^)]*\\): (\\S+)").matcher(log);
        assertThat(admin.find()).as("the administrator's password is printed; printed:\n%s", log).isTrue();
        passwords.put(TestAccounts.ADMIN, admin.group(1));
        Matcher demo = Pattern.compile("(?m)^\\s+(demo-[a-z]+): (\\S+) \\(shown only this once\\)$").matcher(log);
        while (demo.find()) {
            passwords.put(demo.group(1), demo.group(2));
        }
        return passwords;
    }

    @Test
    void the_printed_administrator_password_must_be_changed_at_first_sign_in() throws Exception {
        assertThat(accounts.byUsername(TestAccounts.ADMIN).orElseThrow().passwordMustChange()).isTrue();
        Cookie admin = SignIn.as(mvc, TestAccounts.ADMIN, printedPasswords().get(TestAccounts.ADMIN));
        assertThat(mvc.perform(get("/admin/accounts").cookie(admin)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/account/password");
    }

    @Test
    void each_demonstration_account_has_its_own_password_and_none_opens_the_administrator_accounts() throws Exception {
        Map<String, String> passwords = printedPasswords();
        assertThat(passwords).containsKeys(TestAccounts.CHAIR, TestAccounts.LIAISON, TestAccounts.ADMINISTRATOR)
                .hasSize(8);
        assertThat(passwords.values()).doesNotHaveDuplicates();
        String liaisons = passwords.get(TestAccounts.LIAISON);
        assertThat(SignIn.attemptFrom(mvc, "10.18.0.1", TestAccounts.LIAISON, liaisons).getResponse().getRedirectedUrl())
                .isEqualTo("/");
        assertThat(SignIn.attemptFrom(mvc, "10.18.0.1", TestAccounts.ADMINISTRATOR, liaisons).getResponse()
                .getRedirectedUrl()).isEqualTo("/sign-in?error");
        assertThat(accounts.byUsername(TestAccounts.LIAISON).orElseThrow().passwordMustChange())
                .as("demonstration accounts are exempt").isFalse();
    }

    @Test
    void configured_passwords_must_pass_the_password_rule_or_the_first_start_refuses() {
        IdentityProperties weak = new IdentityProperties("admin123", null,
                Map.of(TestAccounts.CHAIR, "short", TestAccounts.MEMBER, "x demo-member passphrase", "demo-nobody",
                        "a perfectly good passphrase"), "true", null, null);
        assertThat(FirstStart.problemsWithConfiguredPasswords(weak, true)).containsExactlyInAnyOrder(
                "OVERSIGHT_ADMIN_PASSWORD (oversight.identity.admin-password): Enter a password of at least 12 characters",
                "OVERSIGHT_DEMO_CHAIR_PASSWORD (oversight.identity.demo-passwords.demo-chair): Enter a password of at least 12 characters",
                "OVERSIGHT_DEMO_MEMBER_PASSWORD (oversight.identity.demo-passwords.demo-member): Enter a password that does not contain your username",
                "oversight.identity.demo-passwords.demo-nobody: there is no demonstration account demo-nobody (there are "
                        + "demo-administrator, demo-analyst, demo-auditor, demo-chair, demo-liaison, demo-member, demo-secretariat)");
        IdentityProperties good = new IdentityProperties("a long first-start passphrase", null,
                Map.of(TestAccounts.CHAIR, "a long chair passphrase", TestAccounts.MEMBER, ""), "true", null,
                new IdentityProperties.Session(Duration.ofHours(12)));
        assertThat(FirstStart.problemsWithConfiguredPasswords(good, true)).isEmpty();
    }

    /** Writes to the real console and keeps a copy. */
    static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
