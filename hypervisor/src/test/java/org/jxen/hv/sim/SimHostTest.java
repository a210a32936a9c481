package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainSpec;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.XenError;
import org.junit.jupiter.api.Test;

/** The simulated host as the toolstack sees it through the SPI: topology, memory, domain lifecycle, errors. */
class SimHostTest {
    private static final long GIB_KB = 1024L * 1024;

    private static DomainSpec spec(String name, long memKb, Set<Integer> nodes) {
        return new DomainSpec(DomainSpec.DomainKind.PVH, name, 2, memKb, memKb, nodes);
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
        int small = host.createDomain(spec("small", 8 * GIB_KB, Set.of()));
        assertThat(host.memoryByNode(small)).hasSize(1).containsValue(8 * GIB_KB);
        int onNode1 = host.createDomain(spec("node1", 4 * GIB_KB, Set.of(1)));
        assertThat(host.memoryByNode(onNode1)).isEqualTo(Map.of(1, 4 * GIB_KB));
        int big = host.createDomain(spec("big", 200 * GIB_KB, Set.of()));
        assertThat(host.memoryByNode(big)).as("too big for one node: spread").hasSize(2);
        assertThat(host.memoryByNode(big).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200 * GIB_KB);
    }

    @Test
    void destroyGivesTheMemoryBack() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        long free = host.physInfo().freeMemKb();
        int d = host.createDomain(spec("d", GIB_KB, Set.of()));
        assertThat(host.physInfo().freeMemKb()).isEqualTo(free - GIB_KB);
        host.destroyDomain(d);
        assertThat(host.physInfo().freeMemKb()).isEqualTo(free);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.domainInfo(d)).error())
                .isEqualTo(XenError.ESRCH);
    }

    @Test
    void tooMuchMemoryIsEnomemAndNothingIsLeftBehind() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int before = host.domains().size();
        HypervisorException e = catchThrowableOfType(HypervisorException.class,
                () -> host.createDomain(spec("huge", 64 * GIB_KB, Set.of())));
        assertThat(e.error()).isEqualTo(XenError.ENOMEM);
        assertThat(e.getMessage()).contains("huge").contains("KiB");
        assertThat(host.domains()).hasSize(before);
    }

    @Test
    void claimedMemoryIsKeptForTheClaimant() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int claimant = host.createDomain(spec("claimant", SimHost.MAGIC_PAGES_KB, Set.of())); // the least a domain has
        long free = host.physInfo().freeMemKb();
        host.claimMemory(claimant, free - GIB_KB / 2);
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> host.createDomain(spec("other", GIB_KB, Set.of()))).error()).isEqualTo(XenError.ENOMEM);
        host.claimMemory(claimant, 0);
        host.createDomain(spec("other", GIB_KB, Set.of()));
    }

    @Test
    void shutdownAndCrashReasonsReachDomainInfo() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = host.createDomain(spec("d", GIB_KB, Set.of()));
        assertThat(host.domainInfo(d).paused()).as("created paused").isTrue();
        host.unpause(d);
        host.runFor(2_000_000_000L);
        host.shutdown(d, ShutdownReason.REBOOT);
        DomainInfo info = host.domainInfo(d);
        assertThat(info.shutdown()).isTrue();
        assertThat(info.shutdownReason()).isEqualTo(ShutdownReason.REBOOT);
        assertThat(info.crashed()).isFalse();
        host.shutdown(d, ShutdownReason.CRASH);
        assertThat(host.domainInfo(d).shutdownReason()).as("the first reason stays").isEqualTo(ShutdownReason.REBOOT);
        int c = host.createDomain(spec("c", GIB_KB, Set.of()));
        host.shutdown(c, ShutdownReason.CRASH);
        assertThat(host.domainInfo(c).crashed()).isTrue();
    }

    @Test
    void aShutDownDomainUsesNoMoreCpu() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = host.createDomain(spec("d", GIB_KB, Set.of()));
        host.setWorkload(d, 0, new Workload.CpuBound());
        host.unpause(d);
        host.runFor(1_000_000_000L);
        host.shutdown(d, ShutdownReason.POWEROFF);
        long used = host.domainInfo(d).cpuTimeNs();
        host.runFor(1_000_000_000L);
        assertThat(host.domainInfo(d).cpuTimeNs()).isEqualTo(used);
    }

    @Test
    void badArgumentsAreEinvalAndChangeNothing() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int d = host.createDomain(spec("d", GIB_KB, Set.of()));
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> host.setVcpuAffinity(d, 0, Set.of(9), Set.of())).getMessage()).contains("CPU 9").contains("0-3");
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> host.setSchedParams(d, new SchedParams(256, 300))).error()).isEqualTo(XenError.EINVAL);
        assertThat(host.schedParams(d)).isEqualTo(SchedParams.DEFAULT);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.setOnlineVcpus(d, 3)).error())
                .isEqualTo(XenError.EINVAL);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.destroyDomain(0)).error())
                .isEqualTo(XenError.EINVAL);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new DomainSpec(DomainSpec.DomainKind.PV,
                "e", 1, GIB_KB, GIB_KB, Set.of(), 0)).getMessage()).contains("max_event_channels 0", "131071");
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
            int d = host.createDomain(spec("d" + i, GIB_KB, Set.of()));
            Workload w = switch (i % 3) {
                case 0 -> new Workload.CpuBound();
                case 1 -> new Workload.Periodic(20_000_000L, 30);
                default -> Workload.Idle.DEFAULT;
            };
            host.setWorkload(d, 0, w);
            host.setWorkload(d, 1, w);
            if (i % 5 == 0) {
                host.setSchedParams(d, new SchedParams(512, i % 10 == 0 ? 50 : 0));
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
        int a = host.createDomain(spec("a", GIB_KB, Set.of()));
        int b = host.createDomain(spec("b", GIB_KB, Set.of()));
        int offered = host.allocUnboundPort(a, 0);
        assertThat(offered).isEqualTo(1);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.bindInterdomain(b, a, offered)).error())
                .isEqualTo(XenError.EINVAL); // offered to dom0, not to b
        int bound = host.bindInterdomain(0, a, offered);
        host.notify(0, bound);
        host.notify(0, bound);
        assertThat(host.portStatus(a, offered)).isEqualTo(new org.jxen.hv.EventChannelStatus(
                org.jxen.hv.EventChannelStatus.State.INTERDOMAIN, 0, bound, 2));
        host.closePort(0, bound);
        assertThat(host.portStatus(a, offered).state()).isEqualTo(org.jxen.hv.EventChannelStatus.State.UNBOUND);
        assertThat(host.portStatus(0, bound).state()).isEqualTo(org.jxen.hv.EventChannelStatus.State.CLOSED);
        host.destroyDomain(a);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.portStatus(a, offered)).error())
                .isEqualTo(XenError.ESRCH);
    }

    @Test
    void portsAreTheLowestFreeUpToTheDomainsLimit() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int guest = host.createDomain(spec("g", GIB_KB, Set.of()));
        for (int port = 1; port <= DomainSpec.DEFAULT_MAX_EVENT_CHANNELS; port++) {
            assertThat(host.allocUnboundPort(guest, 0)).isEqualTo(port);
        }
        HypervisorException full = catchThrowableOfType(HypervisorException.class, () -> host.allocUnboundPort(guest, 0));
        assertThat(full.error()).isEqualTo(XenError.ENOSPC);
        assertThat(full.getMessage()).contains("domain " + guest, "1023", "max_event_channels");
        host.closePort(guest, 7);
        assertThat(host.allocUnboundPort(guest, 0)).isEqualTo(7);
        int small = host.createDomain(new DomainSpec(DomainSpec.DomainKind.PVH, "small", 1, GIB_KB, GIB_KB, Set.of(), 3));
        for (int port = 1; port <= 3; port++) {
            assertThat(host.allocUnboundPort(small, 0)).isEqualTo(port);
        }
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.allocUnboundPort(small, 0)).error())
                .isEqualTo(XenError.ENOSPC);
        // dom0 holds a backend port for each of thousands of guests: more than the 2-level ABI's 4095
        for (int port = 1; port <= 5000; port++) {
            assertThat(host.allocUnboundPort(0, guest)).isEqualTo(port);
        }
    }

    /** Regression: a 0 KiB domain was created with its magic pages at frames -2 and -1. */
    @Test
    void aDomainTooSmallForItsMagicPagesIsEnomemAndTheSmallestHasThemAtFrames0And1() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int before = host.domains().size();
        for (long kb : new long[] {0, 4}) {
            HypervisorException e = catchThrowableOfType(HypervisorException.class,
                    () -> host.createDomain(spec("tiny", kb, Set.of())));
            assertThat(e.error()).as("%d KiB", kb).isEqualTo(XenError.ENOMEM);
            assertThat(e.getMessage()).contains("tiny has " + kb + " KiB", "at least 8 KiB");
        }
        assertThat(host.domains()).hasSize(before);
        int smallest = host.createDomain(spec("smallest", 8, Set.of()));
        assertThat(host.magicPages(smallest)).isEqualTo(new org.jxen.hv.MagicPages(0, 1));
    }

    @Test
    void grantsAreForTheirDomainOnlyAndTheRingsAreReserved() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int a = host.createDomain(spec("a", GIB_KB, Set.of()));
        int b = host.createDomain(spec("b", GIB_KB, Set.of()));
        org.jxen.hv.MagicPages magic = host.magicPages(a);
        assertThat(host.mapGrant(0, a, 0).gfn()).isEqualTo(magic.consoleGfn());
        assertThat(host.mapGrant(0, a, 1).gfn()).isEqualTo(magic.xenstoreGfn());
        int ref = host.grantAccess(a, b, 0x100, true);
        assertThat(ref).isEqualTo(GrantTables.FIRST_GUEST_REF);
        assertThat(host.mapGrant(b, a, ref)).isEqualTo(new org.jxen.hv.Grant(b, 0x100, true));
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.mapGrant(0, a, ref)).error())
                .isEqualTo(XenError.EPERM);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.grantAccess(a, b, GIB_KB / 4, false)).error())
                .isEqualTo(XenError.EINVAL); // beyond the domain's pages
        host.endAccess(a, ref);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.mapGrant(b, a, ref)).error())
                .isEqualTo(XenError.EINVAL);
    }

    @Test
    void theDirtyLogSeesWhatTheGuestWritesAndPagesReadBackAsWritten() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 3);
        int a = host.createDomain(spec("a", GIB_KB, Set.of()));
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
        byte[] before = host.readPage(a, gfn);
        assertThat(before).hasSize(4096).isNotEqualTo(new byte[4096]);
        host.pause(a);
        host.runFor(1_000_000_000L);
        assertThat(host.takeDirtyPages(a).isEmpty()).isTrue(); // a paused guest writes nothing
        assertThat(host.readPage(a, gfn)).isEqualTo(before);
        byte[] restored = new byte[4096];
        restored[7] = 42;
        host.writePage(a, gfn, restored);
        assertThat(host.readPage(a, gfn)).isEqualTo(restored);
        assertThat(host.takeDirtyPages(a).get(gfn)).isTrue();
        assertThat(catchThrowableOfType(HypervisorException.class, () -> host.readPage(a, GIB_KB / 4)).error())
                .isEqualTo(XenError.EINVAL);
    }
}
