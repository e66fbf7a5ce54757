package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The analyst's main job, through the real pages in a real browser, on the demonstration data (March
 * to May 2022): upload another month (July 2022: the June 2016 test file with its dates moved on), run
 * an analysis of March to July, read that June is missing, open the report, and propose the analysis
 * for publication; axe-core checks each page on the way.
 */
@BrowserTest
class AnalysingAndProposingInTheBrowserTest {

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    Browser browser;

    @BeforeEach
    void open() throws Exception {
        browser = new Browser(port);
    }

    @AfterEach
    void close() throws Exception {
        browser.close();
    }

    void accessible(String state) throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s (%s):%n%s", browser.path(), state, Browser.describe(violations)).isEmpty();
    }

    WebElement main() {
        return browser.driver.findElement(By.tagName("main"));
    }

    /** July 2022 of the Metropolitan Police: the real June 2016 file, each date moved on by six years and one month. */
    Path july2022() throws Exception {
        String june2016 = Files.readString(Path.of("src/test/resources/police-uk/2016-06-metropolitan-stop-and-search.csv"),
                StandardCharsets.UTF_8);
        String july2022 = june2016.replace(",2016-05-31T", ",2022-06-30T").replace(",2016-06-", ",2022-07-");
        return Files.writeString(directory.resolve("2022-07-metropolitan-stop-and-search.csv"), july2022, StandardCharsets.UTF_8);
    }

    @Test
    void an_analyst_uploads_a_month_analyses_a_period_reads_the_month_missing_and_proposes_it() throws Exception {
        browser.signIn(TestAccounts.ANALYST, TestAccounts.passwordOf(TestAccounts.ANALYST));

        browser.open("/records/imports");
        accessible("the upload form");
        browser.driver.findElement(By.id("file")).sendKeys(july2022().toAbsolutePath().toString());
        browser.submitWith(browser.driver.findElement(By.cssSelector("main form button[type=submit]")));
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d -> {
            if (d.findElements(By.cssSelector(".govuk-panel__title, .govuk-error-summary")).isEmpty()) {
                d.navigate().refresh();
                return false;
            }
            return true;
        });
        assertThat(browser.driver.findElement(By.cssSelector(".govuk-panel__title")).getText()).isIn("Imported", "Already imported");

        browser.open("/analysis");
        assertThat(main().getText()).contains("metropolitan: months held: March to May and July 2022; no records for June 2022.");
        accessible("the analysis form with its months");
        browser.driver.findElement(By.id("title")).sendKeys("Children, March to July 2022");
        new Select(browser.driver.findElement(By.id("from"))).selectByValue("2022-03");
        Select to = new Select(browser.driver.findElement(By.id("to")));
        assertThat(to.getOptions().stream().map(WebElement::getText)).contains("June 2022 (no records held)", "July 2022");
        to.selectByValue("2022-07");
        browser.driver.findElement(By.id("byBorough")).click();
        browser.driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        String snapshot = browser.waitForPathMatching("/analysis/\\d+");
        assertThat(snapshot).matches("/analysis/\\d+");
        assertThat(main().getText()).contains("Children, March to July 2022",
                "2022-03-01 to 2022-07-31 (months held: March to May and July 2022; no records for June 2022)",
                "Barking and Dagenham", "E09000002", "Metropolitan Police area");
        assertThat(main().getText()).containsPattern("\\d{1,3},\\d{3} records");
        accessible("the snapshot");

        browser.driver.findElement(By.linkText("The report, with findings, caveats and methods (opens as a web page)")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/report.html"));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).startsWith("Stop and search of children");
        assertThat(main().getText()).contains("no records for June 2022", "no records held",
                "limits are centred on the force area's rate for the group");
        assertThat(browser.consoleErrors()).as("the report's own style sheet is allowed").isEmpty();
        accessible("the report, opened in the browser");

        browser.open(snapshot);
        browser.driver.findElement(By.id("propose-reasons")).sendKeys("Four months held; June is missing and said so.");
        browser.submitWith(browser.driver.findElements(By.cssSelector("main form button")).stream()
                .filter(b -> b.getText().equals("Propose for publication")).findFirst().orElseThrow());
        WebElement banner = browser.driver.findElement(By.cssSelector(".govuk-notification-banner"));
        assertThat(banner.getText()).contains("Proposed for publication by " + TestAccounts.ANALYST,
                "The secretariat will publish it or say why not.");
        assertThat(banner.getLocation().getY()).as("the banner is above the heading, where the page opens")
                .isLessThan(browser.driver.findElement(By.tagName("h1")).getLocation().getY());
        accessible("proposed");

        browser.open("/analysis");
        WebElement row = browser.driver.findElements(By.cssSelector("main tbody tr")).stream()
                .filter(r -> !r.findElements(By.cssSelector("a[href$='" + snapshot + "']")).isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + snapshot + " in " + main().getText()));
        assertThat(row.getText()).contains("Children, March to July 2022", "Proposed", "no records for June 2022");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
