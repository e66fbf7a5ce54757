package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.TestAccounts;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Each role does its main job end to end through the pages, on the demonstration data, in a real
 * headless Chromium: the member drafts a recommendation and edits the terms of reference, the chair
 * agrees and issues a draft found in the inbox, the secretariat runs a meeting from attendance to
 * published minutes (the chair approving them from the inbox), the police liaison answers and then
 * revises an answer, the auditor reads the trail in plain words, the administrator creates an account
 * that then signs in. After each action the confirmation is on screen where the person is looking; axe-core
 * checks the pages on the way.
 */
@BrowserTest
class EachRoleDoesItsMainJobInTheBrowserTest {

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

    String main() {
        return browser.driver.findElement(By.tagName("main")).getText();
    }

    void press(String buttonText) {
        browser.submitWith(browser.driver.findElements(By.cssSelector("main form button")).stream()
                .filter(b -> b.getText().equals(buttonText)).findFirst()
                .orElseThrow(() -> new AssertionError("No button " + buttonText + " on " + browser.path())));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, arguments);
    }

    /** The success banner saying {@code text} is on screen, without scrolling, where the page now is. */
    void confirmedOnScreen(String selector, String text) {
        WebElement banner = browser.driver.findElement(By.cssSelector(selector));
        assertThat(banner.getText()).contains(text);
        double top = ((Number) script("return arguments[0].getBoundingClientRect().top", banner)).doubleValue();
        double height = ((Number) script("return window.innerHeight")).doubleValue();
        assertThat(top).as("the confirmation is in view on %s", browser.path()).isBetween(0.0, height - 40);
    }

    /** A confirmation at the top of the main content, before the page's heading. */
    void confirmedAtTheTop(String text) {
        confirmedOnScreen("main > .govuk-notification-banner--success", text);
        assertThat((Boolean) script("const b = document.querySelector('main > .govuk-notification-banner--success');"
                + "const h = document.querySelector('main h1');"
                + "return !!(b.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)")).as("above the heading").isTrue();
    }

    String drafted(String title, String body) {
        as(TestAccounts.MEMBER);
        browser.open("/panel/recommendations");
        field("title").sendKeys(title);
        field("body").sendKeys(body);
        press("Save the draft");
        return browser.waitForPathMatching("/panel/recommendations/R-\\d+");
    }

    @Test
    void a_member_drafts_a_recommendation_from_an_empty_form_and_edits_a_section_of_the_terms_of_reference() throws Exception {
        as(TestAccounts.MEMBER);
        browser.open("/panel/recommendations");
        accessible();
        assertThat(field("title").getAttribute("value")).as("the Title box starts empty").isEmpty();
        field("title").sendKeys("Record the reason for every search of a child at school");
        field("body").sendKeys("Officers record the grounds for every search of a child at a school, in the child's words too.");
        press("Save the draft");
        assertThat(browser.waitForPathMatching("/panel/recommendations/R-\\d+")).matches("/panel/recommendations/R-\\d{3}");
        confirmedAtTheTop("awaits the panel's agreement");
        accessible();

        // the terms of reference draft of the demonstration data: each section once, its form only on asking
        browser.open("/panel/terms-of-reference/1");
        WebElement frequency = field("section-FREQUENCY");
        assertThat(frequency.isDisplayed()).as("the form is closed until asked for").isFalse();
        accessible();
        browser.driver.findElements(By.cssSelector("main details summary")).stream()
                .filter(s -> s.getText().contains("Edit this section") && s.getText().contains("Frequency of meetings"))
                .findFirst().orElseThrow().click();
        frequency.clear();
        frequency.sendKeys("Five times a year, and when the chair or three members call a meeting.");
        press("Save Frequency of meetings");
        confirmedAtTheTop("Frequency of meetings saved.");
        assertThat(field("credit-FREQUENCY").getText()).contains("by Panel member (" + TestAccounts.MEMBER + ")");
        assertThat(field("credit-PURPOSE").getText()).contains("by Secretariat (" + TestAccounts.SECRETARIAT + ")");
        browser.open("/panel/terms-of-reference");
        assertThat(main()).doesNotContain("Start a new version");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void the_chair_finds_a_draft_in_the_inbox_agrees_it_and_issues_it_with_a_date_typed_as_the_hint_shows() throws Exception {
        String path = drafted("Publish how many children each school's officer searched",
                "Each term, for each school with a Safer Schools Officer, the number of children searched.");
        String reference = path.substring(path.lastIndexOf('/') + 1);

        as(TestAccounts.CHAIR);
        browser.open("/inbox");
        accessible();
        browser.driver.findElements(By.cssSelector("main a")).stream()
                .filter(a -> a.getText().contains("Draft recommendation " + reference + " awaits the panel's agreement"))
                .findFirst().orElseThrow(() -> new AssertionError("No inbox item for " + reference + ": " + main())).click();
        assertThat(browser.waitForPath(path)).isEqualTo(path);
        field("decision").sendKeys("Agreed at the meeting of 12 March 2027, unanimously");
        press("Record agreement");
        confirmedAtTheTop("The panel's agreement is recorded.");
        accessible();

        String hint = field("responseDue-hint").getText();
        String example = hint.substring(hint.lastIndexOf(' ') + 1);
        assertThat(LocalDate.parse(example)).as("the hint's example is a date of the kind the box takes").isAfter(LocalDate.now());
        assertThat(field("responseDue").getAttribute("type")).isEqualTo("text");
        field("responseDue").sendKeys(LocalDate.now(LondonTime.LONDON).plusDays(30).toString());
        press("Issue the recommendation");
        confirmedAtTheTop("Issued to the police.");
        assertThat(main()).contains("Issued, awaiting the police response");

        browser.driver.manage().deleteAllCookies();
        browser.open("/recommendations/" + reference);
        assertThat(main()).contains("Publish how many children each school's officer searched");
        accessible();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void the_secretariat_runs_a_meeting_from_attendance_to_published_minutes_that_say_who_approved_them() throws Exception {
        as(TestAccounts.SECRETARIAT);
        browser.open("/panel/meetings");
        String title = "Panel meeting: searches at the school gate";
        field("meeting-title").sendKeys(title);
        browser.setValue("meeting-date", LocalDate.now(LondonTime.LONDON).plusDays(1).toString());
        browser.setValue("meeting-time", "18:00");
        field("meeting-place").sendKeys("City Hall, Kamal Chunchie Way, London E16");
        press("Arrange the meeting");
        String meeting = browser.waitForPathMatching("/panel/meetings/\\d+");
        confirmedAtTheTop("Meeting arranged.");
        accessible();
        field("item").sendKeys("Searches at the school gate: what the figures show");
        press("Add the item");
        confirmedAtTheTop("Agenda item added");

        // every serving person present, each button bringing the page back to the attendance, confirmed there
        List<String> buttons = browser.driver.findElements(By.cssSelector("#attendance ~ table button[value=PRESENT]")).stream()
                .map(WebElement::getText).toList();
        assertThat(buttons).hasSizeGreaterThanOrEqualTo(4);
        for (String button : buttons) {
            press(button);
            assertThat(browser.driver.getCurrentUrl()).endsWith(meeting + "#attendance");
            confirmedOnScreen("#attendance + .govuk-notification-banner--success", button);
            assertThat(((Number) script("return window.scrollY")).doubleValue()).as("not back at the top").isPositive();
        }
        String quorum = field("quorum").getText();
        assertThat(quorum).matches("\\d+ of the \\d+ chair and members present; quorate \\(quorum \\d+\\)");
        assertThat(field("also-present").getText()).startsWith("Also present, not counted for the quorum: ")
                .contains("(Secretariat)", "(Police liaison)");
        accessible();

        field("minutes").sendKeys("1. The panel discussed searches at the school gate.\n2. Actions: the secretariat to write to the borough.");
        press("Save the draft minutes");
        confirmedAtTheTop("Draft minutes saved.");

        as(TestAccounts.CHAIR);
        browser.open("/inbox");
        browser.driver.findElements(By.cssSelector("main a")).stream()
                .filter(a -> a.getText().contains("Draft minutes of " + title + " await your approval"))
                .findFirst().orElseThrow(() -> new AssertionError("No inbox item for the minutes: " + main())).click();
        assertThat(browser.waitForPath(meeting)).isEqualTo(meeting);
        press("Approve version 1 of the minutes");
        confirmedAtTheTop("Minutes approved.");
        assertThat(field("approved-by").getText()).startsWith("Approved by the chair (" + TestAccounts.CHAIR + ") on ");

        as(TestAccounts.SECRETARIAT);
        browser.open(meeting);
        press("Publish the minutes");
        confirmedAtTheTop("Minutes published.");

        browser.driver.manage().deleteAllCookies();
        browser.open(meeting.replace("/panel", ""));
        assertThat(field("quorum").getText()).isEqualTo(quorum + ".");
        assertThat(field("approved-by").getText()).startsWith("Approved by the chair on ").doesNotContain(TestAccounts.CHAIR);
        assertThat(main()).contains("The panel discussed searches at the school gate.", "Also present, not counted for the quorum");
        accessible();
        browser.open("/members");
        assertThat(main()).contains("The chair and members", "Also attending");
        accessible();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void the_police_liaison_answers_a_recommendation_and_revises_the_answer_from_the_current_one() throws Exception {
        as(TestAccounts.LIAISON);
        browser.open("/panel/recommendations");
        browser.driver.findElements(By.cssSelector("main table tr")).stream()
                .filter(r -> r.getText().contains("Body-worn video switched on at every encounter in school"))
                .findFirst().orElseThrow().findElement(By.tagName("a")).click();
        String path = browser.waitForPathMatching("/panel/recommendations/R-\\d+");
        accessible();
        field("decision-PARTLY_ACCEPTED").click();
        field("reasons").sendKeys("Switched on at every search now; at every encounter once new cameras arrive.");
        field("action1").sendKeys("Brief every Safer Schools Officer");
        field("due1").sendKeys("2027-03-31");
        field("action2").sendKeys("Replace the older cameras");
        field("due2").sendKeys("2027-09-30");
        press("Send the response");
        confirmedAtTheTop("The police response is sent.");

        // the revise form holds the current answer: change one date, send it again
        assertThat(field("decision-PARTLY_ACCEPTED").isSelected()).isTrue();
        assertThat(field("reasons").getAttribute("value")).startsWith("Switched on at every search now");
        assertThat(field("action1").getAttribute("value")).isEqualTo("Brief every Safer Schools Officer");
        assertThat(field("due2").getAttribute("value")).isEqualTo("2027-09-30");
        accessible();
        field("due2").clear();
        field("due2").sendKeys("2027-07-31");
        press("Send the revised response");
        confirmedAtTheTop("The police response is sent.");
        assertThat(main()).contains("Brief every Safer Schools Officer", "2027-03-31", "Replace the older cameras", "2027-07-31")
                .doesNotContain("2027-09-30").doesNotContain(TestAccounts.CHAIR, TestAccounts.MEMBER, TestAccounts.SECRETARIAT);

        browser.driver.manage().deleteAllCookies();
        browser.open(path.replace("/panel", ""));
        assertThat(main()).contains("Partly accepted", "Replace the older cameras", "2027-07-31");
        accessible();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void the_auditor_signs_in_from_login_and_reads_the_trail_in_plain_words() throws Exception {
        browser.open("/login");
        assertThat(browser.waitForPath("/sign-in")).isEqualTo("/sign-in");
        field("username").sendKeys(TestAccounts.AUDITOR);
        field("password").sendKeys(TestAccounts.AUDITOR_PASSWORD);
        press("Sign in");
        assertThat(browser.path()).as("a real page, not /login?continue").isEqualTo("/");
        assertThat(browser.driver.getTitle()).doesNotContain("Page not found");

        browser.open("/audit");
        assertThat(main()).contains("Everything the service records of who did what", "Recommendation drafted",
                "Terms of reference section edited", "TOR_SECTION_EDITED");
        accessible();
        new Select(field("action")).selectByVisibleText("Minutes approved (MINUTES_APPROVED)");
        press("Apply filter");
        String table = field("audit-entries").getText();
        assertThat(table).contains("Minutes approved").doesNotContain("Recommendation drafted");
        press("Check the whole chain");
        assertThat(main()).containsIgnoringCase("intact");
        accessible();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void the_administrator_creates_an_account_that_then_signs_in() throws Exception {
        as(TestAccounts.ADMINISTRATOR);
        browser.open("/admin/accounts/new");
        accessible();
        field("displayName").sendKeys("Priya Panel");
        field("username").sendKeys("priya.panel@example.org");
        browser.driver.findElement(By.cssSelector("label[for=role-PANEL_MEMBER]")).click();
        press("Create account");
        String password = field("issued-password").getText();
        assertThat(password).isNotBlank();
        assertThat(main()).contains("Priya Panel");
        accessible();

        browser.driver.manage().deleteAllCookies();
        browser.signIn("priya.panel@example.org", password);
        // the one-time password is changed at once, then the panel's pages open
        if (browser.path().startsWith("/account/password")) {
            field("currentPassword").sendKeys(password);
            field("newPassword").sendKeys("a new passphrase for priya");
            field("confirmPassword").sendKeys("a new passphrase for priya");
            press("Change password");
        }
        browser.open("/panel/recommendations");
        assertThat(browser.path()).isEqualTo("/panel/recommendations");
        assertThat(browser.driver.findElement(By.id("navigation")).getText()).contains("Sign out priya.panel@example.org");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
