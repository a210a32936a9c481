package org.jxen.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.daemon.RunningJxend;

/**
 * jxend's web console in a real browser (headless Chromium, see Browser): the page loads under its
 * Content-Security-Policy with a clean console, and the vendored libraries import as ES modules
 * from jxend itself. What the console's views show is the app's own tests'.
 */
class WebConsoleSmokeTest {
    @RegisterExtension
    static final RunningJxend.PerClass JXEND = new RunningJxend.PerClass();
    @TempDir
    static Path profile;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start("WebConsoleSmokeTest", profile);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePageLoadsWithACleanConsole() throws Exception {
        browser.open(JXEND.get().http());
        // the page's <title> is "jxen"; the app names its view in front of it ("Log in · jxen")
        assertThat(browser.title()).matches("(.+ · )?jxen");
        assertThat(Files.size(browser.screenshot("web-console-smoke"))).isPositive();
        browser.assertNoConsoleErrors();
    }

    @Test
    void theVendoredLibrariesImportAsModulesFromJxend() {
        browser.open(JXEND.get().http());
        @SuppressWarnings("unchecked")
        List<Object> types = (List<Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/vendor/xterm.mjs'), import('/vendor/addon-fit.mjs'), import('/vendor/uPlot.esm.js')])
                    .then(([xterm, fit, uplot]) => done([typeof xterm.Terminal, typeof fit.FitAddon, typeof uplot.default]))
                    .catch(e => done(String(e)));
                """);
        assertThat(types).containsExactly("function", "function", "function");
        browser.assertNoConsoleErrors();
    }

    @Test
    void aFailedLoadOrAnUncaughtErrorFailsTheConsoleCheck() {
        browser.open(JXEND.get().http());
        browser.script("""
                const s = document.createElement('script');
                s.type = 'module';
                s.src = '/vendor/no-such-file.mjs';
                document.head.append(s);
                setTimeout(() => { throw new Error('thrown on purpose'); });
                """);
        browser.asyncScript("setTimeout(arguments[arguments.length - 1], 300)");
        assertThatThrownBy(browser::assertNoConsoleErrors).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no-such-file.mjs").hasMessageContaining("thrown on purpose");
    }
}
