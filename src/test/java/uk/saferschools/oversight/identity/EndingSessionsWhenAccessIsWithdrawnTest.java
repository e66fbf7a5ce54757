package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Security review finding 1: a session keeps the roles of its sign-in, so withdrawing access must end the
 * account's sessions at once; and no session lasts longer than the absolute lifetime, however busy.
 */
@OversightTest
class EndingSessionsWhenAccessIsWithdrawnTest {

    static final String PASSWORD = "a passphrase of their own";

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountAdministration administration;
    @Autowired
    JdbcClient jdbc;

    Cookie admin;

    @BeforeEach
    void signInAsAdministrator() throws Exception {
        admin = SignIn.as(mvc, TestAccounts.ADMIN);
    }

    record Person(long id, String username) {
    }

    Person person(Role... roles) {
        String username = "holder-" + UUID.randomUUID().toString().substring(0, 8);
        long id = administration.create(Actor.SYSTEM, username, "Holder", Set.of(roles), PASSWORD, false);
        return new Person(id, username);
    }

    int statusOf(String path, Cookie session) throws Exception {
        return mvc.perform(get(path).cookie(session)).andReturn().getResponse().getStatus();
    }

    @Test
    void a_disabled_police_liaisons_existing_session_is_refused_on_its_next_request() throws Exception {
        Person liaison = person(Role.POLICE_LIAISON);
        Cookie session = SignIn.as(mvc, liaison.username(), PASSWORD);
        assertThat(statusOf("/panel/review-items", session)).isEqualTo(200);
        mvc.perform(post("/admin/accounts/" + liaison.id() + "/disable").cookie(admin).with(csrf())
                .param("reason", "moved to another force")).andExpect(status().isFound());
        MvcResult next = mvc.perform(get("/panel/review-items").cookie(session)).andReturn();
        assertThat(next.getResponse().getStatus()).isEqualTo(302);
        assertThat(next.getResponse().getRedirectedUrl()).endsWith("/sign-in");
    }

    /**
     * A sign-in that checked the account a moment before it was disabled, or had a role taken away, saves its
     * session after the change has ended the account's sessions. Played here by changing the account in the
     * database without ending any session: the session is refused on its next request all the same.
     */
    @Test
    void a_session_that_outlived_the_ending_of_its_accounts_sessions_is_refused_on_its_next_request() throws Exception {
        Person liaison = person(Role.POLICE_LIAISON);
        Cookie session = SignIn.as(mvc, liaison.username(), PASSWORD);
        assertThat(statusOf("/panel/review-items", session)).isEqualTo(200);
        jdbc.sql("update account set enabled = false where id = ?").param(liaison.id()).update();
        MvcResult next = mvc.perform(get("/panel/review-items").cookie(session)).andReturn();
        assertThat(next.getResponse().getStatus()).isEqualTo(302);
        assertThat(next.getResponse().getRedirectedUrl()).endsWith("/sign-in");
        jdbc.sql("update account set enabled = true where id = ?").param(liaison.id()).update();
        assertThat(statusOf("/panel/review-items", session)).as("the session itself was ended").isEqualTo(302);

        Person analyst = person(Role.ANALYST, Role.AUDITOR);
        Cookie analystSession = SignIn.as(mvc, analyst.username(), PASSWORD);
        assertThat(statusOf("/records/imports", analystSession)).isEqualTo(200);
        jdbc.sql("update account_role set revoked_at = now(), revoked_by = 'test' where account_id = ? and role = 'AUDITOR'")
                .param(analyst.id()).update();
        assertThat(statusOf("/records/imports", analystSession)).as("a role taken away ends the session it was signed in with")
                .isEqualTo(302);
        assertThat(statusOf("/records/imports", SignIn.as(mvc, analyst.username(), PASSWORD))).isEqualTo(200);
    }

    @Test
    void a_role_removed_takes_effect_on_the_next_request() throws Exception {
        Person analyst = person(Role.ANALYST, Role.AUDITOR);
        Cookie session = SignIn.as(mvc, analyst.username(), PASSWORD);
        assertThat(statusOf("/audit", session)).isEqualTo(200);
        mvc.perform(post("/admin/accounts/" + analyst.id() + "/roles").cookie(admin).with(csrf())
                .param("roles", "ANALYST")).andExpect(status().isFound());
        assertThat(statusOf("/audit", session)).isEqualTo(302);
        Cookie again = SignIn.as(mvc, analyst.username(), PASSWORD);
        assertThat(statusOf("/audit", again)).as("signed in again, with the roles the account has now").isEqualTo(403);
    }

    @Test
    void an_administrators_password_reset_ends_every_session_of_the_account() throws Exception {
        Person member = person(Role.PANEL_MEMBER);
        Cookie laptop = SignIn.as(mvc, member.username(), PASSWORD);
        Cookie phone = SignIn.as(mvc, member.username(), PASSWORD);
        mvc.perform(post("/admin/accounts/" + member.id() + "/password").cookie(admin).with(csrf()))
                .andExpect(status().isFound());
        assertThat(statusOf("/panel/review-items", laptop)).isEqualTo(302);
        assertThat(statusOf("/panel/review-items", phone)).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(member.username())
                .query(Long.class).single()).isZero();
    }

    @Test
    void changing_ones_own_password_ends_the_other_sessions_and_keeps_this_one_under_a_new_id() throws Exception {
        Person member = person(Role.PANEL_MEMBER);
        Cookie stolen = SignIn.as(mvc, member.username(), PASSWORD);
        Cookie mine = SignIn.as(mvc, member.username(), PASSWORD);
        MvcResult changed = mvc.perform(post("/account/password").cookie(mine).with(csrf())
                        .param("currentPassword", PASSWORD).param("newPassword", "another passphrase entirely")
                        .param("confirmPassword", "another passphrase entirely"))
                .andExpect(status().isFound()).andReturn();
        Cookie renewed = changed.getResponse().getCookie(SignIn.SESSION_COOKIE);
        assertThat(renewed).as("this session goes on under a new id").isNotNull();
        assertThat(renewed.getValue()).isNotEqualTo(mine.getValue());
        assertThat(statusOf("/panel/review-items", renewed)).isEqualTo(200);
        assertThat(statusOf("/panel/review-items", mine)).as("the old id of this session").isEqualTo(302);
        assertThat(statusOf("/panel/review-items", stolen)).as("another session of the account").isEqualTo(302);
    }

    @Test
    void a_session_older_than_the_absolute_lifetime_is_refused_however_busy_it_was_kept() throws Exception {
        Person member = person(Role.PANEL_MEMBER);
        Cookie session = SignIn.as(mvc, member.username(), PASSWORD);
        assertThat(statusOf("/panel/review-items", session)).isEqualTo(200);
        // signed in 12 hours and a minute ago, and used a moment ago
        jdbc.sql("update spring_session set creation_time = creation_time - ? where principal_name = ?")
                .params((12 * 60 + 1) * 60_000L, member.username()).update();
        assertThat(statusOf("/panel/review-items", session)).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = ?").param(member.username())
                .query(Long.class).single()).as("the session is deleted, not just refused").isZero();
    }

    @Test
    void a_session_younger_than_the_absolute_lifetime_goes_on() throws Exception {
        Person member = person(Role.PANEL_MEMBER);
        Cookie session = SignIn.as(mvc, member.username(), PASSWORD);
        jdbc.sql("update spring_session set creation_time = creation_time - ? where principal_name = ?")
                .params((11 * 60 + 59) * 60_000L, member.username()).update();
        assertThat(statusOf("/panel/review-items", session)).isEqualTo(200);
    }

    @Test
    void saving_the_same_roles_again_withdraws_nothing_and_ends_no_session() throws Exception {
        Person member = person(Role.PANEL_MEMBER);
        Cookie session = SignIn.as(mvc, member.username(), PASSWORD);
        mvc.perform(post("/admin/accounts/" + member.id() + "/roles").cookie(admin).with(csrf())
                .param("roles", "PANEL_MEMBER")).andExpect(status().isFound());
        assertThat(statusOf("/panel/review-items", session)).isEqualTo(200);
    }
}
