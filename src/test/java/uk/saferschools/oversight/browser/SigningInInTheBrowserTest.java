package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.TestAccounts;

/** People sign in and out through the real pages in a real browser. */
@BrowserTest
class SigningInInTheBrowserTest {

    @LocalServerPort
    int port;

    Browser browser;

    @BeforeEach
    void open() throws Exception {
        browser = new Browser(port);
    }

    @AfterEach
    void close() throws Exception {
        browser.close();
    }

    @Test
    void an_administrator_signs_in_through_the_sign_in_page_and_out_again() {
        browser.signIn(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
        assertThat(browser.waitForPath("/")).isEqualTo("/");
        assertThat(browser.driver.findElement(By.id("navigation")).getText()).contains("Accounts", "Sign out admin");
        browser.open("/admin/accounts");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Accounts");
        browser.driver.findElement(By.cssSelector("#navigation form button")).click();
        assertThat(browser.waitForPath("/sign-in?signed-out")).isEqualTo("/sign-in?signed-out");
        assertThat(browser.driver.getPageSource()).contains("You have signed out.");
        browser.open("/admin/accounts");
        assertThat(browser.path()).isEqualTo("/sign-in");
    }

    @Test
    void a_wrong_password_shows_the_error_summary() {
        browser.signIn(TestAccounts.AUDITOR, "not the password");
        assertThat(browser.waitForPath("/sign-in?error")).isEqualTo("/sign-in?error");
        assertThat(browser.driver.getTitle()).startsWith("Error: Sign in");
        assertThat(browser.driver.findElement(By.className("govuk-error-summary")).getText())
                .contains("There is a problem", "Enter a correct username and password");
    }

    @Test
    void the_first_tab_on_a_page_reaches_the_skip_link() {
        browser.open("/");
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        var focused = browser.driver.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to main content");
        assertThat(focused.getAttribute("href")).endsWith("#main-content");
    }

    @Test
    void govuk_frontend_starts_under_the_content_security_policy() {
        browser.open("/");
        assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("class"))
                .contains("govuk-frontend-supported", "js-enabled");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
