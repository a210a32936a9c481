import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Network;
import com.xensource.xenapi.PIF;
import com.xensource.xenapi.Pool;
import com.xensource.xenapi.SR;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VBD;
import com.xensource.xenapi.VDI;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VLAN;
import com.xensource.xenapi.VM;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * The XenAPI Java SDK (com.citrix.hypervisor:xen-api 8.1.0, unchanged) against jxend in the xenlab's
 * dom0 (scripts/xenlab/jxend-test.sh runs it; scripts/xenlab/prepare-jxend-extra compiles it):
 *
 * <pre>
 *   JxendLabClient lifecycle URL PASSWORD_FILE   a VM from the "Generic Linux PV" template with a disk
 *       and a NIC of its own, booting the lab's guest: start, its console, pause, unpause, memory,
 *       vCPUs, a second NIC plugged and unplugged, suspend, resume, clean shutdown, destroy, then
 *       event.from with the token taken before it all
 *   JxendLabClient bench URL PASSWORD_FILE N     N x (VM.start, VM.hard_shutdown) of one VM, each
 *       VM.start timed (the daemon and this client warm after a first, untimed start)
 * </pre>
 *
 * Every step prints {@code XENLAB-MARK sdk STEP rc=0|1 ...} (the lane greps them); the exit status
 * is the number of failed steps. Each step's observable effect is read back from the VM's record
 * and, where Xen shows it, from XenStore ({@code xenstore-read}).
 */
public final class JxendLabClient {
    private static final long MIB = 1L << 20;
    private static final String KERNEL = "/var/lib/xenlab/guest/vmlinuz";
    private static final String RAMDISK = "/var/lib/xenlab/guest/initrd-held.gz";
    private static final String ARGS = "console=hvc0 quiet";

    /** JXEND_LAB_SIM=1: jxend runs a simulated host in dom0, so Xen's side (XenStore, xl, the console log) is not looked at. */
    private static final boolean SIM = "1".equals(System.getenv("JXEND_LAB_SIM"));

    private final Connection c;
    private int failed;

    private JxendLabClient(Connection c) {
        this.c = c;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: JxendLabClient lifecycle|bench URL PASSWORD_FILE [N]");
            System.exit(2);
        }
        Connection c = new Connection(URI.create(args[1]).toURL());
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        long t0 = System.nanoTime();
        Session.loginWithPassword(c, "root", password, "1.0", "jxen-xenlab");
        mark("login", true, String.format("%.3fs", (System.nanoTime() - t0) / 1e9));
        JxendLabClient client = new JxendLabClient(c);
        try {
            switch (args[0]) {
                case "lifecycle" -> client.lifecycle();
                case "bench" -> client.bench(Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (Exception e) {
            client.failed++;
            mark("exception", false, e.toString());
            e.printStackTrace(System.out);
        } finally {
            Session.logout(c);
        }
        System.out.println("XENLAB-MARK sdk done failed=" + client.failed);
        System.exit(Math.min(client.failed, 100));
    }

    /** A halted VM like /etc/xen's lab guest: 128 MiB (static max 256), 1 vCPU of 2, the held initrd. */
    private VM guest(String name) throws Exception {
        VM template = VM.getByNameLabel(c, "Generic Linux PV").iterator().next();
        VM vm = template.createClone(c, name);
        vm.setIsATemplate(c, false);
        vm.setPVKernel(c, KERNEL);
        vm.setPVRamdisk(c, RAMDISK);
        vm.setPVArgs(c, ARGS);
        vm.setMemoryLimits(c, 64 * MIB, 256 * MIB, 128 * MIB, 128 * MIB);
        vm.setVCPUsMax(c, 2L);
        vm.setVCPUsAtStartup(c, 1L);
        vm.setActionsAfterShutdown(c, Types.OnNormalExit.DESTROY);
        vm.setActionsAfterReboot(c, Types.OnNormalExit.RESTART);
        vif(vm, "0");
        return vm;
    }

    private VIF vif(VM vm, String device) throws Exception {
        return vif(vm, device, Network.getAll(c).iterator().next());
    }

    private VIF vif(VM vm, String device, Network network) throws Exception {
        VIF.Record vif = new VIF.Record();
        vif.VM = vm;
        vif.network = network;
        vif.device = device;
        vif.MAC = "";
        vif.MTU = 1500L;
        vif.otherConfig = new HashMap<>();
        vif.qosAlgorithmParams = new HashMap<>();
        return VIF.create(c, vif);
    }

    private void lifecycle() throws Exception {
        String token = Event.from(c, Set.of("vm"), "", 0.0).token;
        check("event-token", token != null && !token.isEmpty(), token);
        VM vm = guest("sdk-guest");
        SR sr = Pool.getAllRecords(c).values().iterator().next().defaultSR;
        VDI.Record disk = new VDI.Record();
        disk.nameLabel = "sdk-guest disk";
        disk.SR = sr;
        disk.virtualSize = 16 * MIB;
        disk.type = Types.VdiType.USER;
        disk.otherConfig = new HashMap<>();
        disk.smConfig = new HashMap<>();
        VDI vdi = VDI.create(c, disk);
        VBD.Record vbd = new VBD.Record();
        vbd.VM = vm;
        vbd.VDI = vdi;
        vbd.userdevice = "0";
        vbd.mode = Types.VbdMode.RW;
        vbd.type = Types.VbdType.DISK;
        vbd.bootable = false;
        vbd.empty = false;
        vbd.otherConfig = new HashMap<>();
        vbd.qosAlgorithmParams = new HashMap<>();
        VBD.create(c, vbd);
        check("vm-made", vm.getVBDs(c).size() == 1 && vm.getVIFs(c).size() == 1, vm.getUuid(c));

        long t0 = System.nanoTime();
        vm.start(c, false, false);
        String took = String.format("%.3fs", (System.nanoTime() - t0) / 1e9);
        long domid = vm.getDomid(c);
        check("start", vm.getPowerState(c) == Types.VmPowerState.RUNNING && domid > 0
                && xen("sdk-guest".equals(xs("/local/domain/" + domid + "/name"))), "domid=" + domid + " took=" + took);
        if (!SIM) {
            boolean up = waitFor(Path.of("/var/log/xen/console/guest-sdk-guest.log"), "DOMU UP", 120)
                    || consoleSays(domid, "DOMU UP");
            check("console", up, "DOMU UP");
            // busybox init up: it acts on the power-off that clean_shutdown asks for
            waitFor(Path.of("/var/log/xen/console/guest-sdk-guest.log"), "Please press Enter", 60);
        }

        vm.pause(c);
        check("pause", vm.getPowerState(c) == Types.VmPowerState.PAUSED && xen(xlState(domid).contains("p")),
                "xl state " + xlState(domid));
        vm.unpause(c);
        check("unpause", vm.getPowerState(c) == Types.VmPowerState.RUNNING && xen(!xlState(domid).contains("p")),
                "xl state " + xlState(domid));

        vm.setMemoryDynamicRange(c, 100 * MIB, 100 * MIB);
        check("memory", xen("102400".equals(xs("/local/domain/" + domid + "/memory/target")))
                && vm.getMemoryDynamicMax(c) == 100 * MIB, "target " + xs("/local/domain/" + domid + "/memory/target"));
        vm.setVCPUsNumberLive(c, 2L);
        check("vcpus", xen("online".equals(xs("/local/domain/" + domid + "/cpu/1/availability")))
                && vm.getMetrics(c).getVCPUsNumber(c) == 2,
                "cpu/1 " + xs("/local/domain/" + domid + "/cpu/1/availability"));

        // the second NIC on a private network, whose bridge jxend makes in dom0 when the NIC joins it
        Network.Record privateNet = new Network.Record();
        privateNet.nameLabel = "sdk private";
        privateNet.nameDescription = "";
        privateNet.MTU = 1500L;
        privateNet.otherConfig = new HashMap<>();
        privateNet.managed = true; // the SDK sends false for a field left null; XAPI's default is true
        Network network = Network.create(c, privateNet);
        String bridge = network.getBridge(c);
        VIF second = vif(vm, "1", network);
        second.plug(c);
        boolean connected = waitXs("/local/domain/0/backend/vif/" + domid + "/1/state", "4", 60);
        Path port = Path.of("/sys/class/net", bridge, "brif", "vif" + domid + ".1");
        check("vif-plug", second.getCurrentlyAttached(c) && xen(connected) && xen(Files.exists(port)),
                "backend state " + xs("/local/domain/0/backend/vif/" + domid + "/1/state") + ", " + port
                        + (Files.exists(port) ? "" : " missing"));
        second.unplug(c);
        boolean gone = waitXs("/local/domain/0/backend/vif/" + domid + "/1/state", "", 30);
        check("vif-unplug", !second.getCurrentlyAttached(c) && xen(gone), "backend " + (gone ? "gone" : "still there"));
        second.destroy(c);
        network.destroy(c);
        check("network-destroy", xen(!Files.exists(Path.of("/sys/class/net", bridge))), "bridge " + bridge);
        vlan(vm, domid);

        t0 = System.nanoTime();
        vm.suspend(c);
        took = String.format("%.3fs", (System.nanoTime() - t0) / 1e9);
        check("suspend", vm.getPowerState(c) == Types.VmPowerState.SUSPENDED && xs("/local/domain/" + domid + "/name").isEmpty(),
                "took=" + took);
        t0 = System.nanoTime();
        vm.resume(c, false, false);
        took = String.format("%.3fs", (System.nanoTime() - t0) / 1e9);
        domid = vm.getDomid(c);
        check("resume", vm.getPowerState(c) == Types.VmPowerState.RUNNING && domid > 0
                && xen("sdk-guest".equals(xs("/local/domain/" + domid + "/name"))), "domid=" + domid + " took=" + took);

        try {
            vm.destroy(c);
            check("destroy-running-refused", false, "VM.destroy of a running VM was accepted");
        } catch (Types.VmBadPowerState expected) {
            check("destroy-running-refused", true, "VM_BAD_POWER_STATE");
        }
        t0 = System.nanoTime();
        vm.cleanShutdown(c);
        took = String.format("%.3fs", (System.nanoTime() - t0) / 1e9);
        check("clean-shutdown", vm.getPowerState(c) == Types.VmPowerState.HALTED
                && xs("/local/domain/" + domid + "/name").isEmpty(), "took=" + took);

        // event.from as XAPI answers it: one event per object changed since the token, with the record
        // as it is now (a VM made since is an "add" with its last power state), then its "del"
        String uuid = vm.getUuid(c);
        String ref = vm.toWireString();
        List<String> seen = new ArrayList<>();
        EventBatch batch = Event.from(c, Set.of("vm"), token, 5.0);
        for (Event.Record e : batch.events) {
            if (ref.equals(e.ref)) {
                seen.add(e.operation + ":" + (e.snapshot instanceof VM.Record r ? r.powerState : null));
            }
        }
        check("event-from", seen.size() == 1 && seen.getFirst().endsWith(":Halted"),
                batch.events.size() + " events since the first token, the VM's: " + seen);
        String after = batch.token;
        vm.destroy(c);
        vdi.destroy(c);
        boolean forgotten;
        try {
            vm.getRecord(c);
            forgotten = false;
        } catch (Types.HandleInvalid expected) {
            forgotten = true;
        }
        check("destroy", forgotten, uuid);
        seen.clear();
        batch = Event.from(c, Set.of("vm"), after, 5.0);
        for (Event.Record e : batch.events) {
            if (ref.equals(e.ref)) {
                seen.add(String.valueOf(e.operation));
            }
        }
        check("event-from-del", seen.equals(List.of("del")), "the VM's events since: " + seen);
    }

    private void bench(int n) throws Exception {
        VM vm = guest("sdk-bench");
        // one untimed start: the first VM.start loads and compiles the start path in jxend and here
        vm.start(c, false, false);
        vm.hardShutdown(c);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            vm.start(c, false, false);
            double s = (System.nanoTime() - t0) / 1e9;
            times.add(s);
            System.out.printf("XENLAB-TIME sdk_vm_start_%d_s=%.3f%n", i + 1, s);
            boolean running = vm.getPowerState(c) == Types.VmPowerState.RUNNING;
            vm.hardShutdown(c);
            check("bench-start-" + (i + 1), running && vm.getPowerState(c) == Types.VmPowerState.HALTED,
                    String.format("%.3fs", s));
        }
        // what a call costs without the toolstack: the XML-RPC round trip (this client and jxend, under emulation)
        double[] rpc = new double[21];
        for (int i = 0; i < rpc.length; i++) {
            long t0 = System.nanoTime();
            vm.getPowerState(c);
            rpc[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(rpc);
        System.out.printf("XENLAB-TIME sdk_rpc_round_trip_median_s=%.3f%n", rpc[rpc.length / 2]);
        vm.destroy(c);
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("XENLAB-TIME sdk_vm_start_median_s=%.3f%n", sorted[sorted.length / 2]);
        System.out.println("XENLAB-MARK sdk bench times " + Arrays.toString(sorted));
    }

    private boolean consoleSays(long domid, String text) {
        try {
            Process p = new ProcessBuilder("/opt/extra/bin/jxl", "console", Long.toString(domid))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A third NIC on VLAN 7 of the host's interface: jxend puts eth0.7 on the VLAN network's bridge
     * (VLAN.create), the NIC joins that bridge, and VLAN.destroy takes eth0.7 and the bridge away.
     */
    private void vlan(VM vm, long domid) throws Exception {
        PIF eth0 = null;
        for (PIF p : PIF.getAll(c)) {
            if (p.getPhysical(c)) {
                eth0 = p;
            }
        }
        Network.Record record = new Network.Record();
        record.nameLabel = "sdk vlan 7";
        record.nameDescription = "";
        record.MTU = 1500L;
        record.otherConfig = new HashMap<>();
        record.managed = true;
        Network network = Network.create(c, record);
        VLAN vlan = VLAN.create(c, eth0, 7L, network);
        PIF untagged = vlan.getUntaggedPIF(c);
        String bridge = network.getBridge(c);
        Path tagged = Path.of("/sys/class/net", bridge, "brif", eth0.getDevice(c) + ".7");
        check("vlan-create", untagged.getCurrentlyAttached(c) && untagged.getVLAN(c) == 7 && xen(Files.exists(tagged)),
                tagged + (Files.exists(tagged) ? "" : " missing"));
        VIF third = vif(vm, "2", network);
        third.plug(c);
        boolean connected = waitXs("/local/domain/0/backend/vif/" + domid + "/2/state", "4", 60);
        Path port = Path.of("/sys/class/net", bridge, "brif", "vif" + domid + ".2");
        check("vlan-vif-plug", third.getCurrentlyAttached(c) && xen(connected) && xen(Files.exists(port)),
                port + (Files.exists(port) ? "" : " missing"));
        third.unplug(c);
        waitXs("/local/domain/0/backend/vif/" + domid + "/2/state", "", 30);
        third.destroy(c);
        vlan.destroy(c);
        Path vlanInterface = Path.of("/sys/class/net", eth0.getDevice(c) + ".7");
        check("vlan-destroy", xen(!Files.exists(vlanInterface) && !Files.exists(Path.of("/sys/class/net", bridge))),
                vlanInterface + " and " + bridge + (Files.exists(vlanInterface) ? ": still there" : ": gone"));
        network.destroy(c);
    }

    private static void mark(String step, boolean ok, String detail) {
        System.out.println("XENLAB-MARK sdk " + step + " rc=" + (ok ? 0 : 1) + (detail.isEmpty() ? "" : " " + detail));
    }

    private void check(String step, boolean ok, String detail) {
        if (!ok) {
            failed++;
        }
        mark(step, ok, detail);
    }

    /** The value at {@code path} in XenStore, "" if there is none (or no Xen: a simulated host). */
    private static String xs(String path) {
        return SIM ? "" : run("xenstore-read", path);
    }

    /** The state column of {@code xl list}'s row of domain {@code domid}. */
    private static String xlState(long domid) {
        for (String line : run("xl", "list", Long.toString(domid)).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[1].equals(Long.toString(domid))) {
                return f[4];
            }
        }
        return "?";
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A check of Xen's side, which a simulated host has not. */
    private static boolean xen(boolean ok) {
        return SIM || ok;
    }

    /** Waits up to {@code seconds} for {@code path} in XenStore to read {@code value} ("" = gone). */
    private static boolean waitXs(String path, String value, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!SIM && System.nanoTime() < end) {
            if (xs(path).equals(value)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static boolean waitFor(Path log, String text, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        return false;
    }
}
