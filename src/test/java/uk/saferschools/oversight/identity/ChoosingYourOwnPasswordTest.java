package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A password someone else issued (a new account, an administrator's reset) must be replaced by the
 * holder's own before anything else (security review finding 18); and the change-password form is no way
 * round the lock-out or into an error page (finding 19).
 */
@OversightTest
class ChoosingYourOwnPasswordTest {

    static final String OWN = "my own long passphrase";

    @Autowired
    MockMvc mvc;
    @Autowired
    Accounts accounts;
    @Autowired
    JdbcClient jdbc;

    Cookie admin;

    @BeforeEach
    void signInAsAdministrator() throws Exception {
        admin = SignIn.as(mvc, TestAccounts.ADMIN);
    }

    record Issued(long id, String username, String password) {
    }

    Issued createdByAnAdministrator(String role) throws Exception {
        String username = "issued-" + UUID.randomUUID().toString().substring(0, 8);
        MvcResult result = mvc.perform(post("/admin/accounts").cookie(admin).with(csrf())
                .param("username", username).param("displayName", "Ivy Issued").param("roles", role)).andReturn();
        String location = result.getResponse().getRedirectedUrl();
        return new Issued(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)), username,
                (String) result.getFlashMap().get("issuedPassword"));
    }

    String redirectOf(String path, Cookie session) throws Exception {
        return mvc.perform(get(path).cookie(session)).andReturn().getResponse().getRedirectedUrl();
    }

    String change(Cookie session, String current, String wanted) throws Exception {
        return mvc.perform(post("/account/password").cookie(session).with(csrf()).param("currentPassword", current)
                .param("newPassword", wanted).param("confirmPassword", wanted)).andReturn().getResponse().getContentAsString();
    }

    @Test
    void a_new_account_must_choose_its_own_password_before_any_other_page() throws Exception {
        Issued issued = createdByAnAdministrator("PANEL_MEMBER");
        Cookie session = SignIn.as(mvc, issued.username(), issued.password());
        assertThat(redirectOf("/panel/review-items", session)).isEqualTo("/account/password");
        assertThat(redirectOf("/", session)).isEqualTo("/account/password");
        assertThat(mvc.perform(get("/account/password").cookie(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("Choose your own password before you continue");
        mvc.perform(get("/css/oversight.css").cookie(session)).andExpect(status().isOk());
        mvc.perform(post("/account/password").cookie(session).with(csrf()).param("currentPassword", issued.password())
                .param("newPassword", OWN).param("confirmPassword", OWN)).andExpect(status().isFound());
        assertThat(accounts.byId(issued.id()).orElseThrow().passwordMustChange()).isFalse();
        Cookie again = SignIn.as(mvc, issued.username(), OWN);
        mvc.perform(get("/panel/review-items").cookie(again)).andExpect(status().isOk());
    }

    @Test
    void signing_out_is_open_to_someone_who_must_still_choose_a_password() throws Exception {
        Issued issued = createdByAnAdministrator("ANALYST");
        Cookie session = SignIn.as(mvc, issued.username(), issued.password());
        mvc.perform(post("/sign-out").cookie(session).with(csrf())).andExpect(status().isFound());
        assertThat(redirectOf("/account/password", session)).endsWith("/sign-in");
    }

    @Test
    void a_password_reset_by_an_administrator_must_be_replaced_at_the_next_sign_in() throws Exception {
        Issued issued = createdByAnAdministrator("AUDITOR");
        Cookie first = SignIn.as(mvc, issued.username(), issued.password());
        change(first, issued.password(), OWN);
        MvcResult reset = mvc.perform(post("/admin/accounts/" + issued.id() + "/password").cookie(admin).with(csrf()))
                .andReturn();
        String newPassword = (String) reset.getFlashMap().get("issuedPassword");
        Cookie session = SignIn.as(mvc, issued.username(), newPassword);
        assertThat(redirectOf("/audit", session)).isEqualTo("/account/password");
    }

    @Test
    void demonstration_accounts_and_a_configured_administrator_password_need_no_change() throws Exception {
        assertThat(accounts.byUsername(TestAccounts.ADMIN).orElseThrow().passwordMustChange()).isFalse();
        assertThat(accounts.byUsername(TestAccounts.LIAISON).orElseThrow().passwordMustChange()).isFalse();
        mvc.perform(get("/admin/accounts").cookie(admin)).andExpect(status().isOk());
    }

    @Test
    void wrong_current_passwords_count_toward_the_lock_out_of_that_address() throws Exception {
        Issued issued = createdByAnAdministrator("PANEL_MEMBER");
        String address = SigningInTest.address();
        MvcResult signedIn = SignIn.attemptFrom(mvc, address, issued.username(), issued.password());
        Cookie session = signedIn.getResponse().getCookie(SignIn.SESSION_COOKIE);
        for (int i = 0; i < 5; i++) {
            String page = mvc.perform(post("/account/password").cookie(session).with(csrf()).with(SignIn.from(address))
                            .param("currentPassword", "guess " + i).param("newPassword", OWN).param("confirmPassword", OWN))
                    .andReturn().getResponse().getContentAsString();
            assertThat(page).containsAnyOf("Your current password is not right", "Too many wrong passwords");
        }
        String refused = mvc.perform(post("/account/password").cookie(session).with(csrf()).with(SignIn.from(address))
                        .param("currentPassword", issued.password()).param("newPassword", OWN).param("confirmPassword", OWN))
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).as("even the right current password, once locked").contains("Too many wrong passwords");
        assertThat(SignIn.attemptFrom(mvc, address, issued.username(), issued.password()).getResponse().getRedirectedUrl())
                .as("and sign-in from that address").isEqualTo("/sign-in?error");
    }

    @Test
    void a_new_password_over_72_bytes_is_refused_with_a_clear_message_not_an_error_page() throws Exception {
        Issued issued = createdByAnAdministrator("PANEL_MEMBER");
        Cookie session = SignIn.as(mvc, issued.username(), issued.password());
        String tooLong = "ä".repeat(37); // 37 characters, 74 bytes
        MvcResult result = mvc.perform(post("/account/password").cookie(session).with(csrf())
                .param("currentPassword", issued.password()).param("newPassword", tooLong)
                .param("confirmPassword", tooLong)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString()).contains("Enter a password of 72 characters or fewer");
        assertThat(Passwords.problemWith("é".repeat(36) + "x", "someone")).startsWith("Enter a password of 72 characters or fewer");
        assertThat(Passwords.problemWith("é".repeat(36), "someone")).isNull();
    }
}
