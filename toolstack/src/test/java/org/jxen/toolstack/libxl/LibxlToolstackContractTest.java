package org.jxen.toolstack.libxl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.hv.ConsoleOutput;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.contract.ToolstackContractTest;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.XsException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The libxl backend passes the Toolstack contract on real Xen: it runs in a Xen dom0 (the xenlab's,
 * {@code scripts/xenlab/contract-lane}), on the host's xenstored, with real PV guests; elsewhere it
 * is skipped (no {@code /proc/xen/capabilities} saying {@code control_d}), unless {@code
 * -Djxen.contract.requireXen=true}, which makes that a failure.
 *
 * <p>The guest is the lab's: the dom0 kernel booted as a PV guest with an initramfs ({@code
 * scripts/xenlab/contract-guest-init}) that loads the Xen frontends, brings hot-added vCPUs online,
 * prints {@value #READY} and runs a shell on its console under busybox init (which acts on
 * poweroff and reboot requests). A guest crashes through {@code control/sysrq} = {@code c}, as
 * {@code xl sysrq DOMAIN c} does: its kernel panics and Xen shuts it down with reason crash.
 *
 * <p>Knobs (system properties): {@code jxen.contract.kernel}, {@code .ramdisk}, {@code .extra},
 * {@code .vifScript}, {@code .timeScale} (letTimePass sleeps that many times the time asked: under
 * QEMU's emulation a guest does in 5 s what hardware does in 1), {@code .skip} (more test methods
 * to skip, comma-separated, with the reason "skipped with -Djxen.contract.skip"), and {@code
 * jxen.xenstored.socket}.
 */
class LibxlToolstackContractTest extends ToolstackContractTest {
    static final String READY = "JXEN-CONTRACT-GUEST-READY";
    private static final Path SOCKET = Path.of(System.getProperty("jxen.xenstored.socket", "/var/run/xenstored/socket"));
    private static final String KERNEL = System.getProperty("jxen.contract.kernel", "/var/lib/xenlab/guest/vmlinuz");
    private static final String RAMDISK = System.getProperty("jxen.contract.ramdisk",
            "/var/lib/xenlab/guest/initrd-contract.gz");
    private static final String EXTRA = System.getProperty("jxen.contract.extra", "console=hvc0 quiet");
    private static final String VIF_SCRIPT = System.getProperty("jxen.contract.vifScript", "vif-xenlab");
    private static final double TIME_SCALE = Double.parseDouble(System.getProperty("jxen.contract.timeScale", "1"));
    private static final Duration BOOT_DEADLINE = Duration.ofSeconds(180);
    private static final Duration DEVICES_DEADLINE = Duration.ofSeconds(90);
    /** The console is ready for typing once it has been quiet this long after {@value #READY}. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    /** What dom0 alone cannot do, by test method. */
    private static final Map<String, String> SKIPPED = new LinkedHashMap<>();

    static {
        for (String m : System.getProperty("jxen.contract.skip", "").split(",")) {
            if (!m.isBlank()) {
                SKIPPED.put(m.strip(), "skipped with -Djxen.contract.skip");
            }
        }
    }

    private XsClient xs;

    @BeforeAll
    static void inADom0() {
        String why = notDom0();
        if (why != null && Boolean.getBoolean("jxen.contract.requireXen")) {
            fail(why + " (and -Djxen.contract.requireXen=true)");
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /** Why this is not a Xen dom0 with a xenstored, or null when it is. */
    private static String notDom0() {
        Path caps = Path.of("/proc/xen/capabilities");
        try {
            if (!Files.readString(caps).contains("control_d")) {
                return "not a Xen dom0: " + caps + " does not say control_d";
            }
        } catch (IOException e) {
            return "not a Xen dom0: no " + caps + " (" + e.getClass().getSimpleName() + ")";
        }
        if (!Files.exists(SOCKET)) {
            return "no xenstored socket at " + SOCKET + " (set -Djxen.xenstored.socket)";
        }
        return null;
    }

    @Override
    protected String skipReason(String method) {
        return SKIPPED.get(method);
    }

    @Override
    protected Toolstack newToolstack(Path dir) throws Exception {
        xs = XsClient.connect(SOCKET);
        return LibxlToolstack.open(SOCKET);
    }

    @Override
    protected void closeHost() throws IOException {
        if (xs != null) {
            xs.close();
        }
    }

    @Override
    protected void letTimePass(Duration time) {
        sleep(Math.round(time.toMillis() * TIME_SCALE));
    }

    @Override
    protected String bootableKernel(Path dir) throws IOException {
        for (String f : List.of(KERNEL, RAMDISK)) {
            if (!Files.isReadable(Path.of(f))) {
                throw new IOException(f + " is missing: the guest's kernel and initramfs come from the xenlab"
                        + " (scripts/xenlab/contract-lane puts them there)");
            }
        }
        return KERNEL;
    }

    @Override
    protected int guestMemoryMb() {
        return 128; // Debian's kernel's load segments end at 74 MiB
    }

    @Override
    protected String guestConfigLines() {
        return "ramdisk = \"" + RAMDISK + "\"\nextra = \"" + EXTRA + "\"\n";
    }

    @Override
    protected String vif(String spec) {
        return (spec.isEmpty() ? "" : spec + ",") + "script=" + VIF_SCRIPT;
    }

    @Override
    protected Path coreDumpOf(String name) {
        return Path.of("/var/lib/xen/dump", name);
    }

    @Override
    protected void letGuestBoot(int domid) throws Exception {
        long deadline = System.nanoTime() + BOOT_DEADLINE.toNanos();
        ConsoleOutput seen = ts.consoleOutput(domid, 0);
        while (!seen.text().contains(READY)) {
            if (System.nanoTime() > deadline) {
                System.out.println("domain " + domid + " did not print " + READY + " within " + BOOT_DEADLINE.toSeconds()
                        + " s; its console so far:\n" + seen.text());
                return;
            }
            sleep(200);
            seen = ts.consoleOutput(domid, 0);
        }
        // the shell's prompt comes after the marker: wait until the console has been quiet a while
        long quietSince = System.nanoTime();
        long next = seen.next();
        while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() < deadline) {
            sleep(200);
            long now = ts.consoleOutput(domid, next).next();
            if (now != next) {
                next = now;
                quietSince = System.nanoTime();
            }
        }
        letGuestConnectDevices(domid);
    }

    @Override
    protected void letGuestConnectDevices(int domid) throws Exception {
        long deadline = System.nanoTime() + DEVICES_DEADLINE.toNanos();
        while (true) {
            List<DeviceStatus> waiting = new ArrayList<>();
            for (DeviceStatus.Kind k : List.of(DeviceStatus.Kind.VBD, DeviceStatus.Kind.VIF)) {
                ts.devices(domid, k).stream().filter(d -> d.frontendState() != DeviceStatus.CONNECTED).forEach(waiting::add);
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("domain " + domid + ": frontends not connected within " + DEVICES_DEADLINE.toSeconds()
                        + " s: " + waiting);
                return;
            }
            sleep(200);
        }
    }

    /** {@code xenstore-ls -fp /}: nodes that go while the tree is walked (a backend finishing) are left out. */
    @Override
    protected List<String> storeDump() {
        List<String> lines = new ArrayList<>();
        walk("", lines);
        return lines;
    }

    private void walk(String path, List<String> lines) {
        List<String> children;
        try {
            if (!path.isEmpty()) {
                String value = xs.readOrNull(path);
                if (value == null) {
                    return;
                }
                lines.add(path + " = \"" + value + "\"  (" + String.join(",", xs.getPerms(path).toWire()) + ")");
            }
            children = xs.directory(path.isEmpty() ? "/" : path);
        } catch (XsException e) {
            return; // gone meanwhile
        }
        for (String child : children) {
            walk(path + "/" + child, lines);
        }
    }

    @Override
    protected String storeRead(String path) {
        return xs.readOrNull(path);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
