package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * The analyst uploads police.uk files through the records page in a real browser and follows each
 * import to its end: the page says what happened to the file, the counts read as numbers do, and
 * axe-core checks the upload, job and import pages on the way.
 */
@BrowserTest
class ImportingRecordsInTheBrowserTest {

    static final String HEADER = "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,"
            + "Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
            + "Outcome linked to object of search,Removal of more than just outer clothing";

    @LocalServerPort
    int port;

    @TempDir
    Path folder;

    Browser browser;

    @BeforeEach
    void open() throws Exception {
        browser = new Browser(port);
        browser.signIn(TestAccounts.ANALYST, TestAccounts.passwordOf(TestAccounts.ANALYST));
        assertThat(browser.waitForPath("/")).isEqualTo("/");
    }

    @AfterEach
    void close() throws Exception {
        browser.close();
    }

    /** A police.uk file for a month: {@code valid} rows of a boy searched in Lambeth, then {@code invalid} with a bad gender. */
    Path policeUkFile(String month, int valid, int invalid) throws Exception {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < valid + invalid; i++) {
            lines.add("Person search," + month + "-15T16:30:00+00:00,False,,51.462,-0.115," + (i < valid ? "Male" : "x")
                    + ",10-17,Black/African/Caribbean/Black British - Caribbean,Black,Misuse of Drugs Act 1971 (section 23),"
                    + "Controlled drugs,A no further action disposal,,False");
        }
        return Files.write(folder.resolve(month + "-metropolitan-stop-and-search.csv"), lines);
    }

    /** Uploads through the form and waits, without refreshing by hand, for the page to say the import has ended. */
    String upload(Path file) throws Exception {
        browser.open("/records/imports");
        accessible();
        browser.driver.findElement(By.id("file")).sendKeys(file.toString());
        browser.submitWith(browser.driver.findElement(By.cssSelector("main form button[type=submit]")));
        assertThat(browser.waitForPathMatching("/records/imports/jobs/.+")).startsWith("/records/imports/jobs/");
        new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> !d.findElement(By.tagName("h1")).getText().startsWith("Importing "));
        accessible();
        assertThat(browser.consoleErrors()).as("browser console on " + browser.path()).isEmpty();
        return browser.driver.findElement(By.tagName("h1")).getText();
    }

    String main() {
        return browser.driver.findElement(By.tagName("main")).getText();
    }

    void accessible() throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s:%n%s", browser.path(), Browser.describe(violations)).isEmpty();
    }

    void followTheLinkToTheImport() throws Exception {
        browser.submitWith(browser.driver.findElement(By.linkText("See this import and its validation report")));
        assertThat(browser.path()).matches("/records/imports/\\d+");
        accessible();
    }

    String historyRow(String fileName) {
        browser.open("/records/imports");
        return browser.driver.findElements(By.cssSelector("main table tr")).stream().map(r -> r.getText())
                .filter(t -> t.startsWith(fileName)).findFirst().orElseThrow();
    }

    @Test
    void a_finished_import_says_imported_with_its_count_in_thousands() throws Exception {
        Path file = policeUkFile("2013-07", 1234, 0);
        assertThat(upload(file)).isEqualTo("Imported 2013-07-metropolitan-stop-and-search.csv");
        assertThat(browser.driver.getTitle()).startsWith("Imported 2013-07-metropolitan-stop-and-search.csv");
        assertThat(main()).contains("1,234 records imported for metropolitan 2013-07").doesNotContain("1234");
        followTheLinkToTheImport();
        assertThat(main()).contains("police.uk stop and search", "1,234 read, 1,234 imported, 0 quarantined");
        assertThat(historyRow(file.getFileName().toString())).contains("Imported 1,234");
    }

    @Test
    void a_rejected_import_says_rejected_and_counts_one_problem_as_one() throws Exception {
        Path file = policeUkFile("2013-08", 2, 1);
        assertThat(upload(file)).isEqualTo("Rejected 2013-08-metropolitan-stop-and-search.csv");
        assertThat(main()).contains("The file was rejected and nothing was imported", "line 4, column 7 (Gender)");
        followTheLinkToTheImport();
        assertThat(browser.driver.findElement(By.cssSelector("main h2")).getText()).isEqualTo("1 problem");
        assertThat(historyRow(file.getFileName().toString())).contains("Rejected: 1 problem");
    }
}
