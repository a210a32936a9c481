package org.jxen.daemon.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.jxen.xen.testing.Oracles;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium for the web console's tests: Debian's {@code chromium} driven through its
 * {@code chromedriver}, both named by path so Selenium Manager never looks for (or downloads) a
 * browser or a driver. Started with {@code --no-sandbox}, as Chromium must be when it runs as root
 * (CI runs the tests as root in a container), its user-data directory the caller's (a
 * {@code @TempDir}).
 *
 * <p>Without either program, {@link #start} skips the test and says why on the console, or fails
 * with {@code CI=true} (Oracles' rule; scripts/ensure-test-packages and .ci/run install both).
 *
 * <p>The browser's console is kept: {@link #assertNoConsoleErrors} fails on any SEVERE entry (an
 * uncaught exception, a failed load, a CSP violation). {@link #screenshot} writes
 * {@code docs/screenshots/NAME.png} with {@code -Djxen.screenshots=true}, else into
 * {@code target/screenshots/}, so a test run leaves the checkout as it was.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(20);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Why no browser can run here, or null when it can. */
    static String missing() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                return "no " + p + ": install Debian's chromium and chromium-driver (scripts/ensure-test-packages)";
            }
        }
        return null;
    }

    /** Starts the browser, its profile in {@code profile}, or skips the calling test (fails with CI=true) when it cannot run here. */
    public static Browser start(String who, Path profile) throws IOException {
        Oracles.require(who, missing());
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(target.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
            return new Browser(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Loads {@code uri}; the console starts afresh (what the previous page wrote is dropped). */
    public void open(URI uri) {
        driver.manage().logs().get(LogType.BROWSER);
        console.clear();
        driver.get(uri.toString());
    }

    public String title() {
        return driver.getTitle();
    }

    /** Runs {@code script} in the page (its arguments as {@code arguments[i]}) and returns what it returns. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs {@code script}, which calls its last argument with the result, and returns that result. */
    public Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Everything the page has written to its console since it was opened, oldest first. */
    public List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll()); // each read drains chromedriver's log
        return List.copyOf(console);
    }

    /** Fails when the console has a SEVERE entry: an uncaught error, a load refused or failed. */
    public void assertNoConsoleErrors() {
        List<LogEntry> severe = console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        if (!severe.isEmpty()) {
            throw new AssertionError("the browser's console has errors:\n  "
                    + String.join("\n  ", severe.stream().map(LogEntry::getMessage).toList()));
        }
    }

    /**
     * The page as a PNG: {@code docs/screenshots/NAME.png} in the checkout with
     * {@code -Djxen.screenshots=true} (to refresh the documentation's pictures), else
     * {@code target/screenshots/NAME.png}. Returns where it went.
     */
    public Path screenshot(String name) throws IOException {
        Path dir = Boolean.getBoolean("jxen.screenshots") ? checkout().resolve("docs/screenshots")
                : Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(dir);
        Path png = dir.resolve(name + ".png");
        script("window.scrollTo(0, 0)"); // the page from its top, as a person first sees it
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png;
    }

    /** The checkout's top directory: the first one up from the module's that has the jxen launcher. */
    static Path checkout() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("jxen")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("not inside a jxen checkout: " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
