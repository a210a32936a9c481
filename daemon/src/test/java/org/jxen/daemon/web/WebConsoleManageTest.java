package org.jxen.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxen.api.client.XenApiClient;
import org.jxen.xenstore.client.XsClient;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The rest of what the web console manages, in a real browser: a VM from a template through each
 * power action and a snapshot it is reverted to, vCPUs changed live, network interfaces attached and detached; disks on the storage
 * page, an ISO library added and forgotten; networks with their VIFs, a private one made and deleted, one on a VLAN too; the task list; an error a person can act on; the keyboard alone;
 * a tablet's width; logging out. Each result is checked through XenAPI as well as on the page.
 */
class WebConsoleManageTest extends LoggedInTest {
    @Test
    void aVmFromATemplateGoesThroughEveryPowerAction() throws Exception {
        page.go("new");
        new org.openqa.selenium.support.ui.Select(page.field("Template")).selectByVisibleText("Generic Linux PVH");
        page.field("Name").sendKeys("from-template");
        page.button("Create VM").click();
        page.waitForText(".heading .state", "running");
        String vm = only("VM.get_by_name_label", "from-template");
        assertThat(api.call("VM.get_is_a_template", vm)).isEqualTo(false);
        assertThat(api.call("VM.get_domain_type", vm)).isEqualTo("pvh");

        act("Pause", "paused", vm, "Paused");
        act("Unpause", "running", vm, "Running");
        act("Suspend", "suspended", vm, "Suspended");
        act("Resume", "running", vm, "Running");
        long domid = (Long) api.call("VM.get_domid", vm);
        page.button("Reboot").click();
        page.until(d -> {
            try {
                return (Long) api.call("VM.get_domid", vm) != domid && "Running".equals(api.call("VM.get_power_state", vm));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        page.button("Snapshot").click();
        page.answerDialog("Take snapshot", "name", "before-the-change");
        page.until(d -> {
            try {
                return !((List<?>) api.call("VM.get_snapshots", vm)).isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String snapshot = (String) ((List<?>) api.call("VM.get_snapshots", vm)).getFirst();
        assertThat(api.call("VM.get_name_label", snapshot)).isEqualTo("before-the-change");
        page.waitForText("section[aria-labelledby=vm-snapshots]", "before-the-change");

        act("Force shut down", "halted", vm, "Halted");

        page.button("Revert to before-the-change").click();
        assertThat(page.answerDialog("Revert")).contains("disks are replaced").contains("left halted");
        page.until(d -> {
            try {
                return snapshot.equals(api.call("VM.get_parent", vm));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        page.button("Delete snapshot before-the-change").click();
        assertThat(page.answerDialog("Delete")).contains("cannot be undone");
        page.waitForText("section[aria-labelledby=vm-snapshots]", "No snapshots.");
        assertThat((List<?>) api.call("VM.get_snapshots", vm)).isEmpty();
    }

    @Test
    void vcpusChangeLiveAndNetworkInterfacesComeAndGo() throws Exception {
        String vm = running("sized", "memory = 128\nvcpus = 1\nmaxvcpus = 4");
        WebElement vcpus = page.field("vCPUs");
        vcpus.clear();
        vcpus.sendKeys("3");
        page.button("Apply").click();
        page.waitForText(".facts", "3 of 4");
        assertThat(api.call("VM_metrics.get_VCPUs_number", api.call("VM.get_metrics", vm))).isEqualTo(3L);

        page.button("Attach network interface").click();
        page.until(d -> page.text("section[aria-labelledby=vm-networks]").matches("(?s).*eth0\\s+00:16:3e:.*yes.*"));
        List<?> vifs = (List<?>) api.call("VM.get_VIFs", vm);
        assertThat(vifs).hasSize(1);
        assertThat(api.call("VIF.get_currently_attached", vifs.getFirst())).isEqualTo(true);

        page.go("networks");
        assertThat(page.waitForText("main", "sized")).contains("eth0");

        page.go("vm/" + api.call("VM.get_uuid", vm));
        page.button("Detach network interface eth0").click();
        page.waitForText("section[aria-labelledby=vm-networks]", "No network interfaces.");
        assertThat((List<?>) api.call("VM.get_VIFs", vm)).isEmpty();
    }

    @Test
    void disksAreMadeResizedAndDeletedOnTheStoragePage() throws Exception {
        page.go("storage");
        page.field("New disk name").sendKeys("scratch");
        WebElement size = page.field("Size (GiB)");
        size.clear();
        size.sendKeys("2");
        page.button("Create disk on " + page.text("main section.card h2")).click();
        page.waitForText("main table", "scratch");
        String vdi = only("VDI.get_by_name_label", "scratch");
        assertThat(api.call("VDI.get_virtual_size", vdi)).isEqualTo(2L << 30);

        page.button("Resize scratch").click();
        page.answerDialog("Resize", "size", "3");
        page.until(d -> page.text("main table").matches("(?s).*scratch\\s+3\\.0 GiB.*"));
        assertThat(api.call("VDI.get_virtual_size", vdi)).isEqualTo(3L << 30);

        page.button("Delete scratch").click();
        assertThat(page.answerDialog("Delete")).contains("cannot be undone");
        page.until(d -> !page.text("main").contains("scratch"));
        assertThat((List<?>) api.call("VDI.get_by_name_label", "scratch")).isEmpty();
        browser.screenshot("storage");
    }

    @Test
    void privateNetworksAreMadeAndDeletedOnTheNetworksPage_oneOnAVlan() throws Exception {
        page.go("networks");
        page.field("New private network").sendKeys("backend");
        page.button("Create network").click();
        assertThat(page.waitForText("main", "backend")).contains("internal (no physical interface)");
        String network = only("network.get_by_name_label", "backend");
        assertThat((String) api.call("network.get_bridge", network)).matches("xapi\\d+");
        String vm = (String) api.call("jxen.create_VM_from_xl_config",
                "name = \"on-backend\"\nkernel = \"/boot/vmlinuz\"\nmemory = 64\n", "on-backend.cfg");
        String vif = (String) api.call("VIF.create", java.util.Map.of("VM", vm, "network", network, "device", "0",
                "MAC", "", "MTU", "1500", "other_config", java.util.Map.of(), "qos_algorithm_type", "",
                "qos_algorithm_params", java.util.Map.of()));
        page.waitForText("main", "on-backend");

        page.button("Delete network backend").click();
        assertThat(page.answerDialog("Delete")).contains("on-backend").contains("go with it");
        page.until(d -> !page.text("main").contains("backend"));
        assertThat((List<?>) api.call("network.get_by_name_label", "backend")).isEmpty();
        assertThat((List<?>) api.call("VM.get_VIFs", vm)).as("its VIF %s went with it", vif).isEmpty();
        assertThat(page.all("main button.danger")).as("the host's network, with its interface, has no Delete").isEmpty();

        page.field("New private network").sendKeys("tagged");
        page.field("VLAN tag").sendKeys("7");
        page.button("Create network").click();
        assertThat(page.waitForText("main", "VLAN 7 on eth0")).contains("tagged");
        String tagged = only("network.get_by_name_label", "tagged");
        String pif = ((List<?>) api.call("network.get_PIFs", tagged)).getFirst().toString();
        assertThat(api.call("PIF.get_VLAN", pif)).isEqualTo(7L);
        page.button("Delete network tagged").click();
        assertThat(page.answerDialog("Delete")).contains("Nothing uses it");
        page.until(d -> !page.text("main").contains("tagged"));
        assertThat((List<?>) api.call("VLAN.get_all")).as("its VLAN went first").isEmpty();
        assertThat((List<?>) api.call("network.get_by_name_label", "tagged")).isEmpty();
    }

    @Test
    void anIsoLibraryIsAddedAndForgottenOnTheStoragePage() throws Exception {
        java.nio.file.Path isos = java.nio.file.Files.createTempDirectory("jxen-isos");
        java.nio.file.Files.write(isos.resolve("rescue.iso"), new byte[4096]);
        page.go("storage");
        page.field("New SR name").sendKeys("ISOs");
        page.field("Directory on the host").sendKeys(isos.toString());
        page.button("Add SR").click();
        page.waitForText("main", "rescue.iso");
        String sr = only("SR.get_by_name_label", "ISOs");
        assertThat(api.call("SR.get_content_type", sr)).isEqualTo("iso");
        assertThat(page.all("button[aria-label='Delete rescue.iso']")).as("a library's image is only listed").isEmpty();
        assertThat(page.all("button[aria-label^='Forget SR Local']")).as("the local SR stays").isEmpty();

        page.button("Forget SR ISOs").click();
        assertThat(page.answerDialog("Forget")).contains("its files stay");
        page.until(d -> !page.text("main").contains("rescue.iso"));
        assertThat((List<?>) api.call("SR.get_by_name_label", "ISOs")).isEmpty();
        assertThat(isos.resolve("rescue.iso")).exists();
        java.nio.file.Files.delete(isos.resolve("rescue.iso"));
        java.nio.file.Files.delete(isos);
    }

    @Test
    void aFailedActionSaysWhatToDoAndTheTaskListShowsIt() throws Exception {
        // more memory than the simulated laptop has: the start fails as XAPI's does
        String vm = (String) api.call("jxen.create_VM_from_xl_config",
                "name = \"too-big\"\ntype = \"pvh\"\nkernel = \"/boot/vmlinuz\"\nmemory = 65536\n", "too-big.cfg");
        page.go("vm/" + api.call("VM.get_uuid", vm));
        page.button("Start").click();
        String notice = page.waitForText("#notices [role=alert]", "failed");
        assertThat(notice).contains("Starting too-big").contains("not enough free memory")
                .contains("Stop another VM or give this one less memory");
        page.go("tasks");
        assertThat(page.waitForText("main table", "VM.start")).contains("failure").contains("not enough free memory");
        browser.screenshot("tasks");
        api.call("VM.destroy", vm);
    }

    /** What a guest's agent reports (here written into its XenStore home as xe-guest-utilities does) shows on its page. */
    @Test
    void aVmsPageShowsWhatItsGuestAgentReports() throws Exception {
        String vm = running("with-agent", "memory = 128");
        String home = "/local/domain/" + api.call("VM.get_domid", vm);
        try (XsClient xs = XsClient.connect(CONSOLE.jxend().jxend.xenstoreSocket())) {
            xs.transaction(tx -> {
                tx.write(home + "/data/os_name", "Debian GNU/Linux 12 (bookworm)");
                tx.write(home + "/attr/vif/0/ipv4/0", "10.0.0.7");
                tx.write(home + "/attr/vif/0/ipv6/0", "fe80::7");
                tx.write(home + "/attr/vif/1/ipv4/0", "192.168.1.7");
                return null;
            });
        }
        String facts = page.waitForText("dl.facts", "IP addresses");
        assertThat(facts).contains("Operating system\nDebian GNU/Linux 12 (bookworm)")
                .contains("IP addresses\n10.0.0.7, fe80::7, 192.168.1.7");
    }

    @Test
    void theKeyboardAloneLogsInSortsAndOpensAVm() throws Exception {
        running("by-keyboard", "memory = 128");
        page.button("Log out").click();
        page.waitForText("form.login", "Log in");
        assertThat(page.text("form.login [role=alert]")).contains("logged out");
        browser.screenshot("login");
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getDomAttribute("name")).isEqualTo("password"); // user is filled in: root
        new Actions(browser.driver()).sendKeys(CONSOLE.jxend().rootPassword() + Keys.ENTER).perform();
        page.waitForText("main h1", "by-keyboard"); // back where the person was
        page.go("vms");

        page.field("Filter").sendKeys("by-key");
        WebElement sort = page.button("Memory");
        sort.sendKeys(Keys.ENTER);
        page.until(d -> "ascending".equals(sort.findElement(By.xpath("..")).getDomAttribute("aria-sort")));
        // the list redraws its rows each second (uptimes) and whenever a VM changes: the row link that
        // has the keyboard's focus keeps it
        browser.script("document.querySelector(\"#vm-table a[href^='#/vm/']\").focus()");
        Thread.sleep(1500);
        // (read again if a redraw replaced the focused link between finding it and reading it)
        String focusedRow = page.until(d -> d.switchTo().activeElement().getText());
        assertThat(focusedRow).isEqualTo("by-keyboard");
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        page.waitForText("main h1", "by-keyboard");
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("by-keyboard");
    }

    @Test
    void aTabletSeesEveryPageWithoutScrollingSideways() throws Exception {
        running("on-a-tablet", "memory = 128");
        Dimension laptop = browser.driver().manage().window().getSize();
        browser.driver().manage().window().setSize(new Dimension(768, 1024));
        try {
            for (String route : List.of("host", "vms", "new", "storage", "networks", "tasks",
                    "vm/" + api.call("VM.get_uuid", only("VM.get_by_name_label", "on-a-tablet")))) {
                page.go(route);
                long overflow = (Long) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow).as("sideways scroll on #/%s at 768 px", route).isLessThanOrEqualTo(0);
            }
            page.go("vms");
            browser.screenshot("vms-tablet");
        } finally {
            browser.driver().manage().window().setSize(laptop);
        }
    }

    @Test
    void loggingOutEndsTheSessionOnJxend() throws Exception {
        String session = (String) browser.script("return sessionStorage.getItem('jxen.session')");
        try (XenApiClient other = XenApiClient.http(CONSOLE.jxend().http(), false)) {
            assertThat((List<?>) other.callWithoutSession("VM.get_all", List.of(session))).isNotEmpty();
            page.button("Log out").click();
            page.waitForText("form.login", "Log in");
            assertThat(browser.script("return sessionStorage.getItem('jxen.session')")).isNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> other.callWithoutSession("VM.get_all", List.of(session)))
                    .hasMessageContaining("SESSION_INVALID");
        } finally {
            page.logIn("root", CONSOLE.jxend().rootPassword());
        }
    }

    /** Clicks the action {@code label}; the page shows {@code shown}, the VM's power state is {@code state}. */
    private static void act(String label, String shown, String vm, String state) throws Exception {
        page.button(label).click();
        page.waitForText(".heading .state", shown);
        assertThat(api.call("VM.get_power_state", vm)).isEqualTo(state);
    }

    /** A running PVH VM named {@code name} with {@code settings}, its page open. */
    private static String running(String name, String settings) throws Exception {
        String vm = (String) api.call("jxen.create_VM_from_xl_config",
                "name = \"" + name + "\"\ntype = \"pvh\"\nkernel = \"/boot/vmlinuz\"\n" + settings + "\n", name + ".cfg");
        api.call("VM.start", vm, false, false);
        page.go("vm/" + api.call("VM.get_uuid", vm));
        page.waitForText(".heading .state", "running");
        return vm;
    }

    private static String only(String method, Object arg) throws Exception {
        List<?> refs = (List<?>) api.call(method, arg);
        assertThat(refs).as("%s(%s)", method, arg).hasSize(1);
        return (String) refs.getFirst();
    }
}
