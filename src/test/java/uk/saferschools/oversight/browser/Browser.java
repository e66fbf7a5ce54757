package uk.saferschools.oversight.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver), driven by Selenium, with axe-core
 * (from the npm registry, see package.json) to check accessibility. Flags that work offline and as root.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path AXE = Path.of("node_modules/axe-core/axe.min.js");

    final WebDriver driver;
    private final String baseUrl;
    private final Path profile;

    Browser(int port) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install chromium chromium-driver (.ci/run does this)");
        }
        this.baseUrl = "http://localhost:" + port;
        this.profile = Files.createTempDirectory("oversight-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1024", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** Opens any address, e.g. a report file ({@code file:///…}). */
    void openUrl(String url) {
        driver.get(url);
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Waits (up to 20 s) for a navigation, such as a form post, to arrive at {@code path}; returns where it arrived. */
    String waitForPath(String path) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> path().equals(path));
        } catch (TimeoutException e) {
            // fall through: the caller's assertion says where it went instead
        }
        return path();
    }

    /** Waits (up to 20 s) for the path to match {@code regex}; returns where it arrived. */
    String waitForPathMatching(String regex) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> path().matches(regex));
        } catch (TimeoutException e) {
            // fall through: the caller's assertion says where it went instead
        }
        return path();
    }

    /** Clicks a form's button and waits (up to 20 s) for the next page to replace this one. */
    void submitWith(WebElement button) {
        WebElement page = driver.findElement(By.tagName("html"));
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> isGone(page));
    }

    /**
     * Whether the page an element belonged to has been replaced. ChromeDriver sometimes answers a
     * question about an element of a page it is just leaving with "unknown error: Node with given id
     * does not belong to the document" instead of a stale reference; that too means the page has gone.
     */
    static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Sets a field's value directly: date inputs take typed dates in the browser's locale, this does not. */
    void setValue(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]",
                driver.findElement(By.id(id)), value);
    }

    String path() {
        return driver.getCurrentUrl().replace(baseUrl, "");
    }

    void signIn(String username, String password) {
        open("/sign-in");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> !d.getCurrentUrl().endsWith("/sign-in"));
    }

    /** axe-core's violations of WCAG 2.0, 2.1 and 2.2 A and AA, and its best practices, on the current page. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> accessibilityViolations() throws IOException {
        if (!Files.exists(AXE)) {
            throw new IllegalStateException(AXE + " is missing: run npm ci (./mvnw verify does)");
        }
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(Files.readString(AXE, StandardCharsets.UTF_8));
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.map(n => n.target.join(' ')).join(' | ')}))))
                   .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: ''}]));""");
        return (List<Map<String, Object>>) result;
    }

    static String describe(List<Map<String, Object>> violations) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            lines.add(v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("nodes"));
        }
        return String.join("\n", lines);
    }

    /** Errors the browser logged: scripts failing, resources refused by the Content-Security-Policy. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
                        || e.getMessage().contains("Content Security Policy"))
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("favicon.ico"))
                // the page itself answering 403 or 404 is what an error-page test asks for, not a fault
                .filter(m -> !(m.startsWith(driver.getCurrentUrl() + " - Failed to load resource")))
                .toList();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
