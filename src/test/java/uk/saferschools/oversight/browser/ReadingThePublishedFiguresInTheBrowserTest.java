package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.saferschools.oversight.support.GarbledText;

/**
 * The public's main job, on the demonstration data: a parent, pupil or journalist finds the figures from
 * the header, reads where they come from and what they are of, finds the synthetic figures marked as
 * such, follows a publication to its PDF and CSV, and reads the answers to the FOI questions. Each page
 * is checked with axe-core and for characters garbled into "?".
 */
@BrowserTest
class ReadingThePublishedFiguresInTheBrowserTest {

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

    private String main() {
        return browser.driver.findElement(By.tagName("main")).getText();
    }

    private void checked(String what) throws Exception {
        var violations = browser.accessibilityViolations();
        assertThat(violations).as("axe-core on %s:%n%s", what, Browser.describe(violations)).isEmpty();
        assertThat(GarbledText.standIns(main())).as(what).isEmpty();
        assertThat(browser.consoleErrors()).as(what).isEmpty();
    }

    private void follow(String linkText) {
        WebElement link = browser.driver.findElements(By.linkText(linkText)).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no link " + linkText + " on " + browser.path()));
        link.click();
    }

    @Test
    void a_member_of_the_public_finds_reads_and_downloads_the_figures() throws Exception {
        browser.open("/");
        WebElement data = browser.driver.findElement(By.cssSelector("nav[aria-label=Menu]")).findElement(By.linkText("Data"));
        data.click();
        assertThat(browser.waitForPath("/data")).isEqualTo("/data");
        String page = main();
        assertThat(page).contains("Who the figures are about", "Children aged 10 to 17", "Period", "April to June 2022",
                "Where the figures come from", "police.uk (real records)", "By ethnic group", "Month by month",
                "Borough by borough", "From search to strip search", "Strip searches and appropriate adults",
                "Safer Schools Officers and other officers", "Body-worn video reviews");
        // the extended records are synthetic in the demonstration, and every section made from them says so: strip
        // searches, SSOs, and the reviews of body-worn video of the quarter published for the same months
        assertThat(browser.driver.findElements(By.cssSelector("main h2 .govuk-tag--yellow"))).extracting(WebElement::getText)
                .containsExactly("Synthetic", "Synthetic", "Synthetic");
        assertThat(browser.driver.findElements(By.cssSelector("main h2"))).extracting(WebElement::getText)
                .anyMatch(h -> h.startsWith("Body-worn video reviews") && h.endsWith("Synthetic"));
        assertThat(page).contains("which are synthetic: made up by the demonstration data generator");
        assertThat(page).as("the funnel says what it is centred on").contains("the rate of the whole force area for this group");
        assertThat(page).as("counts read with thousands separators").containsPattern("Black \\d,\\d{3} ");
        checked("/data");

        browser.driver.findElement(By.cssSelector("nav[aria-label=Menu]")).findElement(By.linkText("Publications")).click();
        assertThat(browser.waitForPath("/publications")).isEqualTo("/publications");
        assertThat(main()).contains("Period", "April to June 2022", "Summary", "PDF", "Figures by group (CSV)");
        checked("/publications");
        follow("Children stopped and searched, by ethnic group (demonstration)");
        assertThat(browser.waitForPathMatching("/publications/\\d+")).matches("/publications/\\d+");
        String publication = browser.path();
        checked(publication);

        HttpClient http = HttpClient.newHttpClient();
        var pdf = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + publication + ".pdf")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (var document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Synthetic", "April to June 2022", "Open Government Licence");
            assertThat(GarbledText.standIns(text)).isEmpty();
        }
        var csv = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + publication + ".csv")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body()).startsWith("area_code,group,events,population");

        browser.open("/questions");
        String answers = main();
        assertThat(answers).contains("The data monitored so far", "members serve today (the chair and members",
                "does not yet publish body-worn video coverage for Safer Schools Officers alone");
        assertThat(browser.driver.findElements(By.cssSelector("main .govuk-tag--yellow"))).extracting(WebElement::getText)
                .contains("Synthetic");
        checked("/questions");
        browser.open("/scrutiny");
        assertThat(main()).contains("Synthetic", "body-worn video was recording at");
        checked("/scrutiny");
    }
}
