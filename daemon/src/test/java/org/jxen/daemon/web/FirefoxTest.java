package org.jxen.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.daemon.RunningJxend;
import org.jxen.daemon.XenApiClients;
import org.jxen.xen.testing.Oracles;

/**
 * The web console in Firefox (the issue asks for a current Chromium and Firefox; the other browser
 * tests drive Chromium): Debian's {@code firefox-esr}, headless, driven by npm
 * {@code puppeteer-core} over WebDriver BiDi, so neither geckodriver nor a downloaded browser is
 * needed. {@code clients/firefox-flow.mjs} logs in, shows the VM list and the host's NUMA table,
 * makes a PVH VM from an xl.cfg, watches it boot in the terminal and types a command into it; the
 * page must log no error. Firefox runs as root in a container without extra settings; its profile
 * is a fresh one in the test's temporary directory.
 *
 * <p>Without node 20, the pinned puppeteer-core (scripts/ensure-test-packages installs both) or
 * {@code /usr/bin/firefox-esr}, the test skips and says why on the console, or fails with
 * {@code CI=true}.
 */
class FirefoxTest {
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    @RegisterExtension
    static final RunningJxend.PerClass JXEND = new RunningJxend.PerClass();
    @TempDir
    Path dir;

    @BeforeAll
    static void installed() {
        Oracles.require("FirefoxTest npm puppeteer-core", XenApiClients.nodeMissing("puppeteer-core 24.43.1"));
        Oracles.require("FirefoxTest Firefox", Files.isExecutable(FIREFOX) ? null
                : "no " + FIREFOX + ": install Debian's firefox-esr (scripts/ensure-test-packages)");
    }

    @Test
    void logsInMakesAVmAndTypesIntoItsConsole() throws Exception {
        JsonNode summary = XenApiClients.node(dir.resolve("client"), "firefox-flow.mjs", Map.of(
                "JXEND_URL", JXEND.get().http().toString(), "JXEND_PASSWORD", JXEND.get().rootPassword(),
                "FIREFOX", FIREFOX.toString(), "FIREFOX_PROFILE", Files.createDirectories(dir.resolve("profile")).toString()));
        assertThat(summary.at("/browser").asText()).startsWith("firefox/");
        assertThat(summary.at("/title").asText()).endsWith("jxen");
        assertThat(summary.at("/topology").asText()).contains("NUMA node", "4 CPUs", "16.0 GiB");
        assertThat(summary.at("/numa").asText()).contains("node 0", "0-3");
        assertThat(summary.at("/vm/hash").asText()).startsWith("#/vm/");
        assertThat(summary.at("/vm/state").asText()).contains("running");
        assertThat(summary.at("/terminal").asText()).startsWith("Linux version")
                .contains("firefox-web login: root (automatic login)\nroot@firefox-web:~# echo typed-in-firefox\ntyped-in-firefox\n");
        assertThat(summary.at("/errors")).as("errors on the page").isEmpty();
    }
}
