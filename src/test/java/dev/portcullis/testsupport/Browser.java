package dev.portcullis.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Debian Chromium driven by Selenium, for journey tests. Every page the journey
 * reaches is checked by axe-core against WCAG 2.2 A and AA, and any violation fails the test.
 * Use {@code http://localhost} URLs: WebAuthn refuses 127.0.0.1.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path profile;
    private final Set<String> checkedPages = new LinkedHashSet<>();

    public Browser(int port) {
        try {
            this.profile = Files.createTempDirectory("portcullis-chromium");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,1024", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        this.baseUrl = "http://localhost:" + port;
    }

    public static boolean available() {
        return RequiredInfrastructure.exists(CHROMIUM) && RequiredInfrastructure.exists(CHROMEDRIVER);
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Opens a path and checks the page it lands on. */
    public Browser open(String path) {
        driver.get(baseUrl + path);
        checkPage();
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /** Clicks something that leads to a new page, waits for it, and checks it. */
    public Browser click(String css) {
        WebElement element = find(css);
        element.click();
        // The old page's element goes stale once the new page replaces it. While Chromium swaps
        // documents it can answer with a transient inspector error instead: ask again.
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> !isSame(element) && "complete".equals(driver.executeScript("return document.readyState")));
        checkPage();
        return this;
    }

    private boolean isSame(WebElement element) {
        try {
            element.getTagName();
            return true;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return false;
        }
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    public Browser signIn(String email, String password) {
        open("/signin");
        type("#email", email);
        type("#password", password);
        return click("#sign-in");
    }

    public Browser signOut() {
        return click("#sign-out");
    }

    /** axe-core on the current page, once per distinct path; fails on any WCAG 2.2 A/AA violation. */
    public void checkPage() {
        String page = path();
        String key = page.replaceAll("\\?.*$", "") + "#" + driver.getTitle();
        if (!checkedPages.add(key)) {
            return;
        }
        Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(driver);
        List<Rule> violations = new ArrayList<>(results.getViolations());
        assertThat(violations)
                .as("WCAG 2.2 A/AA violations on %s: %s", page, violations.stream()
                        .map(v -> v.getId() + " (" + v.getHelp() + ") at " + v.getNodes().stream()
                                .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("; ")))
                .isEmpty();
    }

    public Set<String> checkedPages() {
        return checkedPages;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (java.io.IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
