package org.jxen.daemon.web;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jxen.api.client.XenApiClient;
import org.jxen.daemon.RunningJxend;

/**
 * A browser test class's world: one jxend (RunningJxend.PerClass), the web console open in a
 * headless Chromium and logged in as root, and a XenAPI client of its own to check what the page
 * did; after each test the page's console must be free of errors.
 * The browser is named after the test class (for a skip's reason); see {@link LoggedInTest}.
 */
public final class LoggedIn implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final RunningJxend.PerClass jxend = new RunningJxend.PerClass();
    private Browser browser;
    private ConsolePage page;
    private XenApiClient api;

    public RunningJxend jxend() {
        return jxend.get();
    }

    public Browser browser() {
        return browser;
    }

    public ConsolePage page() {
        return page;
    }

    /** Logged in as root, for checking through XenAPI what the page did. */
    public XenApiClient api() {
        return api;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        jxend.beforeAll(context);
        browser = Browser.start(context.getRequiredTestClass().getSimpleName(), Files.createDirectories(jxend().dir.resolve("browser-profile")));
        page = new ConsolePage(browser, jxend().http());
        page.logIn("root", jxend().rootPassword());
        api = XenApiClient.http(jxend().http(), false);
        api.login("root", jxend().rootPassword());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        browser.assertNoConsoleErrors();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (api != null) {
                api.close();
            }
            if (browser != null) {
                browser.close();
            }
        } finally {
            jxend.afterAll(context);
        }
    }
}
