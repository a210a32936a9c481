package org.jxen.daemon.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console as a person sees it, for the browser tests: controls found by their labels and
 * buttons by their text (what a screen reader announces), never by the app's internals, so the
 * tests also check that every control is labelled.
 */
public final class ConsolePage {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Browser browser;
    private final URI jxend;

    public ConsolePage(Browser browser, URI jxend) {
        this.browser = browser;
        this.jxend = jxend;
    }

    /** Opens the console and logs in as {@code user}; returns once the VM list shows. */
    public void logIn(String user, String password) {
        browser.open(jxend);
        field("User").clear();
        field("Password").sendKeys(password);
        field("User").sendKeys(user);
        button("Log in").click();
        until(d -> !d.findElements(By.cssSelector("#vm-table")).isEmpty());
    }

    /** Goes to {@code #/route} and waits for its heading. */
    public void go(String route) {
        browser.script("location.hash = arguments[0]", "#/" + route);
        until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty()
                && d.findElements(By.cssSelector("main .loading")).isEmpty());
    }

    /** The control labelled {@code label} (a {@code <label for>}). */
    public WebElement field(String label) {
        WebElement l = until(d -> d.findElements(By.xpath("//label[normalize-space()=" + quoted(label) + "]"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        return browser.driver().findElement(By.id(l.getDomAttribute("for")));
    }

    /** The visible button whose text or accessible name is {@code name}. */
    public WebElement button(String name) {
        String q = quoted(name);
        return until(d -> d.findElements(By.xpath("//button[normalize-space()=" + q + " or @aria-label=" + q + "]"))
                .stream().filter(e -> e.isDisplayed() && e.isEnabled()).findFirst().orElse(null));
    }

    /** The one visible element matching {@code css}, once there is one. */
    public WebElement find(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null));
    }

    /** Clicks the one visible element matching {@code css}, looking again if the app redrew it in between. */
    public void click(String css) {
        until(d -> {
            WebElement e = d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                    .orElse(null);
            if (e == null) {
                return false;
            }
            e.click();
            return true;
        });
    }

    /**
     * Answers the open dialog: sets its inputs ({@code name, value} pairs; a checkbox is ticked
     * whatever the value), then presses {@code button}. Returns the dialog's text as it was asked.
     */
    public String answerDialog(String button, String... nameValues) {
        WebElement dialog = find("dialog[open]");
        String question = dialog.getText();
        for (int i = 0; i < nameValues.length; i += 2) {
            WebElement input = dialog.findElement(By.name(nameValues[i]));
            if ("checkbox".equals(input.getDomAttribute("type"))) {
                input.click();
            } else {
                input.clear();
                input.sendKeys(nameValues[i + 1]);
            }
        }
        dialog.findElement(By.xpath(".//button[normalize-space()=" + quoted(button) + "]")).click();
        return question;
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** Waits until {@code css} shows text containing {@code wanted}; returns that text. */
    public String waitForText(String css, String wanted) {
        return wait(() -> "'" + wanted + "' in " + css + ", which shows: " + shown(css))
                .until(d -> d.findElements(By.cssSelector(css)).stream().map(WebElement::getText)
                        .filter(t -> t.contains(wanted)).findFirst().orElse(null));
    }

    private String shown(String css) {
        return browser.driver().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList().toString();
    }

    public List<WebElement> all(String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    /** What {@code condition} gives once it gives something (not null, not false), or fails after 30 s. */
    public <T> T until(Function<WebDriver, T> condition) {
        return wait(() -> "a condition on the page").until(condition);
    }

    private WebDriverWait wait(Supplier<String> what) {
        // the app redraws what changed: an element found a moment ago may be gone, look again
        WebDriverWait wait = new WebDriverWait(browser.driver(), PATIENCE, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class).withMessage(what);
        return wait;
    }

    /** XPath has no escapes: a string with both quote characters is built with concat(). */
    private static String quoted(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        if (!s.contains("\"")) {
            return "\"" + s + "\"";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }
}
