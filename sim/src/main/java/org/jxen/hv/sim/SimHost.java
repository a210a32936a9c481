package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.CpuTopology;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainEvents;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;
import org.jxen.hv.XenError;
import org.jxen.xenstore.client.GuestRing;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.DomainLiveness;
import org.jxen.xenstore.server.inproc.InProcessConnector;
import org.jxen.xenstore.server.inproc.InProcessHost;

/**
 * A simulated Xen host: a topology, its memory by NUMA node, the credit2 scheduler, dom0 and the
 * domains the toolstack creates, on a virtual clock that moves only in {@link #runFor}. The same
 * topology, seed and calls give the same run. Its guests act on XenStore ({@link #attachXenStore})
 * as Linux does; the methods that stand in for a guest ({@link #crash}, {@link #setWorkload},
 * {@link #guestBalloonTo}, {@link #guestSetOnlineVcpus}) are for runs without one. Thread-safe: every
 * call holds the host's lock, except what jxenstored in this process asks as an
 * {@link InProcessHost} on its own thread (the guests' store pages, their liveness), which must not
 * wait for a host that may be waiting for the daemon.
 *
 * <p>A facade: it checks arguments, takes the lock and hands each call on, to {@code DomainLifecycle}
 * (domains from creation to gone), {@code DomainBuilder}, {@code PageAccess} (grants, mappings, the
 * dirty log), {@code Guests} (what guest kernels do), {@code StoreRings} (their XenStore rings) and
 * {@code HostLog} (console and trace), over {@code Credit2}, {@code NumaMemory}, {@code EventChannels}
 * and {@code GrantTables}.
 */
public final class SimHost implements Hypervisor, InProcessHost {
    private static final long MIN_WAIT_STEP_NS = 5_000_000L;
    private static final long MAX_WAIT_STEP_NS = 500_000_000L;
    private final Topology topology;
    private final EventQueue events = new EventQueue();
    private final NumaMemory memory;
    private final Credit2 scheduler;
    private final SplittableRandom random;
    private final EventChannels eventChannels = new EventChannels();
    private final GrantTables grants = new GrantTables();
    private final HostLog log = new HostLog(events);
    private final DomainLifecycle lifecycle;
    private final DomainBuilder builder;
    private final Guests guests;
    private final StoreRings storeRings = new StoreRings();
    private final PageAccess pageAccess;

    public SimHost(Topology topology, long seed) {
        this.topology = topology;
        this.memory = new NumaMemory(topology);
        this.random = new SplittableRandom(seed);
        this.scheduler = new Credit2(events, topology, this::wakeAtNextBurst);
        this.lifecycle = new DomainLifecycle(topology, events, memory, scheduler, random, eventChannels, grants, log);
        this.builder = new DomainBuilder(lifecycle, memory, eventChannels, grants, log);
        this.guests = new Guests(lifecycle, events, random, log);
        this.pageAccess = new PageAccess(this, lifecycle, grants);
        log.console("(XEN) Xen version 4.17 (jxen simulated host \"" + topology.name() + "\")");
        log.console("(XEN) " + topology.sockets() + " socket(s), " + topology.coresPerSocket() + " core(s) each, "
                + topology.threadsPerCore() + " thread(s) per core: " + topology.cpus() + " CPUs");
        for (int n = 0; n < topology.nodes().size(); n++) {
            log.console("(XEN) NUMA node " + n + ": " + topology.nodes().get(n).memKb() / 1024 + " MiB, CPUs "
                    + topology.nodes().get(n).cpus());
        }
        log.console("(XEN) Using scheduler: SMP Credit Scheduler rev2 (credit2)");
        lifecycle.bootDom0();
    }

    public Topology topology() {
        return topology;
    }

    /** The virtual time, ns since the host booted. */
    public synchronized long now() {
        return events.now();
    }

    /**
     * Gives the guests a XenStore daemon outside this process (C xenstored): dom0's backends and
     * each guest kernel started from now on talk to it through {@code xs}, a dom0 connection, so
     * the guests act with dom0's rights. Changes the toolstack makes between runs are seen at the
     * start of the next {@link #runFor}.
     */
    public synchronized void attachXenStore(XsClient xs) {
        guests.attach(new GuestAgents(xs, this, guests, null));
    }

    /**
     * Gives the guests jxenstored in this process, whose {@code daemon} serves this host's rings:
     * dom0's backends talk to it through {@code dom0}, each guest kernel started from now on over
     * its own ring as its own domid, once the toolstack INTRODUCEd it (its store page and port
     * from {@link #build}). The daemon is told when domains shut down or die, and releases them.
     */
    public synchronized void attachXenStore(XsClient dom0, InProcessConnector daemon) {
        lifecycle.notifyStoreDaemon(daemon);
        guests.attach(new GuestAgents(dom0, this, guests, daemon));
    }

    /** From now on, records every scheduling decision and domain change in {@code sink}. */
    public synchronized void traceTo(SimTrace sink) {
        log.traceTo(sink);
        scheduler.trace = sink;
    }

    /** Runs the host for {@code ns} of virtual time. */
    public synchronized void runFor(long ns) {
        guests.catchUp();
        events.runUntil(events.now() + ns);
        scheduler.settle();
    }

    /**
     * Runs the host until {@code done} holds or {@code timeoutNs} of virtual time have passed,
     * checking after each step (5 ms at first, doubling up to 500 ms); true if {@code done} held.
     * Not one long hold of the host's lock: other threads' calls go between the steps.
     */
    public boolean runUntil(BooleanSupplier done, long timeoutNs) {
        long end = now() + timeoutNs;
        long step = MIN_WAIT_STEP_NS;
        runFor(0); // the guests and backends act on what changed in XenStore
        while (!done.getAsBoolean()) {
            long left = end - now();
            if (left <= 0) {
                return false;
            }
            runFor(Math.min(step, left));
            step = Math.min(2 * step, MAX_WAIT_STEP_NS);
        }
        return true;
    }

    /** What the guest kernel of {@code domid} has printed on its console. */
    public synchronized List<String> guestConsole(int domid) throws HypervisorException {
        return List.copyOf(domain(domid).guestConsole.lines());
    }

    /** What the guest printed on its console from offset {@code from} on, as it went through the ring. */
    public synchronized ConsoleOutput guestConsoleOutput(int domid, long from) throws HypervisorException {
        return domain(domid).guestConsole.output(from);
    }

    /** Makes the guest crash, as a kernel panic does: it prints the panic and shuts down with reason crash. */
    public synchronized void crash(int domid) throws HypervisorException {
        guests.crash(domain(domid));
    }

    /** How often the guest writes memory, in pages per second (written every 10 ms while it runs). */
    public synchronized void setDirtyRate(int domid, long pagesPerSecond) throws HypervisorException {
        SimDomain d = domain(domid);
        if (pagesPerSecond < 0) {
            throw new HypervisorException(XenError.EINVAL, "a dirty rate cannot be negative: " + pagesPerSecond);
        }
        guests.setDirtyRate(d, pagesPerSecond);
    }

    /**
     * What the guest's balloon driver does when it reads {@code memory/target}, for runs without a
     * XenStore: its memory moves towards {@code targetKb}.
     */
    public synchronized void guestBalloonTo(int domid, long targetKb) throws HypervisorException {
        SimDomain d = domain(domid);
        if (targetKb < 0 || targetKb > d.maxMemKb) {
            throw new HypervisorException(XenError.EINVAL, "target " + targetKb + " KiB must be between 0 and the"
                    + " domain's maximum " + d.maxMemKb + " KiB");
        }
        guests.memoryTarget(d, targetKb);
    }

    /**
     * What the guest kernel does when it reads {@code cpu/N/availability}, for runs without a
     * XenStore: vCPUs 0 to {@code count - 1} up, the rest down.
     */
    public synchronized void guestSetOnlineVcpus(int domid, int count) throws HypervisorException {
        SimDomain d = domain(domid);
        if (count < 1 || count > d.vcpus.size()) {
            throw new HypervisorException(XenError.EINVAL, "online vCPUs must be 1 to " + d.vcpus.size() + ", not " + count);
        }
        guests.setOnlineVcpus(d, count);
    }

    /** Sets what a vCPU does; work it had not done yet is dropped. */
    public synchronized void setWorkload(int domid, int vcpu, Workload workload) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        v.workload = workload;
        log.traced(() -> v + " workload " + workload);
        lifecycle.startWorkload(v);
    }

    /** CPU time a vCPU has waited for while runnable, ns. */
    public synchronized long waitNs(int domid, int vcpu) throws HypervisorException {
        return vcpu(domid, vcpu).waitNs;
    }

    /** Time CPU {@code cpu} has been idle, ns. */
    public synchronized long idleNs(int cpu) {
        return scheduler.idleNs(cpu);
    }

    /** The KiB a domain holds on each NUMA node. */
    public synchronized Map<Integer, Long> memoryByNode(int domid) throws HypervisorException {
        return Map.copyOf(domain(domid).memKbByNode);
    }

    @Override
    public synchronized PhysInfo physInfo() {
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
    public List<CpuTopology> cpuTopology() {
        List<CpuTopology> cpus = new ArrayList<>();
        int perSocket = topology.coresPerSocket() * topology.threadsPerCore();
        for (int cpu = 0; cpu < topology.cpus(); cpu++) {
            cpus.add(new CpuTopology(cpu, cpu % perSocket / topology.threadsPerCore(), cpu / perSocket,
                    topology.nodeOf(cpu)));
        }
        return cpus;
    }

    @Override
    public synchronized int createDomain(CreateSpec spec) throws HypervisorException {
        if (spec.cpupool() != 0) {
            throw new HypervisorException(XenError.ENOENT, "no CPU pool " + spec.cpupool()
                    + "; this host has pool 0 (Pool-0) only");
        }
        return lifecycle.create(spec);
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
    public synchronized void setMaxMemory(int domid, long maxKb) throws HypervisorException {
        if (maxKb < 0) {
            throw new HypervisorException(XenError.EINVAL, "max memory cannot be negative: " + maxKb);
        }
        domain(domid).maxMemKb = maxKb;
    }

    @Override
    public synchronized void setNodeAffinity(int domid, Set<Integer> nodes) throws HypervisorException {
        SimDomain d = domain(domid);
        for (int node : nodes) {
            if (node < 0 || node >= topology.nodes().size()) {
                throw new HypervisorException(XenError.EINVAL, "node affinity names node " + node + ", but the host has "
                        + topology.nodes().size() + " node(s)");
            }
        }
        lifecycle.setNodeAffinity(d, nodes);
    }

    @Override
    public synchronized void claimPages(int domid, long pages) throws HypervisorException {
        lifecycle.claimPages(domain(domid), pages);
    }

    @Override
    public synchronized BuildResult build(int domid, BuildSpec spec) throws HypervisorException {
        SimDomain d = domain(domid);
        BuildResult result = builder.build(d, spec);
        storeRings.built(d, spec.storeDomid());
        return result;
    }

    @Override
    public synchronized void destroyDomain(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (domid == 0) {
            throw new HypervisorException(XenError.EINVAL, "domain 0 cannot be destroyed");
        }
        lifecycle.destroy(d, dying -> {
            storeRings.dying(dying.domid);
            guests.dying(dying);
        });
    }

    @Override
    public DomainEvents subscribeDomainEvents() {
        return lifecycle.subscribe();
    }

    @Override
    public synchronized void pause(int domid) throws HypervisorException {
        lifecycle.pause(domain(domid));
    }

    @Override
    public synchronized void unpause(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (lifecycle.unpause(d)) {
            guests.unpaused(d);
        }
    }

    @Override
    public synchronized void shutdown(int domid, ShutdownReason reason) throws HypervisorException {
        lifecycle.shutDown(domain(domid), reason);
    }

    @Override
    public synchronized DomainInfo domainInfo(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        scheduler.settle();
        return lifecycle.info(d);
    }

    @Override
    public synchronized List<DomainInfo> domains() {
        scheduler.settle();
        return lifecycle.all().stream().map(lifecycle::info).toList();
    }

    /**
     * As Xen's {@code vcpu_affinity_domctl}: CPUs past the host's last are dropped (Xen reads a
     * bitmap only as far as {@code nr_cpu_ids}, so a map rounded up to whole bytes, or "all", is
     * taken); a hard affinity must name a CPU the host has ({@code EINVAL} otherwise), a soft one
     * need not (left empty, the vCPU prefers what its hard affinity allows).
     */
    @Override
    public synchronized void setVcpuAffinity(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft)
            throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        BitSet h = cpuSet(hard);
        BitSet s = cpuSet(soft);
        if (h.isEmpty()) {
            throw new HypervisorException(XenError.EINVAL, "the hard affinity " + hard + " names no CPU of the host's "
                    + topology.cpus() + " (0-" + (topology.cpus() - 1) + ")");
        }
        v.setAffinity(h, s.isEmpty() ? h : s);
        log.traced(() -> v + " affinity hard " + v.hard + " soft " + v.soft);
        scheduler.affinityChanged(v);
    }

    private BitSet cpuSet(Set<Integer> cpus) throws HypervisorException {
        BitSet b = new BitSet();
        for (int c : cpus) {
            if (c < 0) {
                throw new HypervisorException(XenError.EINVAL, "an affinity names CPU " + c);
            }
            if (c < topology.cpus()) {
                b.set(c);
            }
        }
        return b;
    }

    @Override
    public synchronized VcpuInfo vcpuInfo(int domid, int vcpu) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        scheduler.settle();
        // Xen gives a vCPU a processor when it makes it; one not yet scheduled here is on its first allowed CPU
        int cpu = v.cpu >= 0 || !v.online ? v.cpu : v.hard.nextSetBit(0);
        return new VcpuInfo(v.id, v.online, v.state == SimVcpu.State.RUNNING,
                v.online && v.state == SimVcpu.State.BLOCKED && v.cpu >= 0, cpu, v.cpuTimeNs, v.hardSet(), v.softSet());
    }

    @Override
    public synchronized SchedParams schedParams(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        return new SchedParams.Credit2(d.weight, d.cap);
    }

    @Override
    public synchronized void setSchedParams(int domid, SchedParams params) throws HypervisorException {
        SimDomain d = domain(domid);
        if (!(params instanceof SchedParams.Credit2(int weight, int cap))) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + "'s pool runs credit2, not the"
                    + " scheduler of " + params);
        }
        if (cap > 100 * d.vcpus.size()) {
            throw new HypervisorException(XenError.EINVAL, "cap " + cap + "% is more than the domain's "
                    + d.vcpus.size() + " vCPU(s) can use (" + 100 * d.vcpus.size() + "%)");
        }
        scheduler.settle();
        int oldWeight = d.weight;
        d.weight = weight;
        d.cap = cap;
        log.traced(() -> "d" + domid + " weight " + d.weight + " cap " + d.cap);
        scheduler.paramsChanged(d, oldWeight);
    }

    @Override
    public synchronized int rateLimitUs() {
        return (int) (scheduler.rateLimitNs() / 1000);
    }

    @Override
    public synchronized void setRateLimitUs(int us) throws HypervisorException {
        if (us < 0 || us > 500_000) {
            throw new HypervisorException(XenError.EINVAL, "rate limit must be 0 to 500000 us, not " + us);
        }
        scheduler.setRateLimitNs(us * 1000L);
        log.traced(() -> "rate limit " + us + " us");
    }

    @Override
    public synchronized List<String> consoleLog() {
        return log.consoleLog();
    }

    @Override
    public synchronized int allocUnboundPort(int remoteDomid) throws HypervisorException {
        return guestAllocUnbound(domain(0), remoteDomid);
    }

    @Override
    public synchronized int bindInterdomain(int remoteDomid, int remotePort) throws HypervisorException {
        live(remoteDomid);
        return eventChannels.bindInterdomain(0, remoteDomid, remotePort);
    }

    @Override
    public synchronized void notify(int port) throws HypervisorException {
        eventChannels.notify(0, port);
        EventChannelStatus status = eventChannels.status(0, port);
        SimDomain remote = status.state() == EventChannelStatus.State.INTERDOMAIN ? lifecycle.find(status.remoteDomid()) : null;
        if (remote != null && remote.build != null && remote.build.consolePort() == status.remotePort()) {
            guests.consoleKicked(remote); // xenconsoled read the console or typed at it
        }
    }

    @Override
    public synchronized void closePort(int port) throws HypervisorException {
        int remote = eventChannels.status(0, port).remoteDomid();
        eventChannels.close(0, port);
        SimDomain r = lifecycle.find(remote);
        if (r != null) {
            lifecycle.reapIfFree(r);
        }
    }

    @Override
    public synchronized EventChannelStatus portStatus(int domid, int port) throws HypervisorException {
        domain(domid);
        return eventChannels.status(domid, port);
    }

    /** The guest kernel of {@code d} opens its end of its XenStore ring. */
    synchronized GuestRing openStoreRing(SimDomain d) {
        return storeRings.openGuestEnd(d);
    }

    /** The XenStore client the guest kernel of {@code domid} uses (its own ring's, or dom0's): for tests acting as the guest. */
    synchronized XsClient guestStore(int domid) {
        return guests.store(domid);
    }

    /** The domains whose XenStore ring the daemon notified since the last call, by domid. */
    SortedSet<Integer> takeStoreRingsNotified() {
        return storeRings.takeNotified();
    }

    /** Closes dom0's ends of the store event channels the daemon unbound since the last call. */
    synchronized void closeDaemonPorts() {
        for (Integer port = storeRings.nextUnboundPort(); port != null; port = storeRings.nextUnboundPort()) {
            try {
                closePort(port);
            } catch (HypervisorException e) {
                throw new IllegalStateException("dom0's store port " + port + " vanished", e);
            }
        }
    }

    /** The page {@code domid} granted the store domain at ref 1 (the gfn is ignored, as on Xen); the daemon's thread. */
    @Override
    public java.lang.foreign.MemorySegment mapStorePage(int domid, long gfn) {
        return storeRings.mapStorePage(domid);
    }

    /** The page stays the guest's; the daemon only stops using it. */
    @Override
    public void unmapStorePage(int domid) {
    }

    /**
     * Binds dom0's end of {@code domid}'s store event channel, on INTRODUCE, on the daemon's
     * thread. It does not take the host's lock, only the event channels' own: a toolstack thread
     * may introduce a domain while another runs the host, which waits for the daemon to go quiet.
     */
    @Override
    public DaemonPort bindInterdomain(int domid, int remotePort, Runnable daemonNotified) {
        StoreRing ring = storeRings.ring(domid);
        if (!lifecycle.exists(domid)) {
            throw new XsException(XsErrno.ENOENT, "domain " + domid + " does not exist");
        }
        int port;
        try {
            port = eventChannels.bindInterdomain(0, domid, remotePort);
        } catch (HypervisorException e) {
            throw new XsException(e.error() == XenError.ESRCH ? XsErrno.ENOENT : XsErrno.EINVAL, e.getMessage());
        }
        return storeRings.bindDaemon(ring, port, daemonNotified);
    }

    @Override
    public boolean exists(int domid) {
        return lifecycle.exists(domid);
    }

    @Override
    public DomainLiveness liveness(int domid) {
        return lifecycle.liveness(domid);
    }

    /** EVTCHNOP_alloc_unbound by a guest (or dom0): a port of {@code d} that {@code remoteDomid} may bind. */
    synchronized int guestAllocUnbound(SimDomain d, int remoteDomid) throws HypervisorException {
        live(remoteDomid);
        return eventChannels.allocUnbound(d.domid, remoteDomid);
    }

    /** EVTCHNOP_close by a guest. */
    synchronized void guestClosePort(SimDomain d, int port) throws HypervisorException {
        eventChannels.close(d.domid, port);
    }

    /** A guest grants {@code toDomid} its page {@code gfn} (an entry in its own grant table); returns the reference. */
    synchronized int guestGrant(SimDomain d, int toDomid, long gfn, boolean readOnly) throws HypervisorException {
        return pageAccess.grant(d, toDomid, gfn, readOnly);
    }

    /** A guest withdraws a grant. */
    synchronized void guestEndGrant(SimDomain d, int ref) throws HypervisorException {
        grants.end(d.domid, ref);
    }

    @Override
    public synchronized GrantMapping mapGrant(int granterDomid, int ref, boolean readOnly) throws HypervisorException {
        return pageAccess.mapGrant(granterDomid, ref, readOnly);
    }

    @Override
    public synchronized ForeignMapping mapForeign(int domid, long[] gfns, boolean writable) throws HypervisorException {
        return pageAccess.mapForeign(domid, gfns, writable);
    }

    @Override
    public synchronized void setDirtyLogging(int domid, boolean on) throws HypervisorException {
        pageAccess.pagesOf(domid).setLogging(on);
    }

    @Override
    public synchronized BitSet takeDirtyPages(int domid) throws HypervisorException {
        return pageAccess.takeDirtyPages(domid);
    }

    /** The domain behind {@code domid}, as a guest of it acts. */
    synchronized SimDomain simDomain(int domid) throws HypervisorException {
        return domain(domid);
    }

    private SimDomain domain(int domid) throws HypervisorException {
        return lifecycle.domain(domid);
    }

    private SimDomain live(int domid) throws HypervisorException {
        return lifecycle.live(domid);
    }

    private SimVcpu vcpu(int domid, int vcpu) throws HypervisorException {
        return lifecycle.vcpu(domid, vcpu);
    }
}
