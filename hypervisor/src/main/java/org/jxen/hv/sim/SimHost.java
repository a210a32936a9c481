package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainSpec;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.Grant;
import org.jxen.hv.MagicPages;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;
import org.jxen.hv.XenError;

/**
 * A simulated Xen host: a topology, its memory by NUMA node, the credit2 scheduler, dom0 and the
 * domains the toolstack creates, on a virtual clock that moves only in {@link #runFor}. The same
 * topology, seed and calls give the same run.
 */
public final class SimHost implements Hypervisor {
    /** Xen's first reserved domain ID (DOMID_FIRST_RESERVED): domain IDs are below it. */
    static final int DOMID_FIRST_RESERVED = 0x7FF0;

    private final Topology topology;
    private final EventQueue events = new EventQueue();
    private final NumaMemory memory;
    private final Credit2 scheduler;
    private final SplittableRandom random;
    private final Map<Integer, SimDomain> domains = new TreeMap<>();
    private final List<String> console = new ArrayList<>();
    private final EventChannels eventChannels = new EventChannels();
    private final GrantTables grants = new GrantTables();
    private int nextDomid = 1;
    /** The guests' XenStore side, once {@link #attachXenStore} gave it a connection. */
    private GuestAgents agents;
    private SimTrace trace;

    /** The memory a domain needs at least: its two magic pages (console and XenStore rings), 4 KiB each. */
    static final long MAGIC_PAGES_KB = 2 * GuestPages.PAGE_SIZE / 1024;
    /** Time from a guest's first unpause to its kernel bringing up xenbus. */
    static final long KERNEL_BOOT_NS = 1_000_000_000L;
    /** How fast a balloon driver moves: KiB per step of {@link #BALLOON_STEP_NS} (1 GiB/s). */
    static final long BALLOON_KB_PER_STEP = 10 * 1024;
    static final long BALLOON_STEP_NS = 10_000_000L;
    /** How long a balloon that found no free memory waits before it tries again. */
    static final long BALLOON_RETRY_NS = 1_000_000_000L;

    public SimHost(Topology topology, long seed) {
        this.topology = topology;
        this.memory = new NumaMemory(topology);
        this.random = new SplittableRandom(seed);
        this.scheduler = new Credit2(events, topology, this::wakeAtNextBurst);
        console.add("(XEN) Xen version 4.17 (jxen simulated host \"" + topology.name() + "\")");
        console.add("(XEN) " + topology.sockets() + " socket(s), " + topology.coresPerSocket() + " core(s) each, "
                + topology.threadsPerCore() + " thread(s) per core: " + topology.cpus() + " CPUs");
        for (int n = 0; n < topology.nodes().size(); n++) {
            console.add("(XEN) NUMA node " + n + ": " + topology.nodes().get(n).memKb() / 1024 + " MiB, CPUs "
                    + topology.nodes().get(n).cpus());
        }
        console.add("(XEN) Using scheduler: SMP Credit Scheduler rev2 (credit2)");
        bootDom0();
    }

    private void bootDom0() {
        int vcpus = Math.min(4, topology.cpus());
        long memKb = Math.min(4L << 20, memory.totalKb() / 8);
        SimDomain dom0 = new SimDomain(0, "Domain-0", DomainSpec.DomainKind.PV);
        memory.allocate(memKb, Set.of(), 0, dom0.memKbByNode);
        dom0.maxMemKb = memKb;
        dom0.targetKb = memKb;
        addVcpus(dom0, vcpus);
        domains.put(0, dom0);
        eventChannels.setMaxPort(0, DomainSpec.FIFO_MAX_EVENT_CHANNELS);
        dom0.paused = false;
        dom0.vcpus.forEach(scheduler::wake);
    }

    public Topology topology() {
        return topology;
    }

    /** The virtual time, ns since the host booted. */
    public long now() {
        return events.now();
    }

    /**
     * Gives the guests a XenStore: each guest kernel started from now on (and dom0's backends)
     * talks to it through {@code xs}, a connection to jxenstored or any xenstored. Changes the
     * toolstack makes between runs are seen at the start of the next {@link #runFor}.
     */
    public void attachXenStore(org.jxen.xenstore.client.XsClient xs) {
        if (agents != null) {
            throw new IllegalStateException("this host already has a XenStore");
        }
        agents = new GuestAgents(xs, this);
        agents.pump();
    }

    /** From now on, records every scheduling decision and domain change in {@code sink}. */
    public void traceTo(SimTrace sink) {
        trace = sink;
        scheduler.trace = sink;
    }

    /** Records an event if tracing is on; the text is built only then. */
    private void traced(Supplier<String> event) {
        if (trace != null) {
            trace.record(events.now(), event.get());
        }
    }

    /** Runs the host for {@code ns} of virtual time. */
    public void runFor(long ns) {
        if (agents != null) {
            agents.pump();
        }
        events.runUntil(events.now() + ns);
        scheduler.settle();
    }

    /** What the guest kernel of {@code domid} has printed on its console. */
    public List<String> guestConsole(int domid) throws HypervisorException {
        return List.copyOf(domain(domid).guestConsole);
    }

    /** Makes the guest crash, as a kernel panic does: it prints the panic and shuts down with reason crash. */
    public void crash(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        d.guestConsole.add("Kernel panic - not syncing: sysrq triggered crash");
        shutdown(domid, ShutdownReason.CRASH);
    }

    /** How often the guest writes memory, in pages per second (written every 10 ms while it runs). */
    public void setDirtyRate(int domid, long pagesPerSecond) throws HypervisorException {
        SimDomain d = domain(domid);
        if (pagesPerSecond < 0) {
            throw new HypervisorException(XenError.EINVAL, "a dirty rate cannot be negative: " + pagesPerSecond);
        }
        d.dirtyPagesPerSecond = pagesPerSecond;
        if (d.nextDirtying == null && pagesPerSecond > 0) {
            SplittableRandom pick = random.split();
            d.nextDirtying = events.at(events.now() + DIRTY_STEP_NS, () -> dirtyStep(d, pick));
        }
    }

    private static final long DIRTY_STEP_NS = 10_000_000L;

    private void dirtyStep(SimDomain d, SplittableRandom pick) {
        d.nextDirtying = null;
        if (domains.get(d.domid) != d || d.dirtyPagesPerSecond == 0) {
            return;
        }
        long pages = d.memKb() / 4;
        if (d.schedulable() && pages > 0) {
            for (long i = 0; i < d.dirtyPagesPerSecond * DIRTY_STEP_NS / 1_000_000_000L; i++) {
                d.pages.guestWrote(pick.nextLong(pages));
            }
        }
        d.nextDirtying = events.at(events.now() + DIRTY_STEP_NS, () -> dirtyStep(d, pick));
    }

    /** The guest's own SCHEDOP_shutdown, {@code delayNs} from now (unless it is gone by then). */
    void guestShutdownIn(SimDomain d, ShutdownReason reason, long delayNs) {
        events.at(events.now() + delayNs, () -> {
            if (domains.get(d.domid) == d) {
                shutDown(d, reason);
            }
        });
    }

    /** The guest's balloon driver moves its memory towards {@code targetKb} (at most its maximum). */
    void balloonTo(SimDomain d, long targetKb) {
        d.targetKb = Math.max(0, Math.min(targetKb, d.maxMemKb));
        if (d.balloonStep == null) {
            d.balloonStep = events.at(events.now() + BALLOON_STEP_NS, () -> balloonStep(d));
        }
    }

    private void balloonStep(SimDomain d) {
        d.balloonStep = null;
        if (domains.get(d.domid) != d) {
            return;
        }
        long gap = d.targetKb - d.memKb();
        long chunk = Math.min(Math.abs(gap), BALLOON_KB_PER_STEP);
        if (chunk == 0) {
            return;
        }
        long next = BALLOON_STEP_NS;
        if (gap < 0) {
            memory.release(chunk, d.memKbByNode);
        } else if (!memory.allocate(chunk, d.nodeAffinity, 0, d.memKbByNode)) {
            next = BALLOON_RETRY_NS; // the host is out of memory: try again later, as Linux's balloon does
        }
        d.balloonStep = events.at(events.now() + next, () -> balloonStep(d));
    }

    /** Sets what a vCPU does; work it had not done yet is dropped. */
    public void setWorkload(int domid, int vcpu, Workload workload) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        v.workload = workload;
        traced(() -> v + " workload " + workload);
        startWorkload(v);
    }

    /** CPU time a vCPU has waited for while runnable, ns. */
    public long waitNs(int domid, int vcpu) throws HypervisorException {
        return vcpu(domid, vcpu).waitNs;
    }

    /** Time CPU {@code cpu} has been idle, ns. */
    public long idleNs(int cpu) {
        return scheduler.idleNs(cpu);
    }

    /** The KiB a domain holds on each NUMA node. */
    public Map<Integer, Long> memoryByNode(int domid) throws HypervisorException {
        return Map.copyOf(domain(domid).memKbByNode);
    }

    @Override
    public PhysInfo physInfo() {
        List<PhysInfo.NumaNode> nodes = new ArrayList<>();
        for (int n = 0; n < topology.nodes().size(); n++) {
            Topology.Node node = topology.nodes().get(n);
            List<Integer> distances = java.util.Arrays.stream(topology.distances()[n]).boxed().toList();
            nodes.add(new PhysInfo.NumaNode(n, node.cpus(), node.memKb(), memory.freeKb(n), distances));
        }
        return new PhysInfo(topology.sockets(), topology.coresPerSocket(), topology.threadsPerCore(), memory.totalKb(),
                memory.totalFreeKb(), nodes);
    }

    @Override
    public int createDomain(DomainSpec spec) throws HypervisorException {
        for (int node : spec.nodeAffinity()) {
            if (node < 0 || node >= topology.nodes().size()) {
                throw new HypervisorException(XenError.EINVAL, "node affinity names node " + node + ", but the host has "
                        + topology.nodes().size() + " node(s)");
            }
        }
        if (spec.memKb() < MAGIC_PAGES_KB) {
            // Xen's domain builder puts them in the guest's memory, and fails out of memory without it
            throw new HypervisorException(XenError.ENOMEM, "domain " + spec.name() + " has " + spec.memKb()
                    + " KiB of memory; it needs at least " + MAGIC_PAGES_KB + " KiB for its console and XenStore"
                    + " ring pages: give it more memory");
        }
        int domid = freeDomid();
        SimDomain d = new SimDomain(domid, spec.name(), spec.kind());
        if (!memory.allocate(spec.memKb(), spec.nodeAffinity(), 0, d.memKbByNode)) {
            throw new HypervisorException(XenError.ENOMEM, "domain " + spec.name() + " needs " + spec.memKb()
                    + " KiB; free and unclaimed on its nodes: " + memory.unclaimedKb() + " KiB");
        }
        d.maxMemKb = spec.maxMemKb();
        d.targetKb = spec.memKb();
        d.nodeAffinity = spec.nodeAffinity();
        eventChannels.setMaxPort(domid, spec.maxEventChannels());
        d.pages = new GuestPages(random.nextLong());
        long pages = spec.memKb() / 4;
        d.magic = new MagicPages(pages - 2, pages - 1);
        grants.reserve(domid, 0, new Grant(0, d.magic.consoleGfn(), false));
        grants.reserve(domid, 1, new Grant(0, d.magic.xenstoreGfn(), false));
        addVcpus(d, spec.maxVcpus());
        domains.put(domid, d);
        nextDomid = domid + 1;
        traced(() -> "d" + domid + " created: " + spec);
        return domid;
    }

    private int freeDomid() throws HypervisorException {
        for (int i = 0; i < DOMID_FIRST_RESERVED - 1; i++) {
            int candidate = (nextDomid - 1 + i) % (DOMID_FIRST_RESERVED - 1) + 1;
            if (!domains.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new HypervisorException(XenError.ENOSPC, "all " + (DOMID_FIRST_RESERVED - 1) + " domain IDs are in use");
    }

    private void addVcpus(SimDomain d, int count) {
        for (int i = 0; i < count; i++) {
            SimVcpu v = new SimVcpu(d, i, topology.cpus());
            d.vcpus.add(v);
            startWorkload(v);
        }
    }

    /** Starts a vCPU's workload, bursty ones at a random phase so that idle guests do not all wake at once. */
    private void startWorkload(SimVcpu v) {
        long phase = v.workload instanceof Workload.Bursty b ? random.nextLong(b.intervalNs()) : 0;
        v.restartWorkload(events.now() + phase);
        scheduler.wake(v);
    }

    /** A vCPU that could run has no work: its next burst wakes it. */
    private void wakeAtNextBurst(SimVcpu v) {
        if (v.burstWakeup == null && v.nextBurstAt != Long.MAX_VALUE) {
            v.burstWakeup = events.at(v.nextBurstAt, () -> {
                v.burstWakeup = null;
                scheduler.wake(v);
            });
        }
    }

    @Override
    public void destroyDomain(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (domid == 0) {
            throw new HypervisorException(XenError.EINVAL, "domain 0 cannot be destroyed");
        }
        d.dying = true;
        d.vcpus.forEach(v -> v.restartWorkload(Long.MAX_VALUE));
        scheduler.remove(d);
        memory.releaseAll(d.memKbByNode);
        memory.claim(-d.claimKb);
        eventChannels.closeAll(domid);
        grants.drop(domid);
        domains.remove(domid);
        if (d.balloonStep != null) {
            d.balloonStep.cancel();
        }
        if (d.nextDirtying != null) {
            d.nextDirtying.cancel();
        }
        if (agents != null) {
            agents.forget(domid);
        }
        console.add("(XEN) d" + domid + ": destroyed");
        traced(() -> "d" + domid + " destroyed");
    }

    @Override
    public void pause(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        d.paused = true;
        traced(() -> "d" + domid + " paused");
        d.vcpus.forEach(scheduler::sleep);
    }

    @Override
    public void unpause(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        d.paused = false;
        traced(() -> "d" + domid + " unpaused");
        d.vcpus.forEach(scheduler::wake);
        if (!d.booted && agents != null) {
            d.booted = true;
            events.at(events.now() + KERNEL_BOOT_NS, () -> {
                if (domains.get(domid) == d) {
                    agents.boot(d);
                }
            });
        }
    }

    @Override
    public void shutdown(int domid, ShutdownReason reason) throws HypervisorException {
        shutDown(domain(domid), reason);
    }

    private void shutDown(SimDomain d, ShutdownReason reason) {
        if (d.shutdownReason != null) {
            return; // Xen keeps the first reason
        }
        d.shutdownReason = reason;
        traced(() -> "d" + d.domid + " shut down: " + reason);
        d.vcpus.forEach(scheduler::sleep);
        console.add("(XEN) d" + d.domid + ": shutdown (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    @Override
    public DomainInfo domainInfo(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        scheduler.settle();
        return info(d);
    }

    @Override
    public List<DomainInfo> domains() {
        scheduler.settle();
        return domains.values().stream().map(this::info).toList();
    }

    private DomainInfo info(SimDomain d) {
        boolean running = d.vcpus.stream().anyMatch(v -> v.state == SimVcpu.State.RUNNING);
        boolean blocked = d.vcpus.stream().allMatch(v -> v.state == SimVcpu.State.BLOCKED);
        long cpuTime = d.vcpus.stream().mapToLong(v -> v.cpuTimeNs).sum();
        int online = (int) d.vcpus.stream().filter(v -> v.online).count();
        return new DomainInfo(d.domid, d.name, running, blocked && !d.paused, d.paused, d.shutdownReason != null,
                d.shutdownReason == ShutdownReason.CRASH, d.dying, d.shutdownReason, cpuTime, d.memKb(), d.maxMemKb,
                online, d.vcpus.size());
    }

    @Override
    public void setMaxMemory(int domid, long maxKb) throws HypervisorException {
        if (maxKb < 0) {
            throw new HypervisorException(XenError.EINVAL, "max memory cannot be negative: " + maxKb);
        }
        domain(domid).maxMemKb = maxKb;
    }

    @Override
    public void setMemoryTarget(int domid, long targetKb) throws HypervisorException {
        SimDomain d = domain(domid);
        if (targetKb < 0 || targetKb > d.maxMemKb) {
            throw new HypervisorException(XenError.EINVAL, "target " + targetKb + " KiB must be between 0 and the"
                    + " domain's maximum " + d.maxMemKb + " KiB");
        }
        traced(() -> "d" + domid + " memory target " + targetKb + " KiB");
        balloonTo(d, targetKb);
    }

    @Override
    public void claimMemory(int domid, long kb) throws HypervisorException {
        SimDomain d = domain(domid);
        if (kb < 0 || kb - d.claimKb > memory.unclaimedKb()) {
            throw new HypervisorException(XenError.ENOMEM, "cannot claim " + kb + " KiB: " + memory.unclaimedKb()
                    + " KiB free and unclaimed");
        }
        memory.claim(kb - d.claimKb);
        d.claimKb = kb;
    }

    @Override
    public void setOnlineVcpus(int domid, int count) throws HypervisorException {
        SimDomain d = domain(domid);
        if (count < 1 || count > d.vcpus.size()) {
            throw new HypervisorException(XenError.EINVAL, "online vCPUs must be 1 to " + d.vcpus.size() + ", not " + count);
        }
        for (SimVcpu v : d.vcpus) {
            boolean online = v.id < count;
            if (online != v.online) {
                v.online = online;
                traced(() -> v + (online ? " online" : " offline"));
                if (online) {
                    scheduler.wake(v);
                } else {
                    scheduler.sleep(v);
                }
            }
        }
    }

    @Override
    public void setVcpuAffinity(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        BitSet h = cpuSet(hard, "hard");
        BitSet s = cpuSet(soft, "soft");
        if (h.isEmpty()) {
            throw new HypervisorException(XenError.EINVAL, "a hard affinity needs at least one CPU");
        }
        v.setAffinity(h, s.isEmpty() ? h : s);
        traced(() -> v + " affinity hard " + v.hard + " soft " + v.soft);
        scheduler.affinityChanged(v);
    }

    private BitSet cpuSet(Set<Integer> cpus, String which) throws HypervisorException {
        BitSet b = new BitSet();
        for (int c : cpus) {
            if (c < 0 || c >= topology.cpus()) {
                throw new HypervisorException(XenError.EINVAL, which + " affinity names CPU " + c + ", but the host has "
                        + topology.cpus() + " (0-" + (topology.cpus() - 1) + ")");
            }
            b.set(c);
        }
        return b;
    }

    @Override
    public VcpuInfo vcpuInfo(int domid, int vcpu) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        scheduler.settle();
        return new VcpuInfo(v.id, v.online, v.state == SimVcpu.State.RUNNING, v.state == SimVcpu.State.BLOCKED, v.cpu,
                v.cpuTimeNs, v.hard.stream().boxed().collect(Collectors.toSet()),
                v.soft.stream().boxed().collect(Collectors.toSet()));
    }

    @Override
    public SchedParams schedParams(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        return new SchedParams(d.weight, d.cap);
    }

    @Override
    public void setSchedParams(int domid, SchedParams params) throws HypervisorException {
        SimDomain d = domain(domid);
        if (params.cap() > 100 * d.vcpus.size()) {
            throw new HypervisorException(XenError.EINVAL, "cap " + params.cap() + "% is more than the domain's "
                    + d.vcpus.size() + " vCPU(s) can use (" + 100 * d.vcpus.size() + "%)");
        }
        scheduler.settle();
        int oldWeight = d.weight;
        d.weight = params.weight();
        d.cap = params.cap();
        traced(() -> "d" + domid + " weight " + d.weight + " cap " + d.cap);
        scheduler.paramsChanged(d, oldWeight);
    }

    @Override
    public int rateLimitUs() {
        return (int) (scheduler.rateLimitNs() / 1000);
    }

    @Override
    public void setRateLimitUs(int us) throws HypervisorException {
        if (us < 0 || us > 500_000) {
            throw new HypervisorException(XenError.EINVAL, "rate limit must be 0 to 500000 us, not " + us);
        }
        scheduler.setRateLimitNs(us * 1000L);
        traced(() -> "rate limit " + us + " us");
    }

    @Override
    public List<String> consoleLog() {
        return List.copyOf(console);
    }

    @Override
    public int allocUnboundPort(int domid, int remoteDomid) throws HypervisorException {
        domain(domid);
        domain(remoteDomid);
        return eventChannels.allocUnbound(domid, remoteDomid);
    }

    @Override
    public int bindInterdomain(int domid, int remoteDomid, int remotePort) throws HypervisorException {
        domain(domid);
        domain(remoteDomid);
        return eventChannels.bindInterdomain(domid, remoteDomid, remotePort);
    }

    @Override
    public void notify(int domid, int port) throws HypervisorException {
        domain(domid);
        eventChannels.notify(domid, port);
    }

    @Override
    public void closePort(int domid, int port) throws HypervisorException {
        domain(domid);
        eventChannels.close(domid, port);
    }

    @Override
    public EventChannelStatus portStatus(int domid, int port) throws HypervisorException {
        domain(domid);
        return eventChannels.status(domid, port);
    }

    @Override
    public int grantAccess(int domid, int toDomid, long gfn, boolean readOnly) throws HypervisorException {
        checkFrame(domid, gfn);
        domain(toDomid);
        return grants.grant(domid, new Grant(toDomid, gfn, readOnly));
    }

    @Override
    public void endAccess(int domid, int ref) throws HypervisorException {
        domain(domid);
        grants.end(domid, ref);
    }

    @Override
    public Grant mapGrant(int mapperDomid, int granterDomid, int ref) throws HypervisorException {
        domain(mapperDomid);
        domain(granterDomid);
        return grants.map(mapperDomid, granterDomid, ref);
    }

    @Override
    public MagicPages magicPages(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (d.magic == null) {
            throw new HypervisorException(XenError.EINVAL, "domain 0 has no magic pages");
        }
        return d.magic;
    }

    @Override
    public void setDirtyLogging(int domid, boolean on) throws HypervisorException {
        pagesOf(domid).setLogging(on);
    }

    @Override
    public BitSet takeDirtyPages(int domid) throws HypervisorException {
        GuestPages pages = pagesOf(domid);
        if (!pages.logging()) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " is not in log-dirty mode");
        }
        return pages.takeDirty();
    }

    @Override
    public byte[] readPage(int domid, long gfn) throws HypervisorException {
        checkFrame(domid, gfn);
        return pagesOf(domid).read(gfn);
    }

    @Override
    public void writePage(int domid, long gfn, byte[] contents) throws HypervisorException {
        checkFrame(domid, gfn);
        if (contents.length != GuestPages.PAGE_SIZE) {
            throw new HypervisorException(XenError.EINVAL, "a page is " + GuestPages.PAGE_SIZE + " bytes, not "
                    + contents.length);
        }
        pagesOf(domid).write(gfn, contents);
    }

    private GuestPages pagesOf(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (d.pages == null) {
            throw new HypervisorException(XenError.EINVAL, "domain 0's pages are not modelled");
        }
        return d.pages;
    }

    private void checkFrame(int domid, long gfn) throws HypervisorException {
        SimDomain d = domain(domid);
        if (gfn < 0 || gfn >= d.maxMemKb / 4) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " has frames 0-" + (d.maxMemKb / 4 - 1)
                    + ", not " + gfn);
        }
    }

    private SimDomain domain(int domid) throws HypervisorException {
        SimDomain d = domains.get(domid);
        if (d == null) {
            throw new HypervisorException(XenError.ESRCH, "no domain " + domid);
        }
        return d;
    }

    private SimVcpu vcpu(int domid, int vcpu) throws HypervisorException {
        SimDomain d = domain(domid);
        if (vcpu < 0 || vcpu >= d.vcpus.size()) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " has vCPUs 0-" + (d.vcpus.size() - 1)
                    + ", not " + vcpu);
        }
        return d.vcpus.get(vcpu);
    }
}
