package org.jxen.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web console's main flows in a real browser (headless Chromium) against jxend on a simulated
 * host, as a person does them: log in, see the host, make a VM from an xl.cfg (a wrong one shows
 * xl's error at its line), watch it boot in the console and type into it, change its memory,
 * attach a disk, shut it down, destroy it; and see a change another client makes appear on the
 * open page. Each step is checked on the page and, where the page could be wrong, through XenAPI.
 * The screenshots in docs/screenshots come from here ({@code -Djxen.screenshots=true}).
 */
class WebConsoleFlowTest extends LoggedInTest {
    @Test
    void theHostPageShowsItsTopologyAndLiveGraphs() throws Exception {
        page.go("host");
        String hostName = (String) api.call("host.get_name_label", ((List<?>) api.call("host.get_all")).getFirst());
        assertThat(page.text("main h1")).isEqualTo(hostName);
        assertThat(page.waitForText(".topology", "NUMA node")).contains("4 CPUs").contains("16.0 GiB");
        assertThat(page.text(".topology table")).contains("node 0").contains("0-3");
        // the graphs fill from /rrd_updates: jxend samples every 5 s
        page.waitForText(".memory-now", " used, ");
        page.until(d -> !d.findElements(By.cssSelector(".chart .u-over")).isEmpty());
        browser.screenshot("host");
    }

    @Test
    void aVmFromAnXlCfgBootsTakesKeysChangesAndGoes() throws Exception {
        page.go("new");
        type(page.field("Config text"), """
                name = "browser-web"
                type = "pvh"
                kernel = "/boot/vmlinuz"
                memory = 256
                maxmem = 512
                vcpus = 1
                """);
        page.button("Create VM from xl.cfg").click();

        // created and started: its page, running, the guest's boot messages in the terminal
        page.until(d -> d.getCurrentUrl().contains("#/vm/"));
        page.waitForText(".heading .state", "running");
        page.waitForText(".xterm-rows", "Linux version");
        page.waitForText(".xterm-rows", "browser-web login: root (automatic login)");
        page.waitForText(".xterm-rows", "root@browser-web:~# "); // the prompt, before anything is typed
        String vm = vmNamed("browser-web");
        assertThat(api.call("VM.get_power_state", vm)).isEqualTo("Running");

        // keystrokes reach the guest: its shell runs the command and prints the answer
        page.click(".terminal"); // focuses the terminal: keys go where the person's would
        new Actions(browser.driver()).sendKeys("echo typed-in-the-browser" + Keys.ENTER).perform();
        page.waitForText(".xterm-rows", "root@browser-web:~# echo typed-in-the-browser\ntyped-in-the-browser");

        // memory, live: the page's form, then the VM's target and the domain's memory
        WebElement memory = page.field("Memory (MiB)");
        memory.clear();
        memory.sendKeys("384");
        page.button("Apply").click();
        page.waitForText(".facts", "target 384 MiB");
        assertThat(api.call("VM.get_memory_dynamic_max", vm)).isEqualTo(384L << 20);

        // a new disk, attached and plugged in while the VM runs
        WebElement size = page.field("Size (GiB)");
        size.clear();
        size.sendKeys("1");
        page.button("Attach disk").click();
        page.until(d -> page.text("section[aria-labelledby=vm-disks] table").matches("(?s).*browser-web disk\\s+1\\.0 GiB.*yes.*"));
        List<?> vbds = (List<?>) api.call("VM.get_VBDs", vm);
        assertThat(vbds).hasSize(1);
        assertThat(api.call("VBD.get_currently_attached", vbds.getFirst())).isEqualTo(true);
        browser.screenshot("vm");

        page.button("Shut down").click();
        page.waitForText(".heading .state", "halted");

        page.button("Destroy").click();
        assertThat(page.answerDialog("Destroy", "disks", "yes")).contains("Destroy browser-web?")
                .contains("cannot be undone").contains("Also delete its 1 disk(s)");
        page.until(d -> d.getCurrentUrl().endsWith("#/vms"));
        page.until(d -> !page.text("#vm-table").contains("browser-web"));
        assertThat((List<?>) api.call("VM.get_by_name_label", "browser-web")).isEmpty();
        assertThat((List<?>) api.call("VDI.get_by_name_label", "browser-web disk")).isEmpty();
    }

    @Test
    void aRefusedXlCfgShowsXlsErrorAtItsLine() throws Exception {
        page.go("new");
        WebElement text = page.field("Config text");
        type(text, """
                name = "bad"
                memory = 256
                vcpus = [ 1,
                kernel = "/boot/vmlinuz"
                """);
        page.field("File name").clear();
        page.field("File name").sendKeys("bad.cfg");
        page.button("Create VM from xl.cfg").click();
        String error = page.waitForText("#xl-error", "Line 4");
        assertThat(error).startsWith("Line 4, column 1:").contains("kernel");
        assertThat(page.text(".gutter .error-line")).isEqualTo("4");
        // the cursor is put where xl points
        long caret = (Long) browser.script("return arguments[0].selectionStart", text);
        assertThat(text.getDomProperty("value").substring(0, (int) caret).split("\n", -1)).hasSize(4);
        assertThat((List<?>) api.call("VM.get_by_name_label", "bad")).isEmpty();
        browser.screenshot("new-vm-error");
    }

    @Test
    void aVmChangedByAnotherClientUpdatesTheOpenList() throws Exception {
        page.go("vms");
        String vm = (String) api.call("jxen.create_VM_from_xl_config", """
                name = "from-elsewhere"
                type = "pvh"
                kernel = "/boot/vmlinuz"
                memory = 128
                """, "elsewhere.cfg");
        WebElement row = page.until(d -> d.findElements(By.cssSelector("#vm-table tr[data-uuid]")).stream()
                .filter(r -> r.getText().contains("from-elsewhere")).findFirst().orElse(null));
        assertThat(row.getText()).contains("halted");
        api.call("VM.start", vm, false, false);
        page.until(d -> rowOf("from-elsewhere").contains("running"));
        api.call("VM.pause", vm);
        page.until(d -> rowOf("from-elsewhere").contains("paused"));
        api.call("VM.hard_shutdown", vm);
        api.call("VM.destroy", vm);
        page.until(d -> !page.text("#vm-table").contains("from-elsewhere"));
    }

    private static String rowOf(String name) {
        return page.all("#vm-table tr[data-uuid]").stream().map(WebElement::getText).filter(t -> t.contains(name))
                .findFirst().orElse("");
    }

    private static String vmNamed(String name) throws Exception {
        List<?> refs = (List<?>) api.call("VM.get_by_name_label", name);
        assertThat(refs).hasSize(1);
        return (String) refs.getFirst();
    }

    /** Replaces what a text field holds, typing as a person would. */
    private static void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }
}
