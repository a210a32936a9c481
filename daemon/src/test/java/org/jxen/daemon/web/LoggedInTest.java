package org.jxen.daemon.web;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxen.api.client.XenApiClient;

/**
 * A browser test class over the web console, logged in as root ({@link LoggedIn}: one jxend and one
 * browser for the class), with short names for the page, the browser and a XenAPI client.
 */
abstract class LoggedInTest {
    @RegisterExtension
    static final LoggedIn CONSOLE = new LoggedIn();
    static ConsolePage page;
    static Browser browser;
    static XenApiClient api;

    @BeforeAll
    static void names() {
        page = CONSOLE.page();
        browser = CONSOLE.browser();
        api = CONSOLE.api();
    }
}
