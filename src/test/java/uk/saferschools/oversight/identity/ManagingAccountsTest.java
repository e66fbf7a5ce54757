package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** An administrator creates accounts, grants and revokes roles, disables, re-enables and resets passwords. */
@OversightTest
class ManagingAccountsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Accounts accounts;
    @Autowired
    AccountAdministration administration;
    @Autowired
    JdbcClient jdbc;

    Cookie admin;

    @BeforeEach
    void signInAsAdministrator() throws Exception {
        admin = SignIn.as(mvc, TestAccounts.ADMIN);
    }

    record Created(long id, String username, String password) {
    }

    Created createThroughThePage(String... roles) throws Exception {
        String username = "person-" + UUID.randomUUID().toString().substring(0, 8);
        var request = post("/admin/accounts").cookie(admin).with(csrf())
                .param("username", username).param("displayName", "Pat Person");
        for (String role : roles) {
            request.param("roles", role);
        }
        MvcResult result = mvc.perform(request).andExpect(status().isFound()).andReturn();
        String location = result.getResponse().getRedirectedUrl();
        assertThat(location).matches("/admin/accounts/\\d+");
        String password = (String) result.getFlashMap().get("issuedPassword");
        assertThat(password).hasSizeGreaterThanOrEqualTo(Passwords.MINIMUM_LENGTH);
        return new Created(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)), username, password);
    }

    List<String> audit(String username) {
        return jdbc.sql("select action || ' | ' || coalesce(before_summary, '') || ' | ' || coalesce(after_summary, '') "
                        + "|| ' | ' || actor from audit_entry where subject = ? order by sequence_no")
                .param("account:" + username).query(String.class).list();
    }

    @Test
    void a_new_account_gets_its_roles_and_a_one_time_password_that_works() throws Exception {
        Created created = createThroughThePage("ANALYST", "AUDITOR");
        assertThat(accounts.byId(created.id()).orElseThrow().roles()).containsExactlyInAnyOrder(Role.ANALYST, Role.AUDITOR);
        Cookie session = SignIn.as(mvc, created.username(), created.password());
        mvc.perform(get("/audit").cookie(session)).andExpect(status().isFound())
                .andExpect(MockMvcResultMatchers.redirectedUrl("/account/password"));
        session = mvc.perform(post("/account/password").cookie(session).with(csrf()).param("currentPassword", created.password())
                .param("newPassword", "pat's own passphrase").param("confirmPassword", "pat's own passphrase"))
                .andExpect(status().isFound()).andReturn().getResponse().getCookie(SignIn.SESSION_COOKIE);
        mvc.perform(get("/audit").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/admin/accounts").cookie(session)).andExpect(status().isForbidden());
        assertThat(audit(created.username()).get(0)).isEqualTo("ACCOUNT_CREATED |  | name: Pat Person; roles: ANALYST,AUDITOR"
                + "; must choose a new password at first sign-in | admin");
    }

    @Test
    void the_issued_password_is_shown_once_on_the_account_page_and_never_again() throws Exception {
        String username = "shown-once-" + UUID.randomUUID().toString().substring(0, 8);
        MvcResult created = mvc.perform(post("/admin/accounts").cookie(admin).with(csrf())
                .param("username", username).param("displayName", "Shown Once")).andReturn();
        String password = (String) created.getFlashMap().get("issuedPassword");
        String location = created.getResponse().getRedirectedUrl();
        String firstView = mvc.perform(get(location).cookie(admin).flashAttrs(created.getFlashMap()))
                .andReturn().getResponse().getContentAsString();
        assertThat(firstView).contains(password);
        String secondView = mvc.perform(get(location).cookie(admin)).andReturn().getResponse().getContentAsString();
        assertThat(secondView).doesNotContain(password);
        assertThat(String.join("\n", audit(username))).doesNotContain(password);
    }

    @Test
    void changing_roles_keeps_the_history_and_records_before_and_after() throws Exception {
        Created created = createThroughThePage("PANEL_MEMBER");
        mvc.perform(post("/admin/accounts/" + created.id() + "/roles").cookie(admin).with(csrf())
                .param("roles", "CHAIR")).andExpect(status().isFound());
        assertThat(accounts.byId(created.id()).orElseThrow().roles()).containsExactly(Role.CHAIR);
        List<RoleGrant> history = accounts.roleHistory(created.id());
        assertThat(history).extracting(RoleGrant::role).containsExactly(Role.PANEL_MEMBER, Role.CHAIR);
        assertThat(history.get(0).revokedAt()).isNotNull();
        assertThat(history.get(0).revokedBy()).isEqualTo("admin");
        assertThat(history.get(1).current()).isTrue();
        assertThat(audit(created.username())).contains("ROLES_CHANGED | roles: PANEL_MEMBER | roles: CHAIR | admin");
    }

    @Test
    void a_disabled_account_is_kept_with_its_history_and_cannot_sign_in_until_enabled() throws Exception {
        Created created = createThroughThePage("SECRETARIAT");
        mvc.perform(post("/admin/accounts/" + created.id() + "/disable").cookie(admin).with(csrf())
                .param("reason", "left the secretariat")).andExpect(status().isFound());
        assertThat(accounts.byId(created.id()).orElseThrow().enabled()).isFalse();
        assertThat(SignIn.attempt(mvc, created.username(), created.password()).getResponse().getRedirectedUrl())
                .isEqualTo("/sign-in?error");
        mvc.perform(post("/admin/accounts/" + created.id() + "/enable").cookie(admin).with(csrf())
                .param("reason", "returned")).andExpect(status().isFound());
        SignIn.as(mvc, created.username(), created.password());
        assertThat(accounts.statusHistory(created.id())).extracting(StatusChange::enabled, StatusChange::reason)
                .containsExactly(Tuple.tuple(false, "left the secretariat"),
                        Tuple.tuple(true, "returned"));
        assertThat(audit(created.username())).contains(
                "ACCOUNT_DISABLED | enabled | disabled; reason: left the secretariat | admin",
                "ACCOUNT_ENABLED | disabled | enabled; reason: returned | admin");
    }

    @Test
    void a_password_reset_replaces_the_old_password() throws Exception {
        Created created = createThroughThePage("AUDITOR");
        MvcResult reset = mvc.perform(post("/admin/accounts/" + created.id() + "/password").cookie(admin).with(csrf()))
                .andExpect(status().isFound()).andReturn();
        String newPassword = (String) reset.getFlashMap().get("issuedPassword");
        assertThat(newPassword).isNotEqualTo(created.password());
        assertThat(SignIn.attempt(mvc, created.username(), created.password()).getResponse().getRedirectedUrl())
                .isEqualTo("/sign-in?error");
        SignIn.as(mvc, created.username(), newPassword);
    }

    @Test
    void an_administrator_cannot_lock_themselves_out() throws Exception {
        long adminId = accounts.byUsername(TestAccounts.ADMIN).orElseThrow().id();
        MvcResult disable = mvc.perform(post("/admin/accounts/" + adminId + "/disable").cookie(admin).with(csrf()))
                .andReturn();
        assertThat(disable.getFlashMap().get("refusal")).isEqualTo("You cannot disable your own account");
        MvcResult demote = mvc.perform(post("/admin/accounts/" + adminId + "/roles").cookie(admin).with(csrf())
                .param("roles", "AUDITOR")).andReturn();
        assertThat((String) demote.getFlashMap().get("refusal")).startsWith("You cannot remove your own administrator role");
        assertThat(accounts.byId(adminId).orElseThrow().enabled()).isTrue();
        assertThat(accounts.byId(adminId).orElseThrow().roles()).contains(Role.ADMINISTRATOR);
    }

    @Test
    void the_form_explains_what_is_missing_or_wrong() throws Exception {
        String page = mvc.perform(post("/admin/accounts").cookie(admin).with(csrf())
                        .param("username", "has spaces!").param("displayName", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("There is a problem", "Enter the person’s name",
                "Enter a username using only letters, numbers, dots, hyphens, underscores and @");
        assertThat(page).contains("<title>Error: Create an account");
    }

    @Test
    void a_username_already_taken_is_refused_whatever_its_case() throws Exception {
        String page = mvc.perform(post("/admin/accounts").cookie(admin).with(csrf())
                        .param("username", "ADMIN").param("displayName", "Second Admin"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("An account with this username already exists");
    }

    @Test
    void the_public_role_cannot_be_granted() {
        assertThatThrownBy(() -> administration.create(new Actor("admin", "ADMINISTRATOR"), "gets-public",
                "Gets Public", EnumSet.of(Role.PUBLIC), "a long enough password", false))
                .isInstanceOf(AccountAdministration.RefusedException.class);
    }

    @Test
    void demonstration_accounts_are_marked_as_such_on_screen() throws Exception {
        String page = mvc.perform(get("/admin/accounts").cookie(admin)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Dana Chair (demonstration)", ">Demonstration<",
                "This installation holds demonstration data");
    }

    @Test
    void people_change_their_own_password_knowing_the_current_one() throws Exception {
        Created created = createThroughThePage("PANEL_MEMBER");
        Cookie session = SignIn.as(mvc, created.username(), created.password());
        String refused = mvc.perform(post("/account/password").cookie(session).with(csrf())
                        .param("currentPassword", "not it").param("newPassword", "a brand new passphrase")
                        .param("confirmPassword", "a brand new passphrase"))
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("Your current password is not right");
        String tooShort = mvc.perform(post("/account/password").cookie(session).with(csrf())
                        .param("currentPassword", created.password()).param("newPassword", "short")
                        .param("confirmPassword", "short"))
                .andReturn().getResponse().getContentAsString();
        assertThat(tooShort).contains("Enter a password of at least 12 characters");
        mvc.perform(post("/account/password").cookie(session).with(csrf())
                        .param("currentPassword", created.password()).param("newPassword", "a brand new passphrase")
                        .param("confirmPassword", "a brand new passphrase"))
                .andExpect(status().isFound());
        SignIn.as(mvc, created.username(), "a brand new passphrase");
        assertThat(audit(created.username())).anyMatch(line -> line.startsWith("PASSWORD_CHANGED"));
    }

    /** Security review finding 17: the trail must say where an account's digest (titles of drafts and papers) goes. */
    @Test
    void a_changed_email_address_is_recorded_with_the_old_and_the_new_address() throws Exception {
        Created created = createThroughThePage("PANEL_MEMBER");
        mvc.perform(post("/admin/accounts/" + created.id() + "/email").cookie(admin).with(csrf())
                .param("email", "pat@example.org")).andExpect(status().isFound());
        mvc.perform(post("/admin/accounts/" + created.id() + "/email").cookie(admin).with(csrf())
                .param("email", "rogue@elsewhere.example")).andExpect(status().isFound());
        mvc.perform(post("/admin/accounts/" + created.id() + "/email").cookie(admin).with(csrf())
                .param("email", "")).andExpect(status().isFound());
        assertThat(audit(created.username())).containsSubsequence(
                "ACCOUNT_EMAIL_SET | email: none | email: pat@example.org | admin",
                "ACCOUNT_EMAIL_SET | email: pat@example.org | email: rogue@elsewhere.example | admin",
                "ACCOUNT_EMAIL_SET | email: rogue@elsewhere.example | email: none | admin");
    }
}
