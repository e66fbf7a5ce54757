package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.publication.PublicationProposals;
import uk.saferschools.oversight.publication.Publications;
import uk.saferschools.oversight.support.KeptAnalyses;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The secretariat's main job, through the pages: find the proposals waiting on the publishing page,
 * read one, publish it fulfilling an item of the schedule, and see the schedule say so; and be stopped,
 * with the publications named, before publishing a period that overlaps one already out.
 */
@BrowserTest
class PublishingAnAnalysisInTheBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PublicationProposals proposals;
    @Autowired
    Publications publications;

    Browser browser;

    @BeforeEach
    void open() throws Exception {
        browser = new Browser(port);
    }

    @AfterEach
    void close() throws Exception {
        browser.close();
    }

    private long snapshot(String title, String from, String to) {
        return KeptAnalyses.ofChildren(jdbc, title, from, to);
    }

    private void accessible(String what) throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s:%n%s", what, Browser.describe(violations)).isEmpty();
        assertThat(browser.consoleErrors()).as(what).isEmpty();
    }

    private String main() {
        return browser.driver.findElement(By.tagName("main")).getText();
    }

    private void publish() {
        browser.submitWith(browser.driver.findElements(By.cssSelector("main form button")).stream()
                .filter(b -> b.getText().equals("Publish")).findFirst().orElseThrow());
    }

    @Test
    void the_secretariat_publishes_a_proposal_and_the_schedule_shows_it_done() throws Exception {
        long snapshot = snapshot("Curlew children, winter 2041", "2041-01-01", "2041-03-31");
        proposals.propose(snapshot, "Curlew figures for the public", "Two stable months.",
                new Actor(TestAccounts.ANALYST, "ANALYST"));
        publications.schedule("Curlew winter figures", "", LocalDate.now().plusMonths(1),
                new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT"));

        browser.signIn(TestAccounts.SECRETARIAT, TestAccounts.passwordOf(TestAccounts.SECRETARIAT));
        browser.driver.findElement(By.cssSelector("nav[aria-label=Menu]")).findElement(By.linkText("Publishing")).click();
        assertThat(browser.waitForPath("/manage/publications")).isEqualTo("/manage/publications");
        assertThat(main()).contains("Proposals waiting for a decision", "Curlew figures for the public");
        accessible("/manage/publications");
        browser.driver.findElement(By.cssSelector("main a[href$='/analysis/" + snapshot + "#publish']")).click();
        assertThat(browser.waitForPathMatching("/analysis/" + snapshot + ".*")).startsWith("/analysis/" + snapshot);
        browser.driver.findElement(By.id("publish-summary")).sendKeys("Two months of children's searches.");
        new Select(browser.driver.findElement(By.id("publish-schedule"))).selectByVisibleText(
                "Curlew winter figures, due " + LocalDate.now().plusMonths(1));
        accessible("the form to publish");
        publish();
        assertThat(browser.waitForPathMatching("/publications/\\d+")).matches("/publications/\\d+");
        String publication = browser.path();
        assertThat(main()).contains("Curlew figures for the public");

        browser.open("/schedule");
        var row = browser.driver.findElements(By.cssSelector("main tr")).stream()
                .filter(r -> r.getText().contains("Curlew winter figures")).findFirst().orElseThrow();
        assertThat(row.findElement(By.tagName("a")).getAttribute("href")).endsWith(publication);
        browser.open("/manage/publications");
        assertThat(browser.driver.findElements(By.cssSelector("main a[href$='/analysis/" + snapshot + "#publish']")))
                .as("no longer waiting").isEmpty();
        accessible("/manage/publications after publishing");
    }

    @Test
    void a_period_that_is_not_fixed_is_refused_with_the_reason_and_an_overlapping_one_is_protected_jointly() throws Exception {
        long first = snapshot("Plover spring 2042", "2042-04-01", "2042-06-30");
        publications.publish(first, "Plover spring 2042", "S.", null, new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT"));
        long months = snapshot("Plover March to August 2042", "2042-03-01", "2042-08-31");

        browser.signIn(TestAccounts.SECRETARIAT, TestAccounts.passwordOf(TestAccounts.SECRETARIAT));
        browser.open("/analysis/" + months);
        browser.driver.findElement(By.id("publish-summary")).sendKeys("Six months.");
        publish();
        assertThat(browser.driver.getTitle()).startsWith("Error: ");
        assertThat(main()).contains("Figures are published for a calendar quarter");
        accessible("a period that is not fixed, refused");

        long year = snapshot("Plover 2042/43", "2042-04-01", "2043-03-31");
        browser.open("/analysis/" + year);
        assertThat(main()).contains("This analysis shares records with", "“Plover spring 2042” (2042-04-01 to 2042-06-30)",
                "It will be protected together with them");
        accessible("the form to publish, over the records of another publication");
        browser.driver.findElement(By.id("publish-summary")).sendKeys("A year.");
        publish();
        assertThat(browser.waitForPathMatching("/publications/\\d+")).matches("/publications/\\d+");
    }
}
