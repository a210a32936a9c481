package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.Errno;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.XenError;
import org.jxen.hv.sim.Topology;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A create that fails at any step leaves the host and XenStore exactly as they were: the whole
 * XenStore tree (every node, value and permission), the host's domains with their memory and
 * outstanding claims, its free memory on each node, and the failed domain no longer introduced to
 * XenStore (its connection and watches gone); the failure names the step; and the next create
 * works. Failures are injected through a {@link Proxy} over the Hypervisor that throws on the Nth
 * call of one method, with the errno Xen would give; the simulated guests keep the real host.
 * A running domain stands by throughout, so the dump is not just dom0's.
 */
class CreateRollbackTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String DEVICES = "disk = ['DISK,raw,xvda,rw']\nvif = ['']\n";

    /** Once armed, throws (errno's HypervisorException, or any failure) from the {@code nth} call of {@code method}; records the domids created. */
    static final class Failing implements InvocationHandler {
        private final Hypervisor target;
        private final String method;
        private final int nth;
        private final Supplier<Throwable> failure;
        private final Map<String, Integer> calls = new HashMap<>();
        final List<Integer> created = new ArrayList<>();
        boolean fired;
        private boolean armed;

        Failing(Hypervisor target, String method, int nth, Errno errno) {
            this(target, method, nth, () -> new HypervisorException(errno, "injected failure of " + method
                    + " (call " + nth + ")"));
        }

        Failing(Hypervisor target, String method, int nth, Supplier<Throwable> failure) {
            this.target = target;
            this.method = method;
            this.nth = nth;
            this.failure = failure;
        }

        synchronized void arm() {
            armed = true;
        }

        static Hypervisor wrap(Failing f) {
            return (Hypervisor) Proxy.newProxyInstance(Hypervisor.class.getClassLoader(), new Class<?>[] {Hypervisor.class},
                    f);
        }

        @Override
        public synchronized Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
            if (armed && m.getName().equals(method) && calls.merge(method, 1, Integer::sum) == nth) {
                fired = true;
                throw failure.get();
            }
            try {
                Object result = m.invoke(target, args);
                if (m.getName().equals("createDomain")) {
                    created.add((Integer) result);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** What must be as it was: XenStore, the domains (ID, state, memory, claim), free memory by node. */
    private record HostState(List<String> store, List<String> domains, long freeKb, List<Long> nodeFreeKb) {
        static HostState of(SimToolstack s) {
            List<String> domains = s.host.domains().stream().map(d -> d.domid() + " " + d.state() + " " + d.memKb()
                    + "/" + d.maxMemKb() + " claim " + d.outstandingPages()).toList();
            PhysInfo p = s.host.physInfo();
            return new HostState(StoreDump.of(s.xs), domains, p.freeMemKb(),
                    p.nodes().stream().map(PhysInfo.NumaNode::freeKb).toList());
        }
    }

    static Stream<Arguments> injected() {
        Topology laptop = Topology.laptop();
        Topology server = Topology.server();
        return Stream.of(
                Arguments.of("createDomain", 1, XenError.ENOMEM, CreateStep.CREATE, laptop, ""),
                Arguments.of("setNodeAffinity", 1, XenError.EINVAL, CreateStep.PLACEMENT, server, ""),
                Arguments.of("setVcpuAffinity", 1, XenError.EINVAL, CreateStep.PLACEMENT, server, ""),
                // placement sets both vCPUs' soft affinity first (it runs on one node too, as in libxl)
                Arguments.of("setVcpuAffinity", 3, XenError.EINVAL, CreateStep.AFFINITY, laptop, "cpus = \"1\"\n"),
                Arguments.of("vcpuInfo", 1, XenError.EINVAL, CreateStep.AFFINITY, laptop, "cpus = \"1\"\n"),
                Arguments.of("setMaxMemory", 1, XenError.EINVAL, CreateStep.BUILD, laptop, ""),
                Arguments.of("claimPages", 1, XenError.ENOMEM, CreateStep.CLAIM, laptop, ""),
                Arguments.of("claimPages", 2, XenError.EINVAL, CreateStep.CLAIM, laptop, ""),
                Arguments.of("build", 1, XenError.ENOMEM, CreateStep.BUILD, laptop, ""),
                Arguments.of("schedParams", 1, XenError.EINVAL, CreateStep.SCHEDULER, laptop, "cpu_weight = 512\n"),
                Arguments.of("setSchedParams", 1, XenError.EINVAL, CreateStep.SCHEDULER, laptop, "cpu_weight = 512\n"),
                Arguments.of("unpause", 1, XenError.EINVAL, CreateStep.UNPAUSE, laptop, ""));
    }

    @ParameterizedTest(name = "{0} #{1} ({2}) fails {3} on {4}")
    @MethodSource("injected")
    void aFailureInjectedAtEachStepRollsBackEverything(String method, int nth, Errno errno, CreateStep step,
                                                      Topology topology, String extra, @TempDir Path dir)
            throws Exception {
        Failing[] failing = new Failing[1];
        try (SimToolstack s = new SimToolstack(dir, topology, hv -> Failing.wrap(failing[0] = new Failing(hv, method,
                nth, errno)))) {
            bystander(s, dir);
            HostState before = HostState.of(s);
            int createdBefore = failing[0].created.size();
            failing[0].arm();

            ToolstackException e = catchThrowableOfType(ToolstackException.class, () -> s.toolstack.create(
                    JavaToolstackTest.config(dir, "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 128\nvcpus = 2\n"
                            + DEVICES + extra), CreateOptions.DEFAULT));
            assertThat(failing[0].fired).as("the injected failure was reached").isTrue();
            assertThat(e).as("create fails").isNotNull();
            assertThat(e.step()).isEqualTo(step);
            assertThat(e.kind()).isEqualTo(errno == XenError.ENOMEM ? ToolstackException.Kind.NO_MEMORY
                    : ToolstackException.Kind.INVALID);
            assertThat(e.getMessage()).startsWith(step.description() + ": ").contains("injected failure of " + method);
            assertRolledBack(s, before, failing[0].created.subList(createdBefore, failing[0].created.size()));
            createWorks(s, dir);
        }
    }

    @Test
    void aMissingKernelFailsTheBuild(@TempDir Path dir) throws Exception {
        failsAndRollsBack(dir, "name = \"victim\"\nkernel = \"/nonexistent/vmlinuz\"\nmemory = 128\n" + DEVICES,
                CreateOptions.DEFAULT, CreateStep.BUILD, ToolstackException.Kind.FAILED);
    }

    @Test
    void moreMemoryThanTheHostHasFailsTheClaim(@TempDir Path dir) throws Exception {
        failsAndRollsBack(dir, "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 20480\n" + DEVICES,
                CreateOptions.DEFAULT, CreateStep.CLAIM, ToolstackException.Kind.NO_MEMORY);
    }

    /** A driver domain without backend drivers: the vif's backend never reaches InitWait. */
    @Test
    void aDeviceThatNeverConnectsTimesOut(@TempDir Path dir) throws Exception {
        failsAndRollsBack(dir, "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 128\n"
                        + "disk = ['DISK,raw,xvda,rw']\nvif = ['backend=bystander']\n",
                new CreateOptions(false, Duration.ofSeconds(2), Duration.ZERO), CreateStep.BACKENDS,
                ToolstackException.Kind.TIMEOUT);
    }

    /** A name in use is refused before anything is made (with xl's message, so without a step). */
    @Test
    void aDuplicateNameIsRefusedBeforeAnyStep(@TempDir Path dir) throws Exception {
        failsAndRollsBack(dir, "name = \"bystander\"\nkernel = \"KERNEL\"\nmemory = 128\n" + DEVICES,
                CreateOptions.DEFAULT, null, ToolstackException.Kind.DUPLICATE_NAME);
    }

    /**
     * A device the simulated host has no backend for (libxl hands it to QEMU, a vTPM domain or the
     * IOMMU) is refused by its xl.cfg key before anything is made, not dropped from the domain.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vfb = ['vnc=1']", "channel = ['name=org.qemu.guest_agent.0,connection=pty']",
        "p9 = ['tag=share,path=/srv,security_model=none']", "vtpm = ['backend=0']", "vkb = ['backend-type=linux']",
        "usbctrl = ['version=2,ports=4']", "pvcalls = ['']"})
    void aDeviceWithNoBackendHereIsRefusedByName(String device, @TempDir Path dir) throws Exception {
        String key = device.substring(0, device.indexOf(' '));
        failsAndRollsBack(dir, "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 128\n" + DEVICES + device + "\n",
                CreateOptions.DEFAULT, CreateStep.DEVICES, ToolstackException.Kind.INVALID,
                "adding devices: this host has no backend for " + key + " devices",
                "remove " + key + "= from the config");
    }

    /** A disk asking for COLO replication or virtio (which xl takes) is refused before anything is made. */
    @Test
    void aColoOrVirtioDiskIsRefusedBeforeAnything(@TempDir Path dir) throws Exception {
        failsAndRollsBack(dir, "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 128\n"
                + "disk = [ 'vdev=xvdb, colo, target=/srv/replicated.img' ]\n", CreateOptions.DEFAULT, CreateStep.DEVICES,
                ToolstackException.Kind.INVALID, "disk xvdb asks for COLO replication");
        failsAndRollsBack(dir.resolve("virtio"), "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 128\n"
                + "disk = [ 'vdev=xvdc, specification=virtio, target=/srv/v.img' ]\n", CreateOptions.DEFAULT,
                CreateStep.DEVICES, ToolstackException.Kind.INVALID, "disk xvdc is a virtio disk");
    }

    /**
     * A bootloader (pygrub) is refused before anything is made, as this toolstack runs none; without
     * a disk in libxl's words. An HVM guest ignores the key, as in libxl.
     */
    @Test
    void aBootloaderIsRefusedBeforeAnyStep(@TempDir Path dir) throws Exception {
        failsAndRollsBack(dir, "name = \"victim\"\nbootloader = \"pygrub\"\nmemory = 128\n" + DEVICES,
                CreateOptions.DEFAULT, CreateStep.BUILD, ToolstackException.Kind.INVALID,
                "this host runs no bootloader (bootloader=\"pygrub\"", "give kernel= (and ramdisk=, extra=) instead");
        failsAndRollsBack(dir.resolve("no-disk"), "name = \"victim\"\ntype = \"pvh\"\nbootloader = \"pygrub\"\n"
                + "memory = 128\n", CreateOptions.DEFAULT, CreateStep.BUILD, ToolstackException.Kind.INVALID,
                "cannot run bootloader with no boot disk");
    }

    /**
     * {@code pool=} names a CPU pool by name or number; one the host lacks is refused before anything
     * is made, in libxl's words (the lab: {@code xl create ... pool="NoSuchPool"} and {@code pool="3"}).
     */
    @Test
    void aPoolTheHostLacksIsRefusedBeforeAnyStep(@TempDir Path dir) throws Exception {
        for (String pool : List.of("NoSuchPool", "3")) {
            failsAndRollsBack(dir.resolve(pool), "name = \"victim\"\nkernel = \"KERNEL\"\nmemory = 128\npool = \""
                    + pool + "\"\n" + DEVICES, CreateOptions.DEFAULT, CreateStep.DEFAULTS, ToolstackException.Kind.INVALID,
                    "Illegal pool specified: " + pool);
        }
    }

    private static void failsAndRollsBack(Path dir, String config, CreateOptions options, CreateStep step,
                                          ToolstackException.Kind kind, String... saying) throws Exception {
        Failing[] recorder = new Failing[1];
        try (SimToolstack s = new SimToolstack(dir, Topology.laptop(),
                hv -> Failing.wrap(recorder[0] = new Failing(hv, "none", 1, XenError.EINVAL)))) {
            bystander(s, dir);
            HostState before = HostState.of(s);
            int createdBefore = recorder[0].created.size();
            ToolstackException e = catchThrowableOfType(ToolstackException.class,
                    () -> s.toolstack.create(JavaToolstackTest.config(dir, config), options));
            assertThat(e).as("create fails").isNotNull();
            assertThat(e.step()).isEqualTo(step);
            assertThat(e.kind()).isEqualTo(kind);
            for (String words : saying) {
                assertThat(e.getMessage()).contains(words);
            }
            assertRolledBack(s, before, recorder[0].created.subList(createdBefore, recorder[0].created.size()));
            createWorks(s, dir);
        }
    }

    private static void bystander(SimToolstack s, Path dir) throws Exception {
        s.toolstack.create(JavaToolstackTest.config(dir, "name = \"bystander\"\nkernel = \"KERNEL\"\nmemory = 64\n"
                + DEVICES), CreateOptions.DEFAULT.awaitingFrontends(Duration.ofSeconds(5)));
        s.run(SECOND);
    }

    private static void assertRolledBack(SimToolstack s, HostState before, List<Integer> failed) {
        s.run(SECOND); // anything left behind would show now
        HostState after = HostState.of(s);
        assertThat(after.store()).as("XenStore").isEqualTo(before.store());
        assertThat(after.domains()).as("domains, their memory and claims").isEqualTo(before.domains());
        assertThat(after.freeKb()).as("free memory").isEqualTo(before.freeKb());
        assertThat(after.nodeFreeKb()).as("free memory by node").isEqualTo(before.nodeFreeKb());
        for (int domid : failed) {
            assertThat(s.xs.isIntroduced(domid)).as("d%d still introduced to XenStore", domid).isFalse();
        }
        assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0", "bystander");
    }

    private static void createWorks(SimToolstack s, Path dir) throws Exception {
        Domain d = s.toolstack.create(JavaToolstackTest.config(dir, "name = \"victim\"\nkernel = \"KERNEL\"\n"
                + "memory = 128\n" + DEVICES), CreateOptions.DEFAULT.awaitingFrontends(Duration.ofSeconds(5)));
        assertThat(s.toolstack.domain(d.domid()).info().state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThat(s.xs.isIntroduced(d.domid())).isTrue();
        s.toolstack.destroy(d.domid());
    }
}
