package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.records.EncounterFiles;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A body-worn video review session through the pages (issue 15): the chair draws a sample and sets up a
 * session; the chair and a member each score an encounter alone, neither seeing the other's score before
 * submitting their own; the chair records the consensus and raises an action point; the police liaison answers
 * it; a later session carries it forward; the secretariat publishes the quarter's findings, which the public sees
 * on /scrutiny; the chair closes the action point. axe-core is clean on every page.
 */
@BrowserTest
class ReviewingBodyWornVideoInTheBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    TabularImports imports;
    @TempDir
    Path directory;

    Browser chair;
    Browser member;
    Browser liaison;

    @BeforeEach
    void open() throws Exception {
        chair = new Browser(port);
        member = new Browser(port);
        liaison = new Browser(port);
    }

    @AfterEach
    void close() throws Exception {
        chair.close();
        member.close();
        liaison.close();
    }

    private static void accessible(Browser browser, String what) throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s:%n%s", what, Browser.describe(violations)).isEmpty();
        assertThat(browser.consoleErrors()).as(what).isEmpty();
    }

    private static String main(Browser browser) {
        return browser.driver.findElement(By.tagName("main")).getText();
    }

    private static void choose(Browser browser, String id) {
        browser.driver.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    private static void button(Browser browser, String text) {
        browser.submitWith(browser.driver.findElements(By.cssSelector("main form button")).stream()
                .filter(b -> b.getText().equals(text)).findFirst().orElseThrow());
    }

    @Test
    void the_chair_and_a_member_score_alone_and_the_chair_records_the_consensus() throws Exception {
        EncounterFiles.encountersOf(imports, directory, 2011, 10);
        chair.signIn(TestAccounts.CHAIR, TestAccounts.passwordOf(TestAccounts.CHAIR));
        chair.driver.findElement(By.cssSelector("nav[aria-label=Menu]")).findElement(By.linkText("Video reviews")).click();
        assertThat(chair.waitForPath("/panel/scrutiny")).isEqualTo("/panel/scrutiny");
        accessible(chair, "/panel/scrutiny");
        chair.driver.findElement(By.linkText("Draw a sample")).click();
        chair.waitForPath("/panel/scrutiny/samples/new");
        accessible(chair, "the form to draw a sample");
        // a mistake first: a seed that is not a number is refused, saying so
        chair.driver.findElement(By.id("title")).sendKeys("Spring 2011 review");
        chair.setValue("from", "2011-01-01");
        chair.setValue("to", "2011-12-31");
        chair.driver.findElement(By.id("size")).clear();
        chair.driver.findElement(By.id("size")).sendKeys("2");
        chair.driver.findElement(By.id("seed")).sendKeys("eleven");
        button(chair, "Draw the sample");
        assertThat(main(chair)).contains("There is a problem", "Enter the seed as a whole number");
        accessible(chair, "the form with an error");
        chair.driver.findElement(By.id("seed")).clear();
        chair.driver.findElement(By.id("seed")).sendKeys("11");
        button(chair, "Draw the sample");
        assertThat(chair.waitForPathMatching("/panel/scrutiny/samples/\\d+")).matches("/panel/scrutiny/samples/\\d+");
        assertThat(main(chair)).contains("Sample drawn", "Random: 2 of the 10 encounters the filters admit", "11");
        accessible(chair, "a sample");

        chair.setValue("held-on", "2011-06-01");
        choose(chair, chair.driver.findElements(By.cssSelector("#members input")).stream()
                .filter(i -> i.getAttribute("value").equals(TestAccounts.CHAIR)).findFirst().orElseThrow().getAttribute("id"));
        choose(chair, chair.driver.findElements(By.cssSelector("#members input")).stream()
                .filter(i -> i.getAttribute("value").equals(TestAccounts.MEMBER)).findFirst().orElseThrow().getAttribute("id"));
        button(chair, "Set up the session");
        String session = chair.waitForPathMatching("/panel/scrutiny/sessions/\\d+");
        assertThat(session).matches("/panel/scrutiny/sessions/\\d+");
        assertThat(main(chair)).contains("Review session set up", "0 of 2", "To do");
        accessible(chair, "a session");

        chair.open(session + "/encounters/1");
        accessible(chair, "an encounter to score");
        choose(chair, "footage_available-yes");
        choose(chair, "grounds-yes");
        choose(chair, "you_are_detained-no");
        choose(chair, "rating-AMBER");
        chair.driver.findElement(By.id("rationale")).sendKeys("Plovercrest: detention was not explained");
        button(chair, "Submit my score");
        assertThat(main(chair)).contains("Your score is submitted: amber", "1 of the 2 members present have submitted");

        member.signIn(TestAccounts.MEMBER, TestAccounts.passwordOf(TestAccounts.MEMBER));
        member.open(session + "/encounters/1");
        assertThat(main(member)).doesNotContain("Plovercrest").contains("Others' scores are shown once you have submitted your own");
        choose(member, "footage_available-yes");
        choose(member, "rating-GREEN");
        member.driver.findElement(By.id("rationale")).sendKeys("Courteous and clear");
        button(member, "Submit my score");
        assertThat(main(member)).contains("Your score is submitted: green", "Plovercrest: detention was not explained", "Courteous and clear");
        accessible(member, "an encounter scored by all");

        chair.open(session + "/encounters/1");
        assertThat(main(chair)).contains("Record the consensus", "Courteous and clear");
        choose(chair, "footage_available-yes");
        choose(chair, "rating-AMBER");
        chair.driver.findElement(By.id("rationale")).sendKeys("Detention to be explained in future");
        button(chair, "Record the consensus");
        assertThat(main(chair)).contains("Consensus recorded: amber", "Detention to be explained in future", "AMBER=1", "GREEN=1");
        accessible(chair, "an encounter with its consensus");
        chair.open(session);
        assertThat(main(chair)).contains("Recorded");

        // an action point for the police, answered by the liaison and closed by the chair
        chair.driver.findElement(By.id("ap-text")).sendKeys("Explain detention at the start of every search of a pupil.");
        button(chair, "Raise the action point");
        assertThat(main(chair)).contains("Action point raised", "(No response yet): Explain detention at the start");
        accessible(chair, "a session with an action point");
        liaison.signIn(TestAccounts.LIAISON, TestAccounts.passwordOf(TestAccounts.LIAISON));
        liaison.driver.findElement(By.cssSelector("nav[aria-label=Menu]")).findElement(By.linkText("Video review action points")).click();
        assertThat(liaison.waitForPath("/panel/scrutiny/action-points")).isEqualTo("/panel/scrutiny/action-points");
        accessible(liaison, "the police liaison's action points");
        String card = liaison.driver.findElements(By.cssSelector(".govuk-summary-card")).stream()
                .filter(c -> c.getText().contains("Explain detention at the start")).findFirst().orElseThrow()
                .findElement(By.tagName("textarea")).getAttribute("id");
        liaison.driver.findElement(By.id(card)).sendKeys("All officers are reminded in this week's briefing.");
        choose(liaison, card.replace("answer-", "suggest-"));
        liaison.submitWith(liaison.driver.findElement(By.id(card)).findElement(By.xpath("ancestor::form//button")));
        assertThat(main(liaison)).contains("Answer sent: police suggest closing", "All officers are reminded");
        // the police see no score, and cannot open the session's pages
        assertThat(main(liaison)).doesNotContain("Plovercrest", "Courteous and clear");
        liaison.open(session + "/encounters/1");
        assertThat(main(liaison)).doesNotContain("Plovercrest", "Courteous and clear");

        // a later session of the same sample carries the open action point forward
        chair.open("/panel/scrutiny");
        chair.driver.findElements(By.linkText("Spring 2011 review")).stream().filter(a -> a.getAttribute("href").contains("/samples/"))
                .findFirst().orElseThrow().click();
        chair.waitForPathMatching("/panel/scrutiny/samples/\\d+");
        chair.driver.findElement(By.id("session-title")).clear();
        chair.driver.findElement(By.id("session-title")).sendKeys("Autumn 2011 review");
        chair.setValue("held-on", "2011-10-01");
        choose(chair, chair.driver.findElements(By.cssSelector("#members input")).stream()
                .filter(i -> i.getAttribute("value").equals(TestAccounts.CHAIR)).findFirst().orElseThrow().getAttribute("id"));
        button(chair, "Set up the session");
        assertThat(main(chair)).contains("Carried forward from earlier sessions, not yet closed", "Explain detention at the start");
        accessible(chair, "a later session with an action point carried forward");

        // the secretariat publishes the quarter's findings, which the public then sees
        Browser secretariat = new Browser(port);
        try {
            secretariat.signIn(TestAccounts.SECRETARIAT, TestAccounts.passwordOf(TestAccounts.SECRETARIAT));
            secretariat.open("/panel/scrutiny");
            new org.openqa.selenium.support.ui.Select(secretariat.driver.findElement(By.id("quarter"))).selectByValue("2011-Q1");
            button(secretariat, "Publish the findings");
            assertThat(main(secretariat)).contains("The findings of 2011-Q1 are published");
            accessible(secretariat, "the reviews page after publishing findings");
        } finally {
            secretariat.close();
        }
        Browser visitor = new Browser(port);
        try {
            visitor.open("/scrutiny");
            assertThat(main(visitor)).contains("What the reviews found", "Encounters of 2011-Q1",
                    "These figures have small changes to protect children").doesNotContain("Plovercrest", "Courteous and clear");
            accessible(visitor, "/scrutiny with findings");
        } finally {
            visitor.close();
        }

        chair.open("/panel/scrutiny/action-points");
        String note = card.replace("answer-", "note-");
        chair.driver.findElement(By.id(note)).sendKeys("Done, as the police say.");
        chair.submitWith(chair.driver.findElement(By.id(note)).findElement(By.xpath("ancestor::form//button")));
        assertThat(main(chair)).contains("Action point closed", "Closed by the chair");
        accessible(chair, "the action points after closing one");
    }
}
