package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A recommendation walked through the real pages in a real browser: a member drafts it, the chair
 * records the panel's agreement and issues it, the police liaison responds with an action plan, the
 * chair closes it; the public page shows it with the response; axe-core checks each page on the way.
 */
@BrowserTest
class RecommendationInTheBrowserTest {

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

    void as(String who) {
        browser.open("/");
        browser.driver.manage().deleteAllCookies();
        browser.signIn(who, TestAccounts.passwordOf(who));
        assertThat(browser.waitForPath("/")).as("signed in as " + who).isEqualTo("/");
    }

    void accessible() throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s:%n%s", browser.path(), Browser.describe(violations)).isEmpty();
    }

    WebElement field(String id) {
        return browser.driver.findElement(By.id(id));
    }

    void submit(String buttonText) {
        browser.submitWith(browser.driver.findElements(By.cssSelector("main form button")).stream()
                .filter(b -> b.getText().equals(buttonText)).findFirst().orElseThrow());
    }

    @Test
    void a_recommendation_goes_from_draft_to_police_response_to_closure() throws Exception {
        as(TestAccounts.MEMBER);
        browser.open("/panel/recommendations");
        accessible();
        field("title").sendKeys("Tell parents after every search of their child");
        field("body").sendKeys("Within 24 hours, a letter to the parent or carer of every child searched.");
        submit("Save the draft");
        String path = browser.waitForPathMatching("/panel/recommendations/R-\\d+");
        assertThat(path).matches("/panel/recommendations/R-\\d{3}");
        String reference = path.substring(path.lastIndexOf('/') + 1);
        accessible();

        as(TestAccounts.CHAIR);
        browser.open(path);
        field("decision").sendKeys("Agreed at the meeting of 12 March 2027");
        submit("Record agreement");
        browser.setValue("responseDue", LocalDate.now().plusDays(28).toString());
        submit("Issue the recommendation");
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("Issued, awaiting the police response");

        as(TestAccounts.LIAISON);
        browser.open(path);
        accessible();
        field("decision-PARTLY_ACCEPTED").click();
        field("reasons").sendKeys("Letters for strip searches now; for all searches from the autumn.");
        field("action1").sendKeys("Template letter agreed with schools");
        browser.setValue("due1", "2027-06-30");
        submit("Send the response");
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("Partly accepted", "In progress");

        as(TestAccounts.CHAIR);
        browser.open(path);
        field("reason").sendKeys("The panel will follow the autumn change as a new item.");
        submit("Close");

        browser.driver.manage().deleteAllCookies();
        browser.open("/recommendations/" + reference);
        String page = browser.driver.findElement(By.tagName("main")).getText();
        assertThat(page).contains("Tell parents after every search of their child", "Partly accepted",
                "Template letter agreed with schools", "2027-06-30", "Closed", "(Chair):");
        accessible();
        browser.open("/recommendations");
        accessible();
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
