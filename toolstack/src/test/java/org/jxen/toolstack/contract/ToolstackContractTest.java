package org.jxen.toolstack.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Toolstack} must do, written against the interface alone: the JavaToolstack on
 * the simulated host runs it, and the libxl backend on real Xen will run the same class. A subclass
 * gives a fresh toolstack, a way to let time pass on its host (guests boot, act on requests, shut
 * down), a kernel that boots, a way to crash a guest and a dump of XenStore.
 *
 * <p>Covers: create (paused or not, with a disk and a NIC), list/domain/domid/config, destroy,
 * unique names, pause/unpause, rename, vCPU hot-plug and pinning, memory target and maximum,
 * credit2 weight and cap, the pool's rate limit (with the XenStore keys they change and the errors
 * for bad values), block and network hot-plug, every {@code on_*} action, the order of events, and
 * save/restore/checkpoint. Not covered here: HVM guests, PCI passthrough, migration, failures
 * injected into a create (the JavaToolstack's own {@code CreateRollbackTest} does those).
 *
 * <p>A real host needs more of a guest than the simulated one: the protected hooks below (its
 * memory, the config lines every guest gets, the vif's hotplug script, how long to wait for a boot)
 * adapt the guests without changing what is asserted, and {@link #skipReason} lets a backend skip,
 * saying why, a test that needs more than its host offers.
 */
public abstract class ToolstackContractTest {
    /** Long enough for a guest kernel to boot and connect its frontends. */
    protected static final Duration BOOT = Duration.ofSeconds(3);
    protected static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration CORE_DUMPED = Duration.ofSeconds(60);

    @TempDir
    protected Path dir;
    protected Toolstack ts;
    private String kernel;

    /** A fresh toolstack on a host with only dom0; called once before each test. */
    protected abstract Toolstack newToolstack(Path dir) throws Exception;

    /** Lets {@code time} pass on the host's clock, the toolstack acting on what its domains did. */
    protected abstract void letTimePass(Duration time);

    /** A PV kernel that boots and runs a guest obeying {@code control/shutdown}, balloon and hot-plug. */
    protected abstract String bootableKernel(Path dir) throws IOException;

    /** The whole XenStore tree, one line per node as {@code xenstore-ls -fp} prints it. */
    protected abstract List<String> storeDump();

    /**
     * Why the test {@code method} cannot run on this backend's host (it needs what the host does not
     * offer), or null when it runs. A skipped test is reported as aborted, with this reason.
     */
    protected String skipReason(String method) {
        return null;
    }

    /** The memory, in MiB, of a guest whose test does not ask for more; a real kernel needs more than 64. */
    protected int guestMemoryMb() {
        return 64;
    }

    /** xl.cfg lines every guest's config ends with (a ramdisk, the kernel's command line); none by default. */
    protected String guestConfigLines() {
        return "";
    }

    /** The vif spec a test means ({@code ''} or {@code mac=...}), as this host can serve it (a hotplug script, say). */
    protected String vif(String spec) {
        return spec;
    }

    /** Lets a guest just created or unpaused boot: its kernel up, its frontends connected, its console ready. */
    protected void letGuestBoot(int domid) throws Exception {
        letTimePass(BOOT);
    }

    /** Lets a running guest connect the frontends of devices just added, or, just restored, resume and reconnect them. */
    protected void letGuestConnectDevices(int domid) throws Exception {
        letTimePass(BOOT);
    }

    /** Releases the host after each test (the toolstack is closed already). */
    protected void closeHost() throws Exception {
    }

    /** Where a coredump-* action writes the core of domain {@code name}; null where the host writes none (the simulated one). */
    protected Path coreDumpOf(String name) {
        return null;
    }

    /** A disk image a backend can serve; a sparse 16 MiB raw file by default. */
    protected String diskImage(String name) throws IOException {
        Path image = dir.resolve(name + ".img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        return image.toString();
    }

    /** The value of {@code path} in XenStore, or null; read from {@link #storeDump} unless overridden. */
    protected String storeRead(String path) {
        String prefix = path + " = \"";
        for (String line : storeDump()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length(), line.lastIndexOf("\"  ("));
            }
        }
        return null;
    }

    @BeforeEach
    void start(TestInfo test) throws Exception {
        String why = test.getTestMethod().map(m -> skipReason(m.getName())).orElse(null);
        if (why != null) {
            System.out.println("SKIPPED " + getClass().getSimpleName() + "." + test.getTestMethod().get().getName()
                    + ": " + why);
        }
        Assumptions.assumeTrue(why == null, why);
        ts = newToolstack(dir);
        kernel = bootableKernel(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (ts == null) {
            return; // skipped
        }
        try {
            for (Domain d : ts.list()) {
                if (d.domid() != 0) {
                    ts.destroy(d.domid());
                }
            }
        } finally {
            ts.close();
            closeHost();
        }
    }

    /** A config from xl.cfg text; KERNEL stands for the bootable kernel. */
    protected DomainConfig config(String text) throws ConfigException {
        String lines = guestConfigLines();
        String cfg = text.replace("KERNEL", kernel) + (lines.isEmpty() || text.endsWith("\n") ? "" : "\n") + lines;
        return XlDomainReader.read(XlConfigParser.parse("contract.cfg", cfg)).config();
    }

    /** A small PV guest named {@code name} with {@code extra} lines. */
    protected DomainConfig guest(String name, String extra) throws ConfigException {
        return config("name = \"" + name + "\"\nkernel = \"KERNEL\"\nmemory = " + guestMemoryMb() + "\n" + extra);
    }

    private Domain running(String name, String extra) throws Exception {
        Domain d = ts.create(guest(name, extra), CreateOptions.DEFAULT);
        letGuestBoot(d.domid());
        return d;
    }

    private DomainConfig.Disk disk(String spec) throws ConfigException {
        return guest("x", "disk = ['" + spec + "']\n").disks().getFirst();
    }

    /** A NIC as {@code xl network-attach} reads it: no devid, so the toolstack picks the next one. */
    private DomainConfig.Nic nic(String spec) throws ConfigException {
        return guest("x", "vif = ['" + vif(spec) + "']\n").nics().getFirst().withDevid(null);
    }

    private static ToolstackException.Kind kindOf(Throwable t) {
        return ((ToolstackException) t).kind();
    }

    /**
     * Lets time pass a second at a time until {@code done} holds (true) or {@code limit} has passed
     * (false): writing a core takes a real host a while before the action's destroy or restart.
     */
    private boolean within(Duration limit, Callable<Boolean> done) throws Exception {
        for (long s = 0; s < limit.toSeconds(); s++) {
            if (done.call()) {
                return true;
            }
            letTimePass(Duration.ofSeconds(1));
        }
        return done.call();
    }

    private List<String> names() {
        return ts.list().stream().map(Domain::name).toList();
    }

    // ---- create, list, destroy ----

    @Test
    void create_runsTheGuestWithItsDiskAndNicConnected() throws Exception {
        String image = diskImage("web");
        Domain d = ts.create(config("""
                name = "web"
                kernel = "KERNEL"
                memory = 128
                vcpus = 2
                disk = ['IMAGE,raw,xvda,rw']
                vif = ['VIF']
                """.replace("IMAGE", image).replace("VIF", vif("mac=00:16:3e:01:02:03"))), CreateOptions.DEFAULT);
        letGuestBoot(d.domid());
        assertThat(d.name()).isEqualTo("web");
        assertThat(d.domid()).isPositive();
        Domain now = ts.domain(d.domid());
        assertThat(now.info().state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThat(now.info().has(DomainInfo.Flag.PAUSED)).isFalse();
        assertThat(now.info().maxVcpus()).isEqualTo(2);
        assertThat(now.uuid()).isEqualTo(d.uuid());
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).singleElement().satisfies(v -> {
            assertThat(v.identity()).isEqualTo("xvda");
            assertThat(v.backendDomid()).isZero();
            assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED);
            assertThat(v.backendState()).isEqualTo(DeviceStatus.CONNECTED);
        });
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).singleElement().satisfies(v -> {
            assertThat(v.identity()).isEqualTo("00:16:3e:01:02:03");
            assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED);
        });
        assertThat(storeRead("/local/domain/" + d.domid() + "/name")).isEqualTo("web");
        assertThat(storeRead("/local/domain/" + d.domid() + "/memory/target")).isEqualTo("131072");
    }

    @Test
    void create_paused_leavesTheDomainPausedUntilUnpaused() throws Exception {
        Domain d = ts.create(guest("sleeper", "vif = ['" + vif("") + "']\n"), CreateOptions.DEFAULT.paused(true));
        letTimePass(BOOT);
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isTrue();
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).singleElement()
                .satisfies(v -> assertThat(v.frontendState()).isNotEqualTo(DeviceStatus.CONNECTED));
        ts.unpause(d.domid());
        letGuestBoot(d.domid());
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isFalse();
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).singleElement()
                .satisfies(v -> assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED));
    }

    @Test
    void list_domain_domid_config_describeTheDomains() throws Exception {
        Domain a = ts.create(guest("a", "vcpus = 2\n"), CreateOptions.DEFAULT);
        Domain b = ts.create(guest("b", ""), CreateOptions.DEFAULT.paused(true));
        List<Domain> all = ts.list();
        assertThat(all.getFirst().domid()).isZero();
        assertThat(all).extracting(Domain::domid).containsExactly(0, a.domid(), b.domid());
        assertThat(all).extracting(Domain::name).containsExactly(all.getFirst().name(), "a", "b");
        assertThat(ts.domid("a")).isEqualTo(a.domid());
        assertThat(ts.domid("b")).isEqualTo(b.domid());
        assertThat(ts.domid(all.getFirst().name())).isZero();
        assertThat(ts.domain(0).domid()).isZero();
        assertThat(ts.domain(b.domid()).name()).isEqualTo("b");
        DomainConfig c = ts.config(a.domid());
        assertThat(c.cInfo().name()).isEqualTo("a");
        assertThat(c.cInfo().uuid()).isEqualTo(a.uuid().toString());
        assertThat(c.bInfo().maxVcpus()).isEqualTo(2);
        assertThat(c.bInfo().targetMemkb()).isEqualTo(guestMemoryMb() * 1024L);
        assertThat(ts.vcpus(a.domid())).hasSize(2);
        assertThatThrownBy(() -> ts.domid("nobody"))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
        assertThatThrownBy(() -> ts.domain(4000))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
        assertThatThrownBy(() -> ts.config(4000))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    @Test
    void destroy_removesTheDomainAndEverythingItHadInXenStore() throws Exception {
        List<String> before = storeDump();
        Domain d = ts.create(config("""
                name = "gone"
                kernel = "KERNEL"
                memory = MEMORY
                disk = ['IMAGE,raw,xvda,rw']
                vif = ['VIF']
                """.replace("MEMORY", Integer.toString(guestMemoryMb())).replace("IMAGE", diskImage("gone"))
                .replace("VIF", vif(""))), CreateOptions.DEFAULT);
        letGuestBoot(d.domid());
        ts.destroy(d.domid());
        assertThat(names()).containsExactly(ts.list().getFirst().name());
        assertThat(storeDump()).isEqualTo(before);
        assertThatThrownBy(() -> ts.domain(d.domid()))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
        assertThatThrownBy(() -> ts.destroy(d.domid()))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    @Test
    void create_aReadOnlyDiskHasAReadOnlyBackend() throws Exception {
        Domain d = ts.create(config("""
                name = "ro"
                kernel = "KERNEL"
                memory = MEMORY
                disk = ['IMAGE,raw,xvda,rw', 'SHARED,raw,xvdb,ro']
                """.replace("MEMORY", Integer.toString(guestMemoryMb())).replace("IMAGE", diskImage("ro-a"))
                .replace("SHARED", diskImage("ro-b"))), CreateOptions.DEFAULT.paused(true));
        String vbds = "/local/domain/" + d.domid() + "/device/vbd/";
        // libxl's device_disk_add: mode "w" when readwrite is set (not for access=ro), "r" otherwise
        assertThat(storeRead(storeRead(vbds + "51712/backend") + "/mode")).isEqualTo("w");
        assertThat(storeRead(storeRead(vbds + "51728/backend") + "/mode")).isEqualTo("r");
        // discard_enable's default follows readwrite (libxl__device_disk_setdefault)
        assertThat(storeRead(storeRead(vbds + "51712/backend") + "/discard-enable")).isEqualTo("1");
        assertThat(storeRead(storeRead(vbds + "51728/backend") + "/discard-enable")).isEqualTo("0");
    }

    @Test
    void create_writesXsdataUnderTheDomainsHomeAndPlatformdataUnderItsPlatform() throws Exception {
        Map<String, String> xsdata = new LinkedHashMap<>();
        xsdata.put("bios-strings/system-manufacturer", "Xen");
        xsdata.put("vm-data/greeting", "hello world");
        xsdata.put("vm-data/empty", "");
        xsdata.put("vm-data/unset", null); // a key without a value: libxl writes nothing for it
        DomainConfig.CreateInfo c = guest("data", "").cInfo();
        DomainConfig config = guest("data", "").withCreateInfo(new DomainConfig.CreateInfo(c.type(), c.hap(), c.oos(),
                c.ssidLabel(), c.name(), c.uuid(), xsdata, Map.of("acpi_s3", "0"), c.poolName(), c.runHotplugScripts(),
                c.driverDomain(), c.passthrough(), c.xendSuspendEvtchnCompat()));
        Domain d = ts.create(config, CreateOptions.DEFAULT.paused(true));
        String home = "/local/domain/" + d.domid();
        assertThat(storeRead(home + "/bios-strings/system-manufacturer")).isEqualTo("Xen");
        assertThat(storeRead(home + "/vm-data/greeting")).isEqualTo("hello world");
        assertThat(storeRead(home + "/vm-data/empty")).isEmpty();
        assertThat(storeRead(home + "/vm-data/unset")).isNull();
        assertThat(storeRead(home + "/platform/acpi_s3")).isEqualTo("0");
        // made inside the home, they have its permissions: dom0's, the guest may read
        String homePerms = permsOf(home);
        assertThat(homePerms).isEqualTo("(n0,r" + d.domid() + ")");
        for (String node : List.of("bios-strings", "vm-data", "vm-data/greeting", "platform", "platform/acpi_s3")) {
            assertThat(permsOf(home + "/" + node)).as(node).isEqualTo(homePerms);
        }
        DomainConfig kept = ts.config(d.domid());
        assertThat(kept.cInfo().xsdata()).isEqualTo(xsdata);
        assertThat(kept.cInfo().platformdata()).isEqualTo(Map.of("acpi_s3", "0"));
    }

    @Test
    void create_refusesXsdataXenStoreWouldNot_andMakesNothing() throws Exception {
        List<String> before = storeDump();
        DomainConfig bad = guest("bad", "").withCreateInfo(guest("bad", "").cInfo()
                .withXsdata(Map.of("vm-data/../../../../x", "y")));
        assertThatThrownBy(() -> ts.create(bad, CreateOptions.DEFAULT.paused(true)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID))
                .hasMessageContaining("vm-data/../../../../x");
        assertThat(names()).containsExactly(ts.list().getFirst().name());
        assertThat(storeDump()).isEqualTo(before);
    }

    /** The permissions {@code xenstore-ls -fp} shows for {@code path}, or null when it is not there. */
    private String permsOf(String path) {
        for (String line : storeDump()) {
            if (line.startsWith(path + " = \"")) {
                return line.substring(line.lastIndexOf("  (") + 2);
            }
        }
        return null;
    }

    @Test
    void names_areUniqueOnTheHost() throws Exception {
        // paused: a guest kernel that boots changes its own nodes (control/feature-*) meanwhile
        Domain a = ts.create(guest("one", ""), CreateOptions.DEFAULT.paused(true));
        Domain b = ts.create(guest("two", ""), CreateOptions.DEFAULT.paused(true));
        List<String> before = storeDump();
        assertThatThrownBy(() -> ts.create(guest("one", ""), CreateOptions.DEFAULT))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.DUPLICATE_NAME));
        assertThatThrownBy(() -> ts.rename(b.domid(), "one"))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.DUPLICATE_NAME));
        assertThat(storeDump()).isEqualTo(before);
        assertThat(names()).endsWith("one", "two");
        ts.destroy(a.domid());
        ts.rename(b.domid(), "one"); // the name is free again
        assertThat(ts.domid("one")).isEqualTo(b.domid());
    }

    // ---- pause, rename ----

    @Test
    void pause_stopsTheDomainAndUnpauseLetsItRun() throws Exception {
        Domain d = running("p", "");
        ts.pause(d.domid());
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isTrue();
        long cpu = ts.domain(d.domid()).info().cpuTimeNs();
        letTimePass(Duration.ofSeconds(1));
        assertThat(ts.domain(d.domid()).info().cpuTimeNs()).isEqualTo(cpu);
        ts.unpause(d.domid());
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isFalse();
        // Xen counts pauses: two pauses need two unpauses, and an unpause of a running domain fails
        ts.pause(d.domid());
        ts.pause(d.domid());
        ts.unpause(d.domid());
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isTrue();
        ts.unpause(d.domid());
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isFalse();
        assertThatThrownBy(() -> ts.unpause(d.domid())).isInstanceOf(ToolstackException.class);
        assertThat(ts.domain(d.domid()).info().has(DomainInfo.Flag.PAUSED)).isFalse();
        assertThatThrownBy(() -> ts.pause(4000))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    @Test
    void console_showsTheBootAndWhatIsTypedReachesTheGuest() throws Exception {
        Domain d = running("typed", "");
        ConsoleOutput boot = ts.consoleOutput(d.domid(), 0);
        assertThat(boot.text()).isNotEmpty();
        assertThat(boot.next()).isEqualTo(boot.from() + boot.text().length());
        byte[] line = "echo typed-at-the-console\r".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(ts.typeIntoConsole(d.domid(), line)).isEqualTo(line.length);
        letTimePass(Duration.ofMillis(200));

        ConsoleOutput after = ts.consoleOutput(d.domid(), boot.next());
        assertThat(after.from()).as("read on from where the last read ended").isEqualTo(boot.next());
        assertThat(after.text()).as("the echo of the line, then the guest's answer")
                .startsWith("echo typed-at-the-console\r\ntyped-at-the-console\r\n");
        assertThatThrownBy(() -> ts.typeIntoConsole(4000, line))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    @Test
    void rename_changesTheNameEverywhere() throws Exception {
        Domain d = running("before", "");
        ts.rename(d.domid(), "after");
        assertThat(ts.domain(d.domid()).name()).isEqualTo("after");
        assertThat(ts.domid("after")).isEqualTo(d.domid());
        assertThat(ts.config(d.domid()).cInfo().name()).isEqualTo("after");
        assertThat(storeRead("/local/domain/" + d.domid() + "/name")).isEqualTo("after");
        assertThat(storeRead("/vm/" + d.uuid() + "/name")).isEqualTo("after");
        assertThatThrownBy(() -> ts.domid("before"))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
        ts.rename(d.domid(), "after"); // its own name: nothing to do
        assertThat(ts.domid("after")).isEqualTo(d.domid());
    }

    /**
     * As {@code xl sysrq}: the key reaches the guest's kernel, which takes it (clears
     * {@code control/sysrq}, as Linux's sysrq_handler does) and acts on it: s syncs, so the guest
     * runs on. A key that is not one printable character, or no such domain, is refused.
     */
    @Test
    void sysrq_reachesTheGuestsKernel() throws Exception {
        Domain d = running("rq", "");
        String node = "/local/domain/" + d.domid() + "/control/sysrq";
        ts.sendSysrq(d.domid(), 's');
        assertThat(within(WAIT, () -> "".equals(storeRead(node)))).as("the guest took the key").isTrue();
        assertThat(ts.domain(d.domid()).info().state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThatThrownBy(() -> ts.sendSysrq(d.domid(), '\n'))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThatThrownBy(() -> ts.sendSysrq(4000, 's'))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    /** As {@code xl dump-core}: an ELF core (ET_CORE) of the domain's memory; the domain runs on. */
    @Test
    void dumpCore_writesAnElfCoreAndTheDomainRunsOn() throws Exception {
        Domain d = running("dumped", "");
        Path core = dir.resolve("dumped.core");
        ts.dumpCore(d.domid(), core);
        byte[] head = new byte[18];
        try (var in = Files.newInputStream(core)) {
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
        }
        assertThat(head).startsWith(0x7f, 'E', 'L', 'F', 2).endsWith(4, 0);
        assertThat(Files.size(core)).as("every page of the domain's memory").isGreaterThan(ts.domain(d.domid()).info().memKb() * 1024);
        assertThat(ts.domain(d.domid()).info().state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThatThrownBy(() -> ts.dumpCore(4000, dir.resolve("none.core")))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    // ---- tuning ----

    @Test
    void vcpuSet_writesAvailabilityAndTheGuestFollows() throws Exception {
        Domain d = running("v", "vcpus = 1\nmaxvcpus = 4\n");
        String home = "/local/domain/" + d.domid();
        assertThat(storeRead(home + "/cpu/0/availability")).isEqualTo("online");
        assertThat(storeRead(home + "/cpu/3/availability")).isEqualTo("offline");
        ts.setOnlineVcpus(d.domid(), 3);
        assertThat(storeRead(home + "/cpu/2/availability")).isEqualTo("online");
        assertThat(storeRead(home + "/cpu/3/availability")).isEqualTo("offline");
        letTimePass(Duration.ofSeconds(1));
        assertThat(ts.vcpus(d.domid())).extracting(VcpuInfo::online).containsExactly(true, true, true, false);
        assertThat(ts.config(d.domid()).bInfo().availVcpus()).containsExactly(0, 1, 2);
        ts.setOnlineVcpus(d.domid(), 1);
        assertThat(storeRead(home + "/cpu/1/availability")).isEqualTo("offline");
        for (int bad : new int[] {0, 5, -1}) {
            assertThatThrownBy(() -> ts.setOnlineVcpus(d.domid(), bad))
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        }
        assertThat(storeRead(home + "/cpu/0/availability")).isEqualTo("online");
        assertThat(storeRead(home + "/cpu/1/availability")).isEqualTo("offline");
    }

    @Test
    void vcpuPin_setsHardAndSoftAffinity() throws Exception {
        Domain d = running("pin", "vcpus = 2\n");
        Set<Integer> softBefore = ts.vcpus(d.domid()).get(0).softAffinity();
        ts.pinVcpu(d.domid(), 0, Set.of(1), null);
        assertThat(ts.vcpus(d.domid()).get(0).hardAffinity()).containsExactly(1);
        assertThat(ts.vcpus(d.domid()).get(0).softAffinity()).isEqualTo(softBefore);
        ts.pinVcpu(d.domid(), 0, null, Set.of(0, 1));
        assertThat(ts.vcpus(d.domid()).get(0).hardAffinity()).containsExactly(1);
        assertThat(ts.vcpus(d.domid()).get(0).softAffinity()).containsExactly(0, 1);
        assertThatThrownBy(() -> ts.pinVcpu(d.domid(), 2, Set.of(0), null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThatThrownBy(() -> ts.pinVcpu(d.domid(), 1, Set.of(ts.host().cpus() + 7), null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThat(ts.vcpus(d.domid()).get(1).hardAffinity()).hasSize(ts.host().cpus());
    }

    @Test
    void memSet_writesTheTargetAndTheGuestBalloons() throws Exception {
        Domain d = running("m", "memory = 128\nmaxmem = 256\n");
        String home = "/local/domain/" + d.domid();
        assertThat(storeRead(home + "/memory/static-max")).isEqualTo("262144");
        ts.setMemoryTarget(d.domid(), 96 * 1024);
        assertThat(storeRead(home + "/memory/target")).isEqualTo("98304");
        assertThat(ts.config(d.domid()).bInfo().targetMemkb()).isEqualTo(96 * 1024);
        letTimePass(Duration.ofSeconds(5));
        assertThat(ts.domain(d.domid()).info().memKb()).isEqualTo(96 * 1024);
        assertThatThrownBy(() -> ts.setMemoryTarget(d.domid(), 300 * 1024))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThatThrownBy(() -> ts.setMemoryTarget(d.domid(), 0))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThat(storeRead(home + "/memory/target")).isEqualTo("98304");
    }

    @Test
    void memMax_writesStaticMaxAndBoundsTheTarget() throws Exception {
        Domain d = running("mx", "memory = 128\n");
        String home = "/local/domain/" + d.domid();
        ts.setMaxMemory(d.domid(), 512 * 1024);
        assertThat(storeRead(home + "/memory/static-max")).isEqualTo("524288");
        assertThat(ts.config(d.domid()).bInfo().maxMemkb()).isEqualTo(512 * 1024);
        ts.setMemoryTarget(d.domid(), 384 * 1024); // allowed now
        assertThat(storeRead(home + "/memory/target")).isEqualTo("393216");
        assertThatThrownBy(() -> ts.setMaxMemory(d.domid(), 256 * 1024))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThat(storeRead(home + "/memory/static-max")).isEqualTo("524288");
    }

    @Test
    void schedParams_weightAndCap() throws Exception {
        Domain d = running("s", "vcpus = 2\n");
        assertThat(ts.schedParams(d.domid())).isEqualTo(SchedParams.Credit2.DEFAULT);
        ts.setSchedParams(d.domid(), new SchedParams.Credit2(512, 50));
        assertThat(ts.schedParams(d.domid())).isEqualTo(new SchedParams.Credit2(512, 50));
        assertThat(ts.config(d.domid()).bInfo().schedParams().weight()).isEqualTo(512);
        assertThat(ts.config(d.domid()).bInfo().schedParams().cap()).isEqualTo(50);
        assertThatThrownBy(() -> ts.setSchedParams(d.domid(), new SchedParams.Credit2(256, 300)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThatThrownBy(() -> ts.setSchedParams(d.domid(), new SchedParams.Rtds(10_000, 4_000)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        assertThat(ts.schedParams(d.domid())).isEqualTo(new SchedParams.Credit2(512, 50));
    }

    @Test
    void poolRateLimit() throws Exception {
        ts.setPoolRateLimitUs(2000);
        assertThat(ts.poolRateLimitUs()).isEqualTo(2000);
        for (int bad : new int[] {-1, 500_001}) {
            assertThatThrownBy(() -> ts.setPoolRateLimitUs(bad))
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
        }
        assertThat(ts.poolRateLimitUs()).isEqualTo(2000);
    }

    // ---- hot-plug ----

    @Test
    void blockAttach_toARunningGuest() throws Exception {
        Domain d = running("blk", "");
        ts.attachDisk(d.domid(), disk(diskImage("extra") + ",raw,xvdb,rw"));
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).singleElement().satisfies(v -> {
            assertThat(v.identity()).isEqualTo("xvdb");
            assertThat(v.backendDomid()).isZero();
            assertThat(v.backendState()).isGreaterThanOrEqualTo(2);
        });
        assertThat(ts.config(d.domid()).disks()).extracting(DomainConfig.Disk::vdev).containsExactly("xvdb");
        letGuestConnectDevices(d.domid()); // guests bring up frontends for devices added while they run, as Linux does
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).singleElement()
                .satisfies(v -> assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED));
        ts.detachDisk(d.domid(), "xvdb");
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).isEmpty();
        assertThatThrownBy(() -> ts.attachDisk(4000, disk(diskImage("none") + ",raw,xvdc,rw")))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
    }

    /** Devices added before the guest's first unpause are there when its kernel boots: they connect, and detach. */
    @Test
    void blockAttachAndDetach() throws Exception {
        Domain d = ts.create(guest("blk", ""), CreateOptions.DEFAULT.paused(true));
        ts.attachDisk(d.domid(), disk(diskImage("extra") + ",raw,xvdb,rw"));
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).singleElement()
                .satisfies(v -> assertThat(v.identity()).isEqualTo("xvdb"));
        assertThatThrownBy(() -> ts.attachDisk(d.domid(), disk(diskImage("again") + ",raw,xvdb,rw")))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.DEVICE_EXISTS));
        ts.unpause(d.domid());
        letGuestBoot(d.domid());
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).singleElement()
                .satisfies(v -> assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED));
        ts.detachDisk(d.domid(), "xvdb");
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).isEmpty();
        assertThat(ts.config(d.domid()).disks()).isEmpty();
        assertThat(storeRead("/local/domain/" + d.domid() + "/device/vbd/51728")).isNull();
        // a disk named by its device number is the same disk: gone from the config too (lab: xl block-detach D 51760)
        ts.attachDisk(d.domid(), disk(diskImage("third") + ",raw,xvdc,rw"));
        letGuestConnectDevices(d.domid());
        ts.detachDisk(d.domid(), "51744");
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VBD)).isEmpty();
        assertThat(ts.config(d.domid()).disks()).isEmpty();
        assertThatThrownBy(() -> ts.detachDisk(d.domid(), "xvdb"))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DEVICE));
        assertThatThrownBy(() -> ts.detachDisk(d.domid(), "floppy"))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID));
    }

    @Test
    void networkAttachAndDetach() throws Exception {
        Domain d = ts.create(guest("net", "vif = ['" + vif("mac=00:16:3e:00:00:01") + "']\n"), CreateOptions.DEFAULT.paused(true));
        int devid = ts.attachNic(d.domid(), nic("mac=00:16:3e:00:00:02"));
        assertThat(devid).isEqualTo(1);
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).extracting(DeviceStatus::devid, DeviceStatus::identity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "00:16:3e:00:00:01"),
                        org.assertj.core.groups.Tuple.tuple(1, "00:16:3e:00:00:02"));
        ts.unpause(d.domid());
        letGuestBoot(d.domid());
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).extracting(DeviceStatus::frontendState)
                .containsOnly(DeviceStatus.CONNECTED);
        ts.detachNic(d.domid(), 1);
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).extracting(DeviceStatus::devid).containsExactly(0);
        ts.detachNic(d.domid(), 0);
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).isEmpty();
        assertThat(ts.config(d.domid()).nics()).isEmpty();
        assertThat(storeRead("/local/domain/" + d.domid() + "/device/vif/0")).isNull();
        assertThat(storeRead("/local/domain/0/backend/vif/" + d.domid() + "/0")).isNull();
        assertThatThrownBy(() -> ts.detachNic(d.domid(), 0))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.NO_SUCH_DEVICE));
    }

    /**
     * {@code xl network-attach} to a running guest; {@code network-detach} then succeeds whether or
     * not the guest lets go, as {@code libxl_device_nic_remove} forces the removal after
     * LIBXL_DESTROY_TIMEOUT.
     */
    @Test
    void networkAttachAndDetach_runningGuest() throws Exception {
        Domain d = running("hot", "");
        int devid = ts.attachNic(d.domid(), nic(""));
        assertThat(devid).isZero();
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).singleElement()
                .satisfies(v -> assertThat(v.backendState()).isGreaterThanOrEqualTo(2));
        letGuestConnectDevices(d.domid());
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).singleElement()
                .satisfies(v -> assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED));
        ts.detachNic(d.domid(), devid);
        assertThat(ts.devices(d.domid(), DeviceStatus.Kind.VIF)).isEmpty();
        assertThat(storeRead("/local/domain/0/backend/vif/" + d.domid() + "/0")).isNull();
    }

    // ---- on_poweroff, on_reboot, on_crash ----

    private Domain shutDown(String name, String actions, ShutdownRequest request) throws Exception {
        Domain d = running(name, actions);
        if (request == null) {
            ts.sendSysrq(d.domid(), 'c'); // as xl sysrq D c: the guest's kernel panics
        } else {
            ts.shutdown(d.domid(), request, WAIT);
        }
        letTimePass(Duration.ofSeconds(2));
        return d;
    }

    @Test
    void onPoweroff_destroy() throws Exception {
        List<String> before = storeDump();
        shutDown("off", "on_poweroff = \"destroy\"\n", ShutdownRequest.POWEROFF);
        assertThat(names()).doesNotContain("off");
        assertThat(storeDump()).isEqualTo(before);
    }

    @Test
    void onReboot_restart_makesANewDomainWithTheSameNameAndUuid() throws Exception {
        Domain d = shutDown("again", "on_reboot = \"restart\"\n", ShutdownRequest.REBOOT);
        Domain now = ts.domain(ts.domid("again"));
        assertThat(now.domid()).isNotEqualTo(d.domid());
        assertThat(now.uuid()).isEqualTo(d.uuid());
        assertThat(now.info().state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThat(names()).containsOnlyOnce("again");
    }

    /**
     * As xl's rename-restart (libxl_domain_preserve, then the restart): the old domain stays under
     * a new name with a {@code /vm} directory of its own, the new one has the config's name and
     * UUID, and the hypervisor's handle of the old one is left as it was (both list the same UUID).
     */
    @Test
    void onPoweroff_renameRestart_keepsTheOldDomainUnderANewName() throws Exception {
        Domain d = shutDown("rr", "on_poweroff = \"rename-restart\"\n", ShutdownRequest.POWEROFF);
        Domain kept = ts.domain(d.domid());
        assertThat(kept.name()).startsWith("rr-").isNotEqualTo("rr");
        assertThat(kept.info().state()).isEqualTo(DomainInfo.State.SHUTDOWN);
        Domain fresh = ts.domain(ts.domid("rr"));
        assertThat(fresh.domid()).isNotEqualTo(d.domid());
        assertThat(fresh.uuid()).isEqualTo(d.uuid());
        assertThat(kept.uuid()).isEqualTo(d.uuid());
        assertThat(fresh.info().state()).isEqualTo(DomainInfo.State.ALIVE);
        String keptVm = storeRead("/local/domain/" + d.domid() + "/vm");
        assertThat(keptVm).startsWith("/vm/").isNotEqualTo("/vm/" + d.uuid());
        // only the UUID: libxl's rename wrote the new name under the old /vm directory, which the restart replaced
        assertThat(storeRead(keptVm + "/uuid")).isEqualTo(keptVm.substring("/vm/".length()));
        assertThat(storeRead(keptVm + "/name")).isNull();
        assertThat(storeRead("/local/domain/" + d.domid() + "/name")).isEqualTo(kept.name());
        assertThat(storeRead("/local/domain/" + fresh.domid() + "/vm")).isEqualTo("/vm/" + d.uuid());
        assertThat(storeRead("/vm/" + d.uuid() + "/name")).isEqualTo("rr");
        ts.destroy(d.domid());
        assertThat(storeRead(keptVm)).isNull();
        assertThat(storeRead("/vm/" + d.uuid() + "/name")).isEqualTo("rr");
    }

    @Test
    void onCrash_preserve_leavesItShutDownUntilDestroyed() throws Exception {
        List<String> before = storeDump();
        Domain d = shutDown("kept", "on_crash = \"preserve\"\n", null);
        Domain now = ts.domain(d.domid());
        assertThat(now.info().state()).isEqualTo(DomainInfo.State.SHUTDOWN);
        assertThat(now.info().shutdownReason()).isEqualTo(ShutdownReason.CRASH);
        assertThat(ts.domid("kept")).isEqualTo(d.domid());
        ts.destroy(d.domid());
        assertThat(storeDump()).isEqualTo(before);
    }

    @Test
    void onCrash_destroy() throws Exception {
        shutDown("cd", "on_crash = \"destroy\"\n", null);
        assertThat(names()).doesNotContain("cd");
    }

    @Test
    void onCrash_coredumpDestroy() throws Exception {
        Path core = coreDumpOf("cdd");
        if (core != null) {
            Files.deleteIfExists(core);
        }
        shutDown("cdd", "on_crash = \"coredump-destroy\"\n", null);
        assertThat(within(CORE_DUMPED, () -> !names().contains("cdd"))).as("cdd destroyed after its dump").isTrue();
        if (core != null) {
            assertThat(core).isNotEmptyFile();
        }
    }

    @Test
    void onCrash_restart() throws Exception {
        Domain d = shutDown("cr", "on_crash = \"restart\"\n", null);
        assertThat(ts.domid("cr")).isNotEqualTo(d.domid());
        assertThat(ts.domain(ts.domid("cr")).info().state()).isEqualTo(DomainInfo.State.ALIVE);
    }

    @Test
    void onCrash_coredumpRestart() throws Exception {
        Domain d = shutDown("ccr", "on_crash = \"coredump-restart\"\n", null);
        assertThat(within(CORE_DUMPED, () -> ts.list().stream().anyMatch(x -> x.name().equals("ccr") && x.domid() != d.domid())))
                .as("ccr restarted after its dump").isTrue();
        int now = ts.domid("ccr");
        assertThat(now).isNotEqualTo(d.domid());
        assertThat(ts.domain(now).uuid()).isEqualTo(d.uuid());
        assertThat(ts.domain(now).info().state()).isEqualTo(DomainInfo.State.ALIVE);
    }

    /**
     * A guest whose kernel never ran (created paused) cannot take a control/shutdown request: as
     * libxl, the toolstack gives up after 60 s of the host's time (the lab's xl: "guest didn't
     * acknowledge control request: -9"), and the domain stays.
     */
    @Test
    void shutdown_ofAGuestThatNeverBootedIsNotAcknowledged() throws Exception {
        Domain d = ts.create(guest("stuck", ""), CreateOptions.DEFAULT.paused(true));
        assertThatThrownBy(() -> ts.shutdown(d.domid(), ShutdownRequest.POWEROFF, Duration.ofSeconds(2)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.UNACKNOWLEDGED));
        assertThat(ts.domid("stuck")).isEqualTo(d.domid());
    }

    /** As xl shutdown -w: every domain asked first, then each waited for. */
    @Test
    void awaitShutdown_returnsOnceTheAskedDomainsHaveGone() throws Exception {
        Domain one = running("await-one", "on_poweroff = \"destroy\"\n");
        Domain two = running("await-two", "on_poweroff = \"destroy\"\n");
        ts.shutdown(one.domid(), ShutdownRequest.POWEROFF, Duration.ZERO);
        ts.shutdown(two.domid(), ShutdownRequest.POWEROFF, Duration.ZERO);
        ts.awaitShutdown(one.domid(), WAIT);
        ts.awaitShutdown(two.domid(), WAIT);
        assertThat(names()).doesNotContain("await-one", "await-two");
        ts.awaitShutdown(one.domid(), Duration.ofSeconds(1)); // gone already: nothing to wait for
    }

    @Test
    void awaitShutdown_ofADomainNotShuttingDownTimesOut() throws Exception {
        Domain d = running("await-up", "");
        assertThatThrownBy(() -> ts.awaitShutdown(d.domid(), Duration.ofSeconds(2)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.TIMEOUT))
                .hasMessageContaining("did not shut down within 2 s");
        assertThat(ts.domain(d.domid()).info().state()).isEqualTo(DomainInfo.State.ALIVE);
    }

    // ---- events ----

    @Test
    void events_comeInOrder() throws Exception {
        List<ToolstackEvent> seen = new CopyOnWriteArrayList<>();
        Domain d;
        try (AutoCloseable sub = ts.subscribe(seen::add)) {
            d = ts.create(guest("ev", "on_poweroff = \"destroy\"\n"), CreateOptions.DEFAULT);
            letGuestBoot(d.domid());
            ts.pause(d.domid());
            ts.unpause(d.domid());
            ts.rename(d.domid(), "ev2");
            int devid = ts.attachNic(d.domid(), nic(""));
            ts.detachNic(d.domid(), devid);
            ts.shutdown(d.domid(), ShutdownRequest.POWEROFF, WAIT);
            letTimePass(Duration.ofSeconds(1));
        }
        int id = d.domid();
        List<ToolstackEvent> mine = new ArrayList<>(seen.stream()
                .filter(e -> e.domid() == id && !(e instanceof ToolstackEvent.Changed)).toList());
        assertThat(mine).containsExactly(
                new ToolstackEvent.Created(id, "ev", d.uuid()),
                new ToolstackEvent.Paused(id),
                new ToolstackEvent.Unpaused(id),
                new ToolstackEvent.Renamed(id, "ev2"),
                new ToolstackEvent.DeviceConnected(id, DeviceStatus.Kind.VIF, 0),
                new ToolstackEvent.DeviceDisconnected(id, DeviceStatus.Kind.VIF, 0),
                new ToolstackEvent.ShutDown(id, ShutdownReason.POWEROFF, "destroy"),
                new ToolstackEvent.Destroyed(id));
        int before = seen.size();
        ts.create(guest("quiet", ""), CreateOptions.DEFAULT);
        assertThat(seen).hasSize(before); // unsubscribed
    }

    // ---- save, restore, checkpoint ----

    @Test
    void saveRestoreCheckpoint_roundTrip() throws Exception {
        Domain d = running("keep", "vcpus = 2\nvif = ['" + vif("mac=00:16:3e:00:00:07") + "']\n");
        Path image = dir.resolve("keep.save");
        ts.save(d.domid(), image, false);
        assertThat(names()).doesNotContain("keep");

        Domain back = ts.restore(image, CreateOptions.DEFAULT);
        assertThat(back.name()).isEqualTo("keep");
        assertThat(back.uuid()).isEqualTo(d.uuid());
        assertThat(back.info().maxVcpus()).isEqualTo(2);
        assertThat(back.info().has(DomainInfo.Flag.PAUSED)).isFalse();
        letGuestConnectDevices(back.domid());
        assertThat(ts.devices(back.domid(), DeviceStatus.Kind.VIF)).singleElement().satisfies(v -> {
            assertThat(v.identity()).isEqualTo("00:16:3e:00:00:07");
            assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED);
        });

        Path checkpoint = dir.resolve("keep.ckpt");
        ts.save(back.domid(), checkpoint, true);
        assertThat(ts.domain(back.domid()).info().has(DomainInfo.Flag.PAUSED)).isFalse();
        assertThatThrownBy(() -> ts.restore(checkpoint, CreateOptions.DEFAULT))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.DUPLICATE_NAME));
        ts.destroy(back.domid());
        Domain again = ts.restore(checkpoint, CreateOptions.DEFAULT.paused(true));
        assertThat(again.uuid()).isEqualTo(d.uuid());
        assertThat(again.info().has(DomainInfo.Flag.PAUSED)).isTrue();

        Files.write(dir.resolve("junk.save"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ts.restore(dir.resolve("junk.save"), CreateOptions.DEFAULT))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.BAD_IMAGE));
    }

    @Test
    void restore_withAGivenConfig_takesItsDevicesAndName_andRefusesAnotherMachine() throws Exception {
        Domain d = running("given", "vcpus = 2\nvif = ['" + vif("mac=00:16:3e:00:00:08") + "']\n");
        Path image = dir.resolve("given.save");
        ts.save(d.domid(), image, false);

        DomainConfig bigger = guest("given", "vcpus = 2\nmaxmem = " + (2 * guestMemoryMb()) + "\n");
        assertThatThrownBy(() -> ts.restore(image, bigger, CreateOptions.DEFAULT))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ToolstackException.Kind.INVALID))
                .hasMessageContaining("maximum memory");
        assertThat(names()).doesNotContain("given");

        DomainConfig other = guest("given-again", "vcpus = 2\nvif = ['" + vif("mac=00:16:3e:00:00:09") + "']\n");
        Domain back = ts.restore(image, other, CreateOptions.DEFAULT);
        assertThat(back.name()).isEqualTo("given-again");
        assertThat(back.uuid().toString()).isEqualTo(other.cInfo().uuid()); // as xl's parse, the config has one
        letGuestConnectDevices(back.domid());
        assertThat(ts.devices(back.domid(), DeviceStatus.Kind.VIF)).singleElement().satisfies(v -> {
            assertThat(v.identity()).isEqualTo("00:16:3e:00:00:09");
            assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED);
        });
        ts.destroy(back.domid());
    }
}
