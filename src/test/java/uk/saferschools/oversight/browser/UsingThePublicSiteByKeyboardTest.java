package uk.saferschools.oversight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A visitor who uses only the keyboard gets round the public site: the skip link comes first, then the
 * main navigation; focus moves in the order of the page and can always be seen; links are followed with
 * ENTER. And with JavaScript switched off every public page still shows its content, and the figures
 * download as an ordinary link.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsingThePublicSiteByKeyboardTest {

    /**
     * Notes what the keyboard reaches on this page, in the order of the page (what is shown and not
     * disabled), and how each is drawn while it does not have focus.
     */
    static final String NOTE_THE_PAGE = """
            const candidates = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]');
            window.oversightTabbable = Array.from(candidates).filter(e => {
                if (e.disabled || e.type === 'hidden' || e.closest('[hidden], [inert]')) return false;
                if (e.hasAttribute('tabindex') && e.tabIndex < 0) return false;
                const style = getComputedStyle(e);
                return style.display !== 'none' && style.visibility !== 'hidden' && e.getClientRects().length > 0;
            });
            window.oversightLook = e => { const s = getComputedStyle(e);
                return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor]; };
            window.oversightName = e => e.tagName.toLowerCase() + ' “' + (e.innerText || e.value || '').trim() + '”'
                + (e.getAttribute('href') === null ? '' : ' (' + e.getAttribute('href') + ')');
            window.oversightUnfocused = window.oversightTabbable.map(window.oversightLook);
            return window.oversightTabbable.length;""";

    /** The element with focus: where it is among those noted, its name, its href, how it is drawn now and unfocused. */
    static final String FOCUSED = """
            const e = document.activeElement;
            const index = window.oversightTabbable.indexOf(e);
            return [index, window.oversightName(e), e.getAttribute('href'), window.oversightLook(e),
                    index < 0 ? null : window.oversightUnfocused[index]];""";

    static final String NAME_OF = "return window.oversightName(window.oversightTabbable[arguments[0]]);";

    @LocalServerPort
    int port;

    Browser browser;

    @BeforeAll
    void open() throws Exception {
        browser = new Browser(port);
    }

    @AfterAll
    void close() throws Exception {
        browser.close();
    }

    /** Where a TAB arrived. */
    record Stop(String name, String href) {
    }

    /** One page walked by keyboard: each TAB must reach the next element of the page, visibly focused. */
    final class Walk {
        final JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        final long tabbable;
        int at = -1;
        final List<String> reached = new ArrayList<>();

        Walk() {
            tabbable = (Long) js.executeScript(NOTE_THE_PAGE);
            assertThat(tabbable).as("%s has something to reach by keyboard", browser.path()).isPositive();
        }

        @SuppressWarnings("unchecked")
        Stop tab() {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            List<Object> focused = (List<Object>) js.executeScript(FOCUSED);
            int index = ((Long) focused.get(0)).intValue();
            String name = (String) focused.get(1);
            assertThat(index).as("on %s, after %s, TAB reached %s: the next element of the page is %s", browser.path(),
                    reached.isEmpty() ? "the start" : reached.get(reached.size() - 1), name,
                    at + 1 < tabbable ? js.executeScript(NAME_OF, at + 1) : "none").isEqualTo(at + 1);
            at = index;
            reached.add(name);
            List<String> now = (List<String>) focused.get(3);
            List<String> before = (List<String>) focused.get(4);
            boolean outline = !now.get(0).equals("none") && !now.get(1).equals("0px") && !transparent(now.get(2))
                    && !now.subList(0, 3).equals(before.subList(0, 3));
            boolean shadow = !now.get(3).equals("none") && !now.get(3).equals(before.get(3));
            boolean background = !transparent(now.get(4)) && !now.get(4).equals(before.get(4));
            assertThat(outline || shadow || background)
                    .as("on %s, %s shows that it has focus (outline, box-shadow or background changes): unfocused %s, focused %s",
                            browser.path(), name, before, now).isTrue();
            return new Stop(name, (String) focused.get(2));
        }

        /** TABs until a link to {@code href} (a pattern) has focus, checking every stop on the way, then follows it with ENTER. */
        void follow(String href, String what) {
            while (true) {
                assertThat(at + 1).as("on %s, %s is reached by keyboard", browser.path(), what).isLessThan((int) tabbable);
                Stop stop = tab();
                if (stop.href() != null && stop.href().matches(href)) {
                    WebElement page = browser.driver.findElement(By.tagName("html"));
                    new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
                    new WebDriverWait(browser.driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                            .until(d -> Browser.isGone(page));
                    return;
                }
            }
        }

        /** TABs through every element of the page to the last one. */
        void toTheEnd() {
            while (at + 1 < tabbable) {
                tab();
            }
        }
    }

    static boolean transparent(String colour) {
        return colour.equals("transparent") || colour.replace(" ", "").matches("rgba\\(\\d+,\\d+,\\d+,0\\)");
    }

    String heading() {
        return browser.driver.findElement(By.tagName("h1")).getText();
    }

    @Test
    void a_visitor_gets_round_the_public_site_with_the_tab_and_enter_keys_and_always_sees_where_focus_is() {
        browser.driver.manage().deleteAllCookies();
        browser.open("/");
        Walk home = new Walk();
        assertThat(home.tab().name()).as("the first TAB").isEqualTo("a “Skip to main content” (#main-content)");
        home.follow("/recommendations", "the Recommendations link of the main navigation");
        assertThat(home.reached).containsExactly("a “Skip to main content” (#main-content)", "a “Safer Schools Oversight” (/)",
                "a “Home” (/)", "a “Data” (/data)", "a “Publications” (/publications)", "a “Meetings” (/meetings)",
                "a “Recommendations” (/recommendations)");

        assertThat(browser.path()).isEqualTo("/recommendations");
        assertThat(heading()).isEqualTo("Recommendations to the police");
        Walk recommendations = new Walk();
        recommendations.follow("/recommendations/R-\\d+", "a recommendation");
        assertThat(recommendations.reached.subList(0, 9)).containsExactly("a “Skip to main content” (#main-content)",
                "a “Safer Schools Oversight” (/)", "a “Home” (/)", "a “Data” (/data)", "a “Publications” (/publications)",
                "a “Meetings” (/meetings)", "a “Recommendations” (/recommendations)", "a “Search” (/search)",
                "a “Sign in” (/sign-in)");

        assertThat(browser.path()).matches("/recommendations/R-\\d+");
        new Walk().follow("/data", "Data, in the main navigation");

        assertThat(browser.path()).isEqualTo("/data");
        assertThat(heading()).isEqualTo("What the data shows");
        new Walk().follow("/meetings", "Meetings, in the main navigation");

        assertThat(browser.path()).isEqualTo("/meetings");
        assertThat(heading()).isEqualTo("Meetings of the panel");
        new Walk().follow("/questions", "Your questions answered, in the footer");

        assertThat(browser.path()).isEqualTo("/questions");
        assertThat(heading()).isEqualTo("Your questions answered");
        Walk questions = new Walk();
        assertThat(questions.tab().name()).isEqualTo("a “Skip to main content” (#main-content)");
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        // the skip link moves on to the content: the next TAB reaches the first thing in <main>
        questions.at = ((Long) questions.js.executeScript(
                "return window.oversightTabbable.findIndex(e => document.getElementById('main-content').contains(e))")).intValue() - 1;
        questions.toTheEnd();
        assertThat(questions.reached).contains("a “Open data API” (/api)", "a “Accessibility statement” (/accessibility)");
    }

    @Test
    void with_javascript_switched_off_every_public_page_shows_its_content_and_the_figures_download_as_a_link() throws Exception {
        ChromeDriver chromium = (ChromeDriver) browser.driver;
        browser.driver.manage().deleteAllCookies();
        chromium.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        try {
            Map<String, String> content = Map.of("/", "main ul", "/recommendations", "main table", "/meetings", "main table",
                    "/questions", "main ul", "/data", "main table");
            for (String path : List.of("/", "/recommendations", "/meetings", "/questions", "/data")) {
                browser.open(path);
                assertThat(browser.driver.findElement(By.tagName("body")).getDomAttribute("class"))
                        .as("no script ran on " + path).doesNotContain("js-enabled");
                assertThat(browser.driver.findElement(By.tagName("h1")).isDisplayed()).as(path).isTrue();
                assertThat(browser.driver.findElement(By.cssSelector(content.get(path))).isDisplayed()).as(path).isTrue();
                assertThat(browser.driver.findElement(By.id("navigation")).isDisplayed()).as("navigation on " + path).isTrue();
            }

            WebElement csv = browser.driver.findElement(By.cssSelector("main a[href$='.csv']"));
            assertThat(csv.getTagName()).isEqualTo("a");
            assertThat(csv.getDomAttribute("href")).matches("/publications/\\d+\\.csv");
            assertThat(csv.getDomAttribute("onclick")).isNull();
            assertThat(csv.getDomAttribute("role")).isNull();
            HttpResponse<String> download = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(csv.getDomProperty("href"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
            assertThat(download.body()).startsWith("area_code,group,events,population");

            browser.open("/recommendations");
            String first = browser.driver.findElement(By.cssSelector("main a[href^='/recommendations/R-']")).getDomAttribute("href");
            browser.open(first);
            assertThat(browser.driver.findElement(By.tagName("h1")).isDisplayed()).isTrue();
            assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains(first.substring(first.lastIndexOf('/') + 1));
        } finally {
            chromium.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        }
    }
}
