package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;

/** Signing in: success, failure, lock-out after repeated failures, disabled accounts, session handling. */
@OversightTest
class SigningInTest {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountAdministration administration;
    @Autowired
    JdbcClient jdbc;

    String newAccount() {
        String username = "signer-" + UUID.randomUUID().toString().substring(0, 8);
        administration.create(Actor.SYSTEM, username, "Signer", EnumSet.of(Role.PANEL_MEMBER), PASSWORD, false);
        return username;
    }

    /** A client address of its own for each test that fails sign-ins on purpose, so no test throttles another. */
    static String address() {
        return "10." + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(1, 255);
    }

    long idOf(String username) {
        return jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
    }

    /** The error summary the sign-in page shows after a refused attempt. */
    String errorShownAfter(MvcResult attempt) throws Exception {
        String page = mvc.perform(get("/sign-in").param("error", "").cookie(attempt.getResponse().getCookie(SignIn.SESSION_COOKIE)))
                .andReturn().getResponse().getContentAsString();
        int start = page.indexOf("govuk-error-summary__list");
        return start < 0 ? "" : page.substring(start, page.indexOf("</ul>", start)).replaceAll("\\s+", " ");
    }

    long auditEntries(String action, String subject) {
        return jdbc.sql("select count(*) from audit_entry where action = ? and subject = ?")
                .params(action, "account:" + subject).query(Long.class).single();
    }

    @Test
    void the_right_password_signs_in_and_is_recorded_in_the_audit_trail() throws Exception {
        String username = newAccount();
        Cookie session = SignIn.as(mvc, username, PASSWORD);
        mvc.perform(get("/account/password").cookie(session)).andExpect(status().isOk());
        assertThat(auditEntries("SIGNED_IN", username)).isEqualTo(1);
    }

    @Test
    void a_wrong_password_is_refused_with_a_clear_message_and_recorded() throws Exception {
        String username = newAccount();
        MvcResult result = SignIn.attempt(mvc, username, "not the password");
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/sign-in?error");
        mvc.perform(get("/sign-in").param("error", "").cookie(result.getResponse().getCookie(SignIn.SESSION_COOKIE)))
                .andExpect(content().string(Matchers.containsString("Enter a correct username and password")))
                .andExpect(content().string(Matchers.containsString("There is a problem")));
        assertThat(auditEntries("SIGN_IN_FAILED", username)).isEqualTo(1);
    }

    @Test
    void the_sign_in_page_shows_no_error_until_there_is_one() throws Exception {
        mvc.perform(get("/sign-in")).andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("There is a problem"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("govuk-error-summary"))));
    }

    @Test
    void a_failed_attempt_on_an_unknown_name_is_recorded_without_the_name() throws Exception {
        String typed = "typed-" + UUID.randomUUID();
        SignIn.attempt(mvc, typed, "whatever");
        long mentions = jdbc.sql("select count(*) from audit_entry where subject like ? or actor like ? or after_summary like ?")
                .params("%" + typed + "%", "%" + typed + "%", "%" + typed + "%").query(Long.class).single();
        assertThat(mentions).isZero();
    }

    @Test
    void five_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_password() throws Exception {
        String username = newAccount();
        String address = address();
        for (int i = 0; i < 5; i++) {
            assertThat(SignIn.attemptFrom(mvc, address, username, "wrong " + i).getResponse().getRedirectedUrl())
                    .isEqualTo("/sign-in?error");
        }
        MvcResult locked = SignIn.attemptFrom(mvc, address, username, PASSWORD);
        assertThat(locked.getResponse().getRedirectedUrl()).isEqualTo("/sign-in?error");
        assertThat(errorShownAfter(locked)).contains("Enter a correct username and password");
        assertThat(auditEntries("ACCOUNT_LOCKED", username)).isEqualTo(1);
    }

    @Test
    void an_administrator_can_lift_a_lock_out() throws Exception {
        String username = newAccount();
        String address = address();
        for (int i = 0; i < 5; i++) {
            SignIn.attemptFrom(mvc, address, username, "wrong " + i);
        }
        assertThat(SignIn.attemptFrom(mvc, address, username, PASSWORD).getResponse().getRedirectedUrl())
                .isEqualTo("/sign-in?error");
        long id = jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
        administration.unlock(new Actor("admin", "ADMINISTRATOR"), id);
        assertThat(SignIn.attemptFrom(mvc, address, username, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void wrong_passwords_that_stop_short_of_the_limit_are_forgiven_by_a_right_one() throws Exception {
        String username = newAccount();
        String address = address();
        for (int i = 0; i < 4; i++) {
            SignIn.attemptFrom(mvc, address, username, "wrong " + i);
        }
        assertThat(SignIn.attemptFrom(mvc, address, username, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/");
        for (int i = 0; i < 4; i++) {
            SignIn.attemptFrom(mvc, address, username, "wrong again " + i);
        }
        assertThat(SignIn.attemptFrom(mvc, address, username, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void a_disabled_account_cannot_sign_in() throws Exception {
        String username = newAccount();
        long id = jdbc.sql("select id from account where username = ?").param(username).query(Long.class).single();
        administration.disable(new Actor("admin", "ADMINISTRATOR"), id, "left the panel");
        MvcResult result = SignIn.attempt(mvc, username, PASSWORD);
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/sign-in?error");
        assertThat(errorShownAfter(result)).contains("Enter a correct username and password");
    }

    // Security review finding 7: the answer must not tell which names are accounts, nor their state

    @Test
    void locked_disabled_unknown_and_wrong_password_sign_ins_all_get_the_same_answer() throws Exception {
        String wrong = newAccount();
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        String disabled = newAccount();
        administration.disable(new Actor("admin", "ADMINISTRATOR"), idOf(disabled), "left");
        String locked = newAccount();
        String address = address();
        for (int i = 0; i < 5; i++) {
            SignIn.attemptFrom(mvc, address, locked, "wrong " + i);
        }
        String answerToWrong = errorShownAfter(SignIn.attemptFrom(mvc, address, wrong, "not the password"));
        assertThat(answerToWrong).contains("Enter a correct username and password");
        assertThat(errorShownAfter(SignIn.attemptFrom(mvc, address, unknown, "not the password"))).isEqualTo(answerToWrong);
        assertThat(errorShownAfter(SignIn.attemptFrom(mvc, address, disabled, PASSWORD))).isEqualTo(answerToWrong);
        assertThat(errorShownAfter(SignIn.attemptFrom(mvc, address, locked, PASSWORD))).isEqualTo(answerToWrong);
    }

    @Test
    void an_attacker_at_another_address_cannot_lock_the_account_holder_out() throws Exception {
        String username = newAccount();
        String attacker = address();
        for (int i = 0; i < 12; i++) {
            SignIn.attemptFrom(mvc, attacker, username, "guess " + i);
        }
        assertThat(SignIn.attemptFrom(mvc, attacker, username, PASSWORD).getResponse().getRedirectedUrl())
                .as("the attacker's address is locked out of the account, even with the right password")
                .isEqualTo("/sign-in?error");
        assertThat(SignIn.attemptFrom(mvc, address(), username, PASSWORD).getResponse().getRedirectedUrl())
                .as("the holder, elsewhere, still signs in").isEqualTo("/");
    }

    @Test
    void one_address_trying_many_names_is_refused_for_every_name_even_with_a_right_password() throws Exception {
        String attacker = address();
        for (int i = 0; i < 30; i++) {
            SignIn.attemptFrom(mvc, attacker, "sprayed-" + i + "-" + UUID.randomUUID().toString().substring(0, 4),
                    "Summer2026!!!");
        }
        String username = newAccount();
        assertThat(SignIn.attemptFrom(mvc, attacker, username, PASSWORD).getResponse().getRedirectedUrl())
                .isEqualTo("/sign-in?error");
        assertThat(SignIn.attemptFrom(mvc, address(), username, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void a_password_longer_than_bcrypt_takes_gets_the_ordinary_answer_not_an_error_page() throws Exception {
        String username = newAccount();
        MvcResult result = SignIn.attemptFrom(mvc, address(), username, "ä".repeat(40) + PASSWORD);
        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/sign-in?error");
        assertThat(errorShownAfter(result)).contains("Enter a correct username and password");
    }

    // Security review finding 8: failed sign-ins must not grow the audit trail without limit

    @Test
    void a_flood_of_failed_sign_ins_on_one_account_writes_one_failure_and_one_lock_entry_per_period() throws Exception {
        String username = newAccount();
        for (int from = 0; from < 4; from++) {
            String address = address();
            for (int i = 0; i < 6; i++) {
                SignIn.attemptFrom(mvc, address, username, "guess " + i);
            }
        }
        assertThat(auditEntries("SIGN_IN_FAILED", username)).isEqualTo(1);
        assertThat(auditEntries("ACCOUNT_LOCKED", username)).isEqualTo(1);
        long counted = jdbc.sql("select count(*) from sign_in_failure where account_id = ? and recorded_as is distinct from 'ACCOUNT_LOCKED'")
                .param(idOf(username)).query(Long.class).single();
        assertThat(counted).as("every failure is still counted for the throttle").isEqualTo(24);
    }

    @Test
    void signing_in_issues_a_new_session_id_and_the_old_one_grants_nothing() throws Exception {
        String username = newAccount();
        Cookie before = mvc.perform(get("/sign-in")).andReturn().getResponse().getCookie(SignIn.SESSION_COOKIE);
        assertThat(before).as("visiting the sign-in page starts a session (for its CSRF token)").isNotNull();
        MvcResult signedIn = mvc.perform(post("/sign-in").cookie(before).with(csrf())
                .param("username", username).param("password", PASSWORD)).andReturn();
        Cookie after = signedIn.getResponse().getCookie(SignIn.SESSION_COOKIE);
        assertThat(after).isNotNull();
        assertThat(after.getValue()).isNotEqualTo(before.getValue());
        mvc.perform(get("/account/password").cookie(after)).andExpect(status().isOk());
        mvc.perform(get("/account/password").cookie(before)).andExpect(status().isFound());
    }

    @Test
    void sessions_are_kept_in_postgresql_so_application_nodes_stay_stateless() throws Exception {
        String username = newAccount();
        SignIn.as(mvc, username, PASSWORD);
        long stored = jdbc.sql("select count(*) from spring_session where principal_name = ?").param(username)
                .query(Long.class).single();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void signing_out_ends_the_session() throws Exception {
        String username = newAccount();
        Cookie session = SignIn.as(mvc, username, PASSWORD);
        mvc.perform(post("/sign-out").cookie(session).with(csrf())).andExpect(status().isFound());
        mvc.perform(get("/account/password").cookie(session)).andExpect(status().isFound());
    }

    @Test
    void signing_out_is_recorded_in_the_audit_trail_so_a_session_ended_by_its_holder_is_told_apart() throws Exception {
        String username = newAccount();
        Cookie session = SignIn.as(mvc, username, PASSWORD);
        assertThat(auditEntries("SIGNED_OUT", username)).isZero();
        mvc.perform(post("/sign-out").cookie(session).with(csrf())).andExpect(status().isFound());
        assertThat(auditEntries("SIGNED_OUT", username)).isEqualTo(1);
        // a sign-out with no session behind it records nothing
        mvc.perform(post("/sign-out").with(csrf())).andExpect(status().isFound());
        assertThat(auditEntries("SIGNED_OUT", username)).isEqualTo(1);
    }

    @Test
    void passwords_are_stored_only_as_bcrypt_hashes() {
        String username = newAccount();
        String stored = jdbc.sql("select password_hash from account where username = ?").param(username)
                .query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
    }
}
