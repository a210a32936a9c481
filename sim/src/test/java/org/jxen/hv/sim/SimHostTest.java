package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.XenError;
import org.junit.jupiter.api.Test;

/** The simulated host as the toolstack sees it through the SPI: topology, memory, domain lifecycle, errors. */
class SimHostTest {
    private static final long GIB_KB = 1024L * 1024;

    private static int start(SimHost host, long memKb, Set<Integer> nodes) throws HypervisorException {
        return TestDomains.built(host, DomainType.PVH, 2, memKb, nodes);
    }

    @Test
    void presetsDescribeTheirHosts() {
        PhysInfo laptop = new SimHost(Topology.laptop(), 1).physInfo();
        assertThat(laptop.cpus()).isEqualTo(4);
        assertThat(laptop.nodes()).hasSize(1);
        PhysInfo server = new SimHost(Topology.server(), 1).physInfo();
        assertThat(server.cpus()).isEqualTo(32);
        assertThat(server.totalMemKb()).isEqualTo(256 * GIB_KB);
        assertThat(server.nodes()).extracting(PhysInfo.NumaNode::cpus)
                .containsExactly(range(0, 16), range(16, 32));
        assertThat(server.nodes().get(0).distances()).containsExactly(10, 32);
        PhysInfo epyc = new SimHost(Topology.epyc(), 1).physInfo();
        assertThat(epyc.cpus()).isEqualTo(64);
        assertThat(epyc.nodes()).hasSize(4);
        assertThat(epyc.nodes().get(0).distances()).containsExactly(10, 16, 16, 16);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    @Test
    void memoryIsNodeLocalWhenItFits() throws HypervisorException {
        SimHost host = new SimHost(Topology.server(), 1);
        int small = start(host, 8 * GIB_KB, Set.of());
        assertThat(host.memoryByNode(small)).hasSize(1).containsValue(8 * GIB_KB);
        int onNode1 = start(host, 4 * GIB_KB, Set.of(1));
        assertThat(host.memoryByNode(onNode1)).isEqualTo(Map.of(1, 4 * GIB_KB));
        int big = start(host, 200 * GIB_KB, Set.of());
        assertThat(host.memoryByNode(big)).as("too big for one node: spread").hasSize(2);
        assertThat(host.memoryByNode(big).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200 * GIB_KB);
    }

    @Test
    void destroyGivesTheMemoryBack() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        long free = host.physInfo().freeMemKb();
        int d = start(host, GIB_KB, Set.of());
        assertThat(host.physInfo().freeMemKb()).isEqualTo(free - GIB_KB);
        host.destroyDomain(d);
        assertThat(host.physInfo().freeMemKb()).isEqualTo(free);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.domainInfo(d)).error())
                .isEqualTo(XenError.ESRCH);
    }

    @Test
    void tooMuchMemoryIsEnomemAndNothingIsLeftBehind() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        long free = host.physInfo().freeMemKb();
        int huge = host.createDomain(CreateSpec.of(DomainType.PVH, java.util.UUID.randomUUID(), 1));
        host.setMaxMemory(huge, 64 * GIB_KB);
        HypervisorException e = catchThrowableOfType(HypervisorException.class, () -> host.build(huge,
                new org.jxen.hv.BuildSpec(new org.jxen.hv.BuildSpec.Image.Memory(new byte[1]), null, "", 64 * GIB_KB,
                        0, 0)));
        assertThat(e.error()).isEqualTo(XenError.ENOMEM);
        assertThat(e.getMessage()).contains("domain " + huge).contains("KiB");
        assertThat(host.physInfo().freeMemKb()).isEqualTo(free);
        assertThat(host.domainInfo(huge).memKb()).isZero();
    }

    /** Regression: a domain too small for them got its console and XenStore pages at frames -2 and -1. */
    @Test
    void aDomainTooSmallForItsRingPagesIsEnomemAndTheSmallestHasThemAtFrames0And1() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        long free = host.physInfo().freeMemKb();
        int tiny = host.createDomain(CreateSpec.of(DomainType.PV, java.util.UUID.randomUUID(), 1));
        host.setMaxMemory(tiny, 8);
        HypervisorException e = catchThrowableOfType(HypervisorException.class, () -> host.build(tiny,
                new org.jxen.hv.BuildSpec(new org.jxen.hv.BuildSpec.Image.Memory(new byte[1]), null, "", 4, 0, 0)));
        assertThat(e.error()).isEqualTo(XenError.ENOMEM);
        assertThat(e.getMessage()).contains("4 KiB", "at least 8 KiB");
        assertThat(host.physInfo().freeMemKb()).isEqualTo(free);
        org.jxen.hv.BuildResult smallest = host.build(tiny,
                new org.jxen.hv.BuildSpec(new org.jxen.hv.BuildSpec.Image.Memory(new byte[1]), null, "", 8, 0, 0));
        assertThat(List.of(smallest.consoleGfn(), smallest.storeGfn())).containsExactly(0L, 1L);
    }

    @Test
    void shutdownAndCrashReasonsReachDomainInfo() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = start(host, GIB_KB, Set.of());
        assertThat(host.domainInfo(d).has(DomainInfo.Flag.PAUSED)).as("created paused").isTrue();
        host.unpause(d);
        host.runFor(2_000_000_000L);
        host.shutdown(d, ShutdownReason.REBOOT);
        DomainInfo info = host.domainInfo(d);
        assertThat(info.state()).isEqualTo(DomainInfo.State.SHUTDOWN);
        assertThat(info.shutdownReason()).isEqualTo(ShutdownReason.REBOOT);
                host.shutdown(d, ShutdownReason.CRASH);
        assertThat(host.domainInfo(d).shutdownReason()).as("the first reason stays").isEqualTo(ShutdownReason.REBOOT);
        int c = start(host, GIB_KB, Set.of());
        host.shutdown(c, ShutdownReason.CRASH);
        assertThat(host.domainInfo(c).shutdownReason()).isEqualTo(ShutdownReason.CRASH);
    }

    @Test
    void aShutDownDomainUsesNoMoreCpu() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = start(host, GIB_KB, Set.of());
        host.setWorkload(d, 0, new Workload.CpuBound());
        host.unpause(d);
        host.runFor(1_000_000_000L);
        host.shutdown(d, ShutdownReason.POWEROFF);
        long used = host.domainInfo(d).cpuTimeNs();
        host.runFor(1_000_000_000L);
        assertThat(host.domainInfo(d).cpuTimeNs()).isEqualTo(used);
    }

    /**
     * CPUs past the host's last are dropped, as Xen reads an affinity bitmap only as far as its CPUs
     * (xl's "all" is a whole byte of them): a hard affinity keeps the CPUs the host has, a soft one
     * that names none of them leaves the vCPU preferring its hard affinity. (The lab, 2 CPUs: xl
     * create with cpus="0-7" or cpus_soft="all", and xl vcpu-pin D 0 0-7 all, succeed; "all / all".)
     */
    @Test
    void affinityPastTheHostsCpusIsDropped() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = start(host, GIB_KB, Set.of());
        host.setVcpuAffinity(d, 0, Set.of(1, 2, 5, 6, 7), Set.of(0, 1, 2, 3, 4, 5, 6, 7));
        assertThat(host.vcpuInfo(d, 0).hardAffinity()).containsExactly(1, 2);
        assertThat(host.vcpuInfo(d, 0).softAffinity()).containsExactly(0, 1, 2, 3);
        host.setVcpuAffinity(d, 0, Set.of(3), Set.of(6));
        assertThat(host.vcpuInfo(d, 0).softAffinity()).containsExactly(3);
    }

    /**
     * As Xen's domain builder: a built domain has vCPU 0 up, on a CPU before it first runs (Xen gives
     * each vCPU a processor when it makes it), and the others down (xl vcpu-list: CPU "-", state
     * "--p") until the guest's kernel brings them up, at its first unpause.
     */
    @Test
    void onlyVcpuZeroIsUpUntilTheKernelStarts() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = start(host, GIB_KB, Set.of());
        host.setVcpuAffinity(d, 0, Set.of(2, 3), Set.of());
        assertThat(host.vcpuInfo(d, 0).online()).isTrue();
        assertThat(host.vcpuInfo(d, 0).cpu()).isEqualTo(2);
        assertThat(host.vcpuInfo(d, 1).online()).isFalse();
        assertThat(host.vcpuInfo(d, 1).cpu()).isEqualTo(-1);
        assertThat(host.domainInfo(d).onlineVcpus()).isEqualTo(1);
        host.unpause(d);
        assertThat(host.vcpuInfo(d, 1).online()).isTrue();
        assertThat(host.domainInfo(d).onlineVcpus()).isEqualTo(2);
    }

    @Test
    void badArgumentsAreEinvalAndChangeNothing() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = start(host, GIB_KB, Set.of());
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> host.setVcpuAffinity(d, 0, Set.of(9), Set.of())).getMessage()).contains("[9]").contains("0-3");
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> host.setSchedParams(d, new SchedParams.Credit2(256, 300))).error()).isEqualTo(XenError.EINVAL);
        assertThat(host.schedParams(d)).isEqualTo(SchedParams.Credit2.DEFAULT);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.guestSetOnlineVcpus(d, 3)).error())
                .isEqualTo(XenError.EINVAL);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.destroyDomain(0)).error())
                .isEqualTo(XenError.EINVAL);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> CreateSpec.of(DomainType.PV,
                java.util.UUID.randomUUID(), 1).withMaxEventChannels(0)).getMessage()).contains("max_event_channels 0", "131071");
    }

    @Test
    void theSameSeedGivesTheSameRun() throws HypervisorException {
        assertThat(mixedRun(42)).isEqualTo(mixedRun(42));
        assertThat(mixedRun(42)).isNotEqualTo(mixedRun(43));
    }

    /** CPU and wait time of every vCPU after a mixed run on the server preset. */
    private static List<Long> mixedRun(long seed) throws HypervisorException {
        SimHost host = new SimHost(Topology.server(), seed);
        List<Integer> domids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int d = start(host, GIB_KB, Set.of());
            Workload w = switch (i % 3) {
                case 0 -> new Workload.CpuBound();
                case 1 -> new Workload.Periodic(20_000_000L, 30);
                default -> Workload.Idle.DEFAULT;
            };
            host.setWorkload(d, 0, w);
            host.setWorkload(d, 1, w);
            if (i % 5 == 0) {
                host.setSchedParams(d, new SchedParams.Credit2(512, i % 10 == 0 ? 50 : 0));
            }
            host.unpause(d);
            domids.add(d);
        }
        host.runFor(3_000_000_000L);
        List<Long> times = new ArrayList<>();
        for (int d : domids) {
            for (int v = 0; v < 2; v++) {
                times.add(host.vcpuInfo(d, v).cpuTimeNs());
                times.add(host.waitNs(d, v));
            }
        }
        return times;
    }

    @Test
    void eventChannelsPairUpSignalAndClose() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int a = start(host, GIB_KB, Set.of());
        int b = start(host, GIB_KB, Set.of());
        int offered = host.guestAllocUnbound(host.simDomain(a), 0);
        assertThat(offered).as("after the builder's store and console ports").isEqualTo(3);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.guestAllocUnbound(host.simDomain(b), 0x7000)).error())
                .isEqualTo(XenError.ESRCH);
        int bound = host.bindInterdomain(a, offered);
        host.notify(bound);
        host.notify(bound);
        assertThat(host.portStatus(a, offered)).isEqualTo(new org.jxen.hv.EventChannelStatus(
                org.jxen.hv.EventChannelStatus.State.INTERDOMAIN, 0, bound, 2));
        host.closePort(bound);
        assertThat(host.portStatus(a, offered).state()).isEqualTo(org.jxen.hv.EventChannelStatus.State.UNBOUND);
        assertThat(host.portStatus(0, bound).state()).isEqualTo(org.jxen.hv.EventChannelStatus.State.CLOSED);
        host.destroyDomain(a);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.portStatus(a, offered)).error())
                .as("nothing held it: gone").isEqualTo(XenError.ESRCH);
    }

    @Test
    void portsAreTheLowestFreeUpToTheDomainsLimit() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int guest = host.createDomain(CreateSpec.of(DomainType.PVH, java.util.UUID.randomUUID(), 1));
        for (int port = 1; port <= CreateSpec.DEFAULT_MAX_EVENT_CHANNELS; port++) {
            assertThat(host.guestAllocUnbound(host.simDomain(guest), 0)).isEqualTo(port);
        }
        HypervisorException full = catchThrowableOfType(HypervisorException.class, () -> host.guestAllocUnbound(host.simDomain(guest), 0));
        assertThat(full.error()).isEqualTo(XenError.ENOSPC);
        assertThat(full.getMessage()).contains("domain " + guest, "1023", "max_event_channels");
        host.guestClosePort(host.simDomain(guest), 7);
        assertThat(host.guestAllocUnbound(host.simDomain(guest), 0)).isEqualTo(7);
        int small = host.createDomain(CreateSpec.of(DomainType.PVH, java.util.UUID.randomUUID(), 1).withMaxEventChannels(3));
        for (int port = 1; port <= 3; port++) {
            assertThat(host.guestAllocUnbound(host.simDomain(small), 0)).isEqualTo(port);
        }
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.guestAllocUnbound(host.simDomain(small), 0)).error())
                .isEqualTo(XenError.ENOSPC);
        // dom0 holds a backend port for each of thousands of guests: more than the 2-level ABI's 4095
        for (int port = 1; port <= 5000; port++) {
            assertThat(host.allocUnboundPort(guest)).isEqualTo(port);
        }
    }


    @Test
    void theDirtyLogSeesWhatTheGuestWritesAndPagesReadBackAsWritten() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 3);
        int a = start(host, GIB_KB, Set.of());
        host.unpause(a);
        host.setDirtyRate(a, 10_000);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.takeDirtyPages(a)).error())
                .isEqualTo(XenError.EINVAL);
        host.setDirtyLogging(a, true);
        host.runFor(1_000_000_000L);
        java.util.BitSet first = host.takeDirtyPages(a);
        // 10,000 writes over 262,144 pages: a few collide
        assertThat(first.cardinality()).isBetween(9_700, 10_000);
        int gfn = first.nextSetBit(0);
        byte[] before = read(host, a, gfn);
        assertThat(before).hasSize(4096).isNotEqualTo(new byte[4096]);
        host.pause(a);
        host.runFor(1_000_000_000L);
        assertThat(host.takeDirtyPages(a).isEmpty()).isTrue(); // a paused guest writes nothing
        assertThat(read(host, a, gfn)).isEqualTo(before);
        byte[] restored = new byte[4096];
        restored[7] = 42;
        write(host, a, gfn, restored);
        assertThat(read(host, a, gfn)).isEqualTo(restored);
        assertThat(host.takeDirtyPages(a).get(gfn)).isTrue();
        assertThat(catchThrowableOfType(HypervisorException.class, () -> read(host, a, GIB_KB / 4)).error())
                .isEqualTo(XenError.EINVAL);
    }

    @Test
    void aForeignMappingIsTheGuestsMemoryNotACopy() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 3);
        int a = start(host, GIB_KB, Set.of());
        GuestPages guest = host.simDomain(a).pages;
        byte[] shown;
        try (ForeignMapping written = host.mapForeign(a, new long[] {40, 41}, true);
                ForeignMapping reader = host.mapForeign(a, new long[] {50}, false)) {
            written.pages().set(ValueLayout.JAVA_LONG, ForeignMapping.PAGE_SIZE + 8, 42);
            assertThat(guest.page(41).get(ValueLayout.JAVA_LONG, 8)).as("frame 41 as a grant of it sees it")
                    .isEqualTo(42);
            guest.guestWrote(41);
            assertThat(written.pages().get(ValueLayout.JAVA_LONG, ForeignMapping.PAGE_SIZE + 8))
                    .as("the guest's own write shows through").isNotEqualTo(42);
            guest.guestWrote(50);
            shown = reader.pages().toArray(ValueLayout.JAVA_BYTE);
            assertThat(shown).as("a read-only mapping shows the guest's write too").isNotEqualTo(new byte[4096]);
        }
        assertThat(read(host, a, 50)).as("frame 50 once its lent home is gone").isEqualTo(shown);
    }

    @Test
    void aRingPageAmongOtherFramesIsACopyThatGoesBackWhenTheMappingCloses() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 3);
        int a = start(host, GIB_KB, Set.of());
        long store = host.simDomain(a).build.storeGfn();
        MemorySegment ring = host.simDomain(a).pages.page(store);
        try (ForeignMapping m = host.mapForeign(a, new long[] {store - 1, store}, true)) {
            m.pages().set(ValueLayout.JAVA_LONG, ForeignMapping.PAGE_SIZE + 16, 7);
            assertThat(ring.get(ValueLayout.JAVA_LONG, 16)).as("the ring has its own page: a copy is mapped").isZero();
        }
        assertThat(ring.get(ValueLayout.JAVA_LONG, 16)).isEqualTo(7);
    }

    private static byte[] read(SimHost host, int domid, long gfn) throws HypervisorException {
        try (ForeignMapping m = host.mapForeign(domid, new long[] {gfn}, false)) {
            return m.pages().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static void write(SimHost host, int domid, long gfn, byte[] bytes) throws HypervisorException {
        try (ForeignMapping m = host.mapForeign(domid, new long[] {gfn}, true)) {
            m.pages().copyFrom(MemorySegment.ofArray(bytes));
        }
    }
}
