package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;
import org.jxen.daemon.web.Browser;
import org.jxen.daemon.web.ConsolePage;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What jxl does shows on a web console already open in a browser, from event.from, without a
 * reload: a domain jxl creates appears running, jxl's pause, rename and destroy follow on the list,
 * and jxl's mem-set on the VM's own page.
 */
class JxlOnTheOpenPageTest {
    @TempDir
    Path dir;

    @Test
    void jxlsChangesAppearOnTheOpenPage() throws Exception {
        try (JxendForTest jxend = JxendForTest.start(dir.resolve("jxend"));
             Browser browser = Browser.start("JxlOnTheOpenPageTest", Files.createDirectories(dir.resolve("profile")))) {
            ConsolePage page = new ConsolePage(browser, jxend.http());
            page.logIn("root", Files.readString(jxend.rootPasswordFile()).strip());
            Path cfg = Files.writeString(dir.resolve("made-by-jxl.cfg"), """
                    name = "made-by-jxl"
                    type = "pvh"
                    kernel = "/boot/vmlinuz"
                    memory = 128
                    maxmem = 256
                    """);

            assertThat(jxend.jxl("create", cfg.toString()).status()).isZero();
            assertThat(row(page, "made-by-jxl")).contains("running");
            assertThat(jxend.jxl("pause", "made-by-jxl").status()).isZero();
            page.until(d -> row(page, "made-by-jxl").contains("paused"));
            assertThat(jxend.jxl("unpause", "made-by-jxl").status()).isZero();
            assertThat(jxend.jxl("rename", "made-by-jxl", "renamed-by-jxl").status()).isZero();
            assertThat(row(page, "renamed-by-jxl")).contains("running");

            page.click("#vm-table a[href^='#/vm/']");
            page.waitForText(".facts", "target 128 MiB");
            assertThat(jxend.jxl("mem-set", "renamed-by-jxl", "200m").status()).isZero();
            page.waitForText(".facts", "target 200 MiB");

            assertThat(jxend.jxl("destroy", "renamed-by-jxl").status()).isZero();
            page.waitForText("main", "VM destroyed");
            browser.assertNoConsoleErrors();
        }
    }

    /** The list's row of the VM named {@code name}, once it shows. */
    private static String row(ConsolePage page, String name) {
        page.go("vms");
        return page.until(d -> d.findElements(By.cssSelector("#vm-table tr[data-uuid]")).stream()
                .map(WebElement::getText).filter(t -> t.contains(name)).findFirst().orElse(null));
    }
}
