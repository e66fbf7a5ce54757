package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import uk.saferschools.oversight.analysis.AnalyseCommand;
import uk.saferschools.oversight.support.Commands;

/** The analysis report opens in a real browser and axe-core finds nothing wrong with it. */
class AccessibleReportTest {

    @TempDir
    Path work;

    @Test
    void the_report_opens_in_the_browser_with_no_accessibility_violations() throws Exception {
        Path counts = Files.writeString(work.resolve("counts.csv"), """
                area_code,group,events,population
                E23000001,Asian,120,30000
                E23000001,Black,450,15000
                E23000001,Mixed,5,8000
                E23000001,Other,14,4000
                E23000001,White,300,60000
                E23000001,Unknown,80,
                """);
        Commands.Run run = Commands.run(null, AnalyseCommand.class, "--counts", counts.toString(), "--out", work.toString());
        assertThat(run.status()).as(run.err()).isZero();
        try (Browser browser = new Browser(0)) {
            browser.openUrl(work.resolve("report.html").toUri().toString());
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).startsWith("Stop and search");
            var violations = browser.accessibilityViolations();
            assertThat(violations).as("axe-core on the report:%n%s", Browser.describe(violations)).isEmpty();
        }
    }
}
