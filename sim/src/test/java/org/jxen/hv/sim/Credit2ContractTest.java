package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.jxen.hv.DomainType;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.SchedParams;
import org.jxen.hv.VcpuInfo;
import org.junit.jupiter.api.Test;

/** The scheduler's contract, as issue 5 states it, on the simulated host. */
class Credit2ContractTest {
    private static final long SECOND = 1_000_000_000L;

    private static int busyDomain(SimHost host, String name, int vcpus) throws HypervisorException {
        int domid = TestDomains.built(host, DomainType.PVH, vcpus, 65536, Set.of());
        for (int v = 0; v < vcpus; v++) {
            host.setWorkload(domid, v, new Workload.CpuBound());
        }
        host.unpause(domid);
        return domid;
    }

    private static double cpuSeconds(SimHost host, int domid) throws HypervisorException {
        return host.domainInfo(domid).cpuTimeNs() / (double) SECOND;
    }

    @Test
    void weights256_512_1024OnOneCpuGiveShares1To2To4() throws HypervisorException {
        SimHost host = new SimHost(Topology.of("one-cpu", 1, 1, 1, 1, 4), 1);
        int[] weights = {256, 512, 1024};
        int[] domids = new int[3];
        for (int i = 0; i < 3; i++) {
            domids[i] = busyDomain(host, "w" + weights[i], 1);
            host.setSchedParams(domids[i], new SchedParams.Credit2(weights[i], 0));
        }
        host.runFor(10 * SECOND);
        double total = 0;
        for (int d : domids) {
            total += cpuSeconds(host, d);
        }
        for (int i = 0; i < 3; i++) {
            double expected = weights[i] / 1792.0;
            assertThat(cpuSeconds(host, domids[i]) / total).as("share of weight %d", weights[i])
                    .isCloseTo(expected, within(expected * 0.02));
        }
        assertThat(total).as("the CPU is never idle while they wait").isGreaterThan(9.99);
    }

    @Test
    void cap50HoldsABusyDomainAtHalfACpuWhileCpusAreIdle() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int capped = busyDomain(host, "capped", 1);
        host.setSchedParams(capped, new SchedParams.Credit2(256, 50));
        host.runFor(10 * SECOND);
        assertThat(cpuSeconds(host, capped) / 10).isCloseTo(0.50, within(0.01));
    }

    @Test
    void aLoneBusyDomainGetsTheIdleCpus() throws HypervisorException {
        SimHost host = new SimHost(Topology.laptop(), 1);
        int busy = busyDomain(host, "busy", 4);
        host.runFor(10 * SECOND);
        // dom0 idles (20 us a second per vCPU); everything else is the busy domain's
        assertThat(cpuSeconds(host, busy)).isGreaterThan(4 * 10 * 0.999);
    }

    @Test
    void aVcpuNeverRunsOutsideItsHardAffinity() throws HypervisorException {
        SimHost host = new SimHost(Topology.server(), 7);
        int pinned = busyDomain(host, "pinned", 4);
        int free = busyDomain(host, "free", 32);
        for (int v = 0; v < 4; v++) {
            host.setVcpuAffinity(pinned, v, Set.of(17, 18), Set.of());
        }
        for (int step = 0; step < 2000; step++) {
            host.runFor(1_000_000 + step % 7 * 100_000);
            for (int v = 0; v < 4; v++) {
                VcpuInfo info = host.vcpuInfo(pinned, v);
                if (info.running()) {
                    assertThat(info.cpu()).as("step %d vCPU %d", step, v).isIn(17, 18);
                }
            }
        }
        double seconds = host.now() / (double) SECOND;
        // 36 busy vCPUs on 32 CPUs: a fair share is 0.89 CPU each, more than the pinned four can have on two CPUs
        assertThat(cpuSeconds(host, pinned)).as("two CPUs for the four pinned vCPUs")
                .isGreaterThan(2 * seconds * 0.95).isLessThanOrEqualTo(2 * seconds + 1e-9);
        assertThat(cpuSeconds(host, free)).isGreaterThan(0);
    }

    /**
     * Regression: a destroyed capped domain stayed in the scheduler's capped list for ever, held
     * there and refilled every budget period. The scheduler is driven directly, since the host
     * does not show its domains' budgets.
     */
    @Test
    void aDestroyedCappedDomainLeavesTheScheduler() {
        EventQueue events = new EventQueue();
        Credit2 scheduler = new Credit2(events, Topology.laptop(), v -> { });
        SimDomain d = new SimDomain(1, java.util.UUID.randomUUID(), DomainType.PVH);
        SimVcpu v = new SimVcpu(d, 0, 4);
        v.workload = new Workload.CpuBound();
        v.online = true; // as the kernel leaves it once it runs
        d.vcpus.add(v);
        d.pauses = 0;
        d.cap = 50;
        scheduler.paramsChanged(d, d.weight);
        scheduler.wake(v);
        events.runUntil(Credit2.BUDGET_PERIOD_NS * 3 / 2);
        assertThat(v.cpuTimeNs).as("it ran, capped").isPositive().isLessThan(Credit2.BUDGET_PERIOD_NS);

        d.dying = true;
        scheduler.remove(d);
        d.budgetNs = 0;
        events.runUntil(Credit2.BUDGET_PERIOD_NS * 4);
        assertThat(d.budgetNs).as("budget refilled after destroy").isZero();
    }
}
