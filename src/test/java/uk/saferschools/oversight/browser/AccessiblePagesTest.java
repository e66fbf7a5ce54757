package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * axe-core finds no violation of WCAG 2.2 A and AA, nor of its best practices, on each page, as the
 * person who uses it sees it; and the browser logs no script error or Content-Security-Policy refusal.
 */
@BrowserTest
class AccessiblePagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

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
    void an_analyst_runs_and_keeps_an_analysis_from_the_form_and_its_page_is_accessible() throws Exception {
        browser.signIn(TestAccounts.ANALYST, TestAccounts.passwordOf(TestAccounts.ANALYST));
        browser.open("/analysis");
        browser.driver.findElement(By.id("title")).sendKeys("Children, spring 2022");
        browser.driver.findElement(By.id("byBorough")).click();
        browser.driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().matches(".*/analysis/\\d+$"));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).startsWith("Children, spring 2022");
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on a snapshot:%n%s", Browser.describe(violations)).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    void accessible(String state) throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s (%s):%n%s", browser.path(), state, Browser.describe(violations)).isEmpty();
    }

    void press(String button) {
        browser.submitWith(browser.driver.findElements(By.cssSelector("main form button")).stream()
                .filter(b -> b.getText().equals(button)).findFirst().orElseThrow());
    }

    @Test
    void an_analyst_proposes_an_analysis_for_publication_and_the_secretariat_decides_on_accessible_pages() throws Exception {
        long snapshot = jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, records, rates_csv, results_json, report_html)
                values ('Children, a proposal to publish', 'demo-analyst', 'children', 150,
                        'area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability' || chr(10)
                        || 'E23000001,Black,150,100000,1.5,,,,reliable', '{"force": "metropolitan"}', '<p>x</p>') returning id""")
                .query(Long.class).single();
        browser.signIn(TestAccounts.ANALYST, TestAccounts.passwordOf(TestAccounts.ANALYST));
        browser.open("/analysis/" + snapshot);
        accessible("the form to propose it");
        press("Propose for publication");
        assertThat(browser.driver.getTitle()).startsWith("Error: ");
        accessible("the reasons left out");
        browser.driver.findElement(By.id("propose-reasons")).sendKeys("Stable across the three months.");
        press("Propose for publication");
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("The secretariat will publish it or say why not");
        accessible("proposed");

        browser.driver.manage().deleteAllCookies();
        browser.signIn(TestAccounts.SECRETARIAT, TestAccounts.passwordOf(TestAccounts.SECRETARIAT));
        browser.open("/analysis/" + snapshot);
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("Proposed for publication",
                "Stable across the three months.");
        accessible("the proposal, the form to publish it and the form to decline it");
        press("Decline the proposal");
        accessible("a decline without reasons");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @ParameterizedTest(name = "{1} as {0}")
    @CsvSource({
            "anyone, /",
            "anyone, /sign-in",
            "anyone, /sign-in?error",
            "anyone, /accessibility",
            "anyone, /recommendations",
            "anyone, /recommendations/R-003",
            "anyone, /meetings",
            "anyone, /meetings/1",
            "anyone, /members",
            "anyone, /terms-of-reference",
            "anyone, /search?q=search",
            "anyone, /about",
            "anyone, /data",
            "anyone, /publications",
            "anyone, /publications/1",
            "anyone, /schedule",
            "anyone, /documents",
            "anyone, /scrutiny",
            "anyone, /questions",
            "anyone, /api",
            "anyone, /terms-of-reference/versions/1",
            "anyone, /no-such-page-for-the-404",
            TestAccounts.ADMIN + ", /admin/accounts",
            TestAccounts.ADMIN + ", /admin/accounts/new",
            TestAccounts.ADMIN + ", /admin/accounts/1",
            TestAccounts.AUDITOR + ", /audit",
            TestAccounts.MEMBER + ", /account/password",
            TestAccounts.MEMBER + ", /audit",
            TestAccounts.ANALYST + ", /records/imports",
            TestAccounts.ANALYST + ", /analysis",
            TestAccounts.SECRETARIAT + ", /analysis",
            TestAccounts.MEMBER + ", /panel/recommendations",
            TestAccounts.LIAISON + ", /panel/recommendations",
            TestAccounts.LIAISON + ", /panel/recommendations/R-003",
            TestAccounts.LIAISON + ", /panel/requests-to-speak",
            TestAccounts.CHAIR + ", /panel/recommendations/R-001",
            TestAccounts.CHAIR + ", /panel/review-items/1",
            TestAccounts.SECRETARIAT + ", /panel/meetings/1",
            TestAccounts.SECRETARIAT + ", /panel/members",
            TestAccounts.MEMBER + ", /panel/meetings",
            TestAccounts.MEMBER + ", /panel/terms-of-reference/1",
            TestAccounts.MEMBER + ", /panel/review-items",
            TestAccounts.MEMBER + ", /inbox",
            TestAccounts.SECRETARIAT + ", /schedule",
            TestAccounts.SECRETARIAT + ", /manage/publications",
            TestAccounts.SECRETARIAT + ", /analysis/1",
            TestAccounts.ANALYST + ", /analysis/1"})
    void the_page_has_no_accessibility_violations(String who, String path) throws Exception {
        if (!who.equals("anyone")) {
            browser.signIn(who, TestAccounts.passwordOf(who));
            assertThat(browser.waitForPath("/")).as("signed in as " + who).isEqualTo("/");
        }
        browser.open(path);
        assertThat(browser.driver.findElements(By.tagName("h1"))).as("the page has a heading").isNotEmpty();
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s:%n%s", path, Browser.describe(violations)).isEmpty();
        assertThat(browser.consoleErrors()).as("browser console on " + path).isEmpty();
    }
}
