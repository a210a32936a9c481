package org.jxen.hv.sim;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.CpuTopology;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainEvent;
import org.jxen.hv.DomainEvents;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.Hypervisor;
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
 */
public final class SimHost implements Hypervisor, InProcessHost {
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
    private final List<DomainEventQueue> subscribers = new CopyOnWriteArrayList<>();
    private int nextDomid = 1;
    /** The guests' XenStore side, once {@link #attachXenStore} gave it a connection. */
    private GuestAgents agents;
    /** jxenstored in this process, told when domains change; null without one. */
    private InProcessConnector storeDaemon;
    /** Each built domain's XenStore ring, for the daemon's thread. */
    private final Map<Integer, StoreRing> storeRings = new ConcurrentHashMap<>();
    /** What XenStore may know of each domain, for the daemon's thread: dying ones are GONE. */
    private final Map<Integer, DomainLiveness> liveness = new ConcurrentHashMap<>();
    /** dom0's ends of store event channels the daemon unbound, closed by the host when it next runs. */
    private final Queue<Integer> daemonPortsUnbound = new ConcurrentLinkedQueue<>();
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
        SimDomain dom0 = new SimDomain(0, new UUID(0, 0), DomainType.PV);
        memory.allocate(memKb, Set.of(), 0, dom0.memKbByNode);
        dom0.maxMemKb = memKb;
        dom0.targetKb = memKb;
        addVcpus(dom0, vcpus);
        domains.put(0, dom0);
        liveness.put(0, DomainLiveness.RUNNING);
        eventChannels.setMaxPort(0, CreateSpec.FIFO_MAX_EVENT_CHANNELS);
        dom0.paused = false;
        dom0.vcpus.forEach(v -> setOnline(v, true));
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
        attach(new GuestAgents(xs, this, null));
    }

    /**
     * Gives the guests jxenstored in this process, whose {@code daemon} serves this host's rings:
     * dom0's backends talk to it through {@code dom0}, each guest kernel started from now on over
     * its own ring as its own domid, once the toolstack INTRODUCEd it (its store page and port
     * from {@link #build}). The daemon is told when domains shut down or die, and releases them.
     */
    public synchronized void attachXenStore(XsClient dom0, InProcessConnector daemon) {
        storeDaemon = daemon;
        attach(new GuestAgents(dom0, this, daemon));
    }

    private void attach(GuestAgents guestAgents) {
        if (agents != null) {
            throw new IllegalStateException("this host already has a XenStore");
        }
        agents = guestAgents;
        agents.pump();
    }

    /** From now on, records every scheduling decision and domain change in {@code sink}. */
    public synchronized void traceTo(SimTrace sink) {
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
    public synchronized void runFor(long ns) {
        if (agents != null) {
            agents.pump();
        }
        events.runUntil(events.now() + ns);
        scheduler.settle();
    }

    /** What the guest kernel of {@code domid} has printed on its console. */
    public synchronized List<String> guestConsole(int domid) throws HypervisorException {
        return List.copyOf(domain(domid).guestConsole);
    }

    /** Makes the guest crash, as a kernel panic does: it prints the panic and shuts down with reason crash. */
    public synchronized void crash(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        d.guestConsole.add("Kernel panic - not syncing: sysrq triggered crash");
        shutdown(domid, ShutdownReason.CRASH);
    }

    /** How often the guest writes memory, in pages per second (written every 10 ms while it runs). */
    public synchronized void setDirtyRate(int domid, long pagesPerSecond) throws HypervisorException {
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
        long pages = d.build == null ? 0 : Math.min(d.memKb() / 4, d.build.consoleGfn()); // not its rings
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
        traced(() -> "d" + domid + " memory target " + targetKb + " KiB");
        balloonTo(d, targetKb);
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
        for (SimVcpu v : d.vcpus) {
            setOnline(v, v.id < count);
        }
    }

    /** VCPUOP_up / VCPUOP_down, as the guest's CPU hot-plug does it. */
    synchronized void guestVcpuUp(SimVcpu v, boolean online) {
        setOnline(v, online);
    }

    private void setOnline(SimVcpu v, boolean online) {
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
        } else if (!allocate(d, chunk)) {
            next = BALLOON_RETRY_NS; // the host is out of memory: try again later, as Linux's balloon does
        }
        d.balloonStep = events.at(events.now() + next, () -> balloonStep(d));
    }

    /** Sets what a vCPU does; work it had not done yet is dropped. */
    public synchronized void setWorkload(int domid, int vcpu, Workload workload) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        v.workload = workload;
        traced(() -> v + " workload " + workload);
        startWorkload(v);
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
        int domid = freeDomid();
        SimDomain d = new SimDomain(domid, spec.handle(), spec.type());
        eventChannels.setMaxPort(domid, spec.maxEventChannels());
        d.pages = new GuestPages(random.nextLong());
        addVcpus(d, spec.maxVcpus());
        domains.put(domid, d);
        liveness.put(domid, DomainLiveness.RUNNING);
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
        d.nodeAffinity = Collections.unmodifiableSortedSet(new TreeSet<>(nodes)); // ordered: the same in every JVM (SH-3)
        traced(() -> "d" + domid + " node affinity " + d.nodeAffinity);
    }

    @Override
    public synchronized void claimPages(int domid, long pages) throws HypervisorException {
        SimDomain d = domain(domid);
        if (pages == 0) {
            memory.claim(-d.claimKb);
            d.claimKb = 0;
            return;
        }
        if (d.claimKb > 0) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " already has a claim with "
                    + d.claimKb / 4 + " pages outstanding; cancel it (claim 0) before claiming again");
        }
        long heldPages = d.memKb() / 4;
        if (pages <= heldPages || pages > d.maxMemKb / 4) {
            throw new HypervisorException(XenError.EINVAL, "a claim of " + pages + " pages must be above the "
                    + heldPages + " domain " + domid + " holds and at most its maximum of " + d.maxMemKb / 4);
        }
        long claimKb = pages * 4 - d.memKb();
        if (claimKb > memory.unclaimedKb()) {
            throw new HypervisorException(XenError.ENOMEM, "domain " + domid + " claims " + claimKb / 4
                    + " more pages, but only " + memory.unclaimedKb() / 4 + " are free and not claimed by others");
        }
        memory.claim(claimKb);
        d.claimKb = claimKb;
    }

    /** Takes {@code kb} for the domain from its nodes, using up its claim first; false (and nothing taken) if not there. */
    private boolean allocate(SimDomain d, long kb) {
        if (!memory.allocate(kb, d.nodeAffinity, d.claimKb, d.memKbByNode)) {
            return false;
        }
        long fromClaim = Math.min(kb, d.claimKb);
        d.claimKb -= fromClaim;
        memory.claim(-fromClaim);
        return true;
    }

    @Override
    public synchronized BuildResult build(int domid, BuildSpec spec) throws HypervisorException {
        SimDomain d = domain(domid);
        if (d.pages == null || d.build != null || d.dying) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " cannot be built: "
                    + (d.pages == null ? "it is dom0" : d.dying ? "it is dying" : "it was built already"));
        }
        domain(spec.storeDomid());
        domain(spec.consoleDomid());
        open(spec.kernel(), "xc_dom_kernel_file");
        if (spec.ramdisk() != null) {
            open(spec.ramdisk(), "xc_dom_module_file");
        }
        if (spec.memKb() < MAGIC_PAGES_KB) {
            // the builder puts them at the top of the guest's memory, and fails out of memory without room
            throw new HypervisorException(XenError.ENOMEM, "domain " + domid + " has " + spec.memKb()
                    + " KiB of memory; it needs at least " + MAGIC_PAGES_KB + " KiB for its console and XenStore"
                    + " ring pages: give it more memory");
        }
        if (spec.memKb() > d.maxMemKb) {
            throw new HypervisorException(XenError.ENOMEM, "populating " + spec.memKb() + " KiB of domain " + domid
                    + " would exceed its maximum of " + d.maxMemKb + " KiB; set the maximum first");
        }
        if (!allocate(d, spec.memKb())) {
            throw new HypervisorException(XenError.ENOMEM, "domain " + domid + " needs " + spec.memKb()
                    + " KiB; free and unclaimed on its nodes: " + memory.unclaimedKb() + " KiB");
        }
        long pages = spec.memKb() / 4;
        int storePort;
        int consolePort;
        try {
            storePort = eventChannels.allocUnbound(domid, spec.storeDomid());
            consolePort = eventChannels.allocUnbound(domid, spec.consoleDomid());
        } catch (HypervisorException e) {
            eventChannels.closeAll(domid);
            memory.releaseAll(d.memKbByNode);
            throw e;
        }
        BuildResult result = new BuildResult(pages - 1, storePort, pages - 2, consolePort);
        storeRings.put(domid, new StoreRing(d.pages.page(result.storeGfn()), spec.storeDomid()));
        d.pages.page(result.consoleGfn());
        grants.reserve(domid, BuildResult.CONSOLE_GRANT_REF,
                new GrantTables.Grant(spec.consoleDomid(), result.consoleGfn(), false));
        grants.reserve(domid, BuildResult.XENSTORE_GRANT_REF,
                new GrantTables.Grant(spec.storeDomid(), result.storeGfn(), false));
        d.targetKb = spec.memKb();
        d.build = result;
        d.vcpus.forEach(v -> setOnline(v, true));
        traced(() -> "d" + domid + " built: " + spec.memKb() + " KiB, " + result);
        return result;
    }

    /** Opens a kernel or ramdisk file as libxenguest does, failing with its message and errno. */
    private static void open(BuildSpec.Image image, String call) throws HypervisorException {
        if (!(image instanceof BuildSpec.Image.File(Path path))) {
            return;
        }
        String fix = " (" + path + "; check the kernel and ramdisk paths of the domain's config)";
        if (Files.isDirectory(path)) {
            throw new HypervisorException(XenError.EISDIR, call + " failed: Is a directory" + fix);
        }
        try (var channel = Files.newByteChannel(path)) {
            channel.size();
        } catch (NoSuchFileException e) {
            throw new HypervisorException(XenError.ENOENT, call + " failed: No such file or directory" + fix);
        } catch (AccessDeniedException e) {
            throw new HypervisorException(XenError.EACCES, call + " failed: Permission denied" + fix);
        } catch (IOException e) {
            throw new HypervisorException(XenError.EIO, call + " failed: " + e.getMessage() + fix);
        }
    }

    @Override
    public synchronized void destroyDomain(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (domid == 0) {
            throw new HypervisorException(XenError.EINVAL, "domain 0 cannot be destroyed");
        }
        if (d.dying) {
            return; // as XEN_DOMCTL_destroydomain on a domain already dying
        }
        d.dying = true;
        d.vcpus.forEach(v -> v.restartWorkload(Long.MAX_VALUE));
        scheduler.remove(d);
        memory.releaseAll(d.memKbByNode);
        memory.claim(-d.claimKb);
        d.claimKb = 0;
        eventChannels.closeAll(domid);
        grants.drop(domid);
        storeRings.remove(domid);
        if (d.balloonStep != null) {
            d.balloonStep.cancel();
        }
        if (d.nextDirtying != null) {
            d.nextDirtying.cancel();
        }
        if (agents != null) {
            agents.forget(domid);
        }
        console.add("(XEN) d" + domid + ": dying");
        traced(() -> "d" + domid + " dying");
        raise(new DomainEvent.Dying(domid));
        reapIfFree(d);
    }

    /** A dying domain nobody holds any more is gone. */
    private void reapIfFree(SimDomain d) {
        if (d.dying && d.mappings == 0 && eventChannels.portsTowards(0, d.domid) == 0 && domains.get(d.domid) == d) {
            domains.remove(d.domid);
            console.add("(XEN) d" + d.domid + ": destroyed");
            traced(() -> "d" + d.domid + " gone");
            raise(new DomainEvent.Gone(d.domid));
        }
    }

    private void raise(DomainEvent event) {
        switch (event) {
            case DomainEvent.ShutDown s -> liveness.put(s.domid(), DomainLiveness.SHUT_DOWN);
            case DomainEvent.Dying dying -> liveness.put(dying.domid(), DomainLiveness.GONE);
            case DomainEvent.Gone gone -> liveness.remove(gone.domid());
        }
        subscribers.forEach(s -> s.add(event));
        if (storeDaemon != null) {
            storeDaemon.domainsChanged(); // VIRQ_DOM_EXC
        }
    }

    @Override
    public DomainEvents subscribeDomainEvents() {
        DomainEventQueue queue = new DomainEventQueue(subscribers::remove);
        subscribers.add(queue);
        return queue;
    }

    @Override
    public synchronized void pause(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        d.paused = true;
        traced(() -> "d" + domid + " paused");
        d.vcpus.forEach(scheduler::sleep);
    }

    @Override
    public synchronized void unpause(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        d.paused = false;
        traced(() -> "d" + domid + " unpaused");
        d.vcpus.forEach(scheduler::wake);
        if (!d.booted && d.build != null && agents != null) {
            d.booted = true;
            events.at(events.now() + KERNEL_BOOT_NS, () -> {
                if (domains.get(domid) == d && !d.dying) {
                    agents.boot(d);
                }
            });
        }
    }

    @Override
    public synchronized void shutdown(int domid, ShutdownReason reason) throws HypervisorException {
        shutDown(domain(domid), reason);
    }

    private void shutDown(SimDomain d, ShutdownReason reason) {
        if (d.shutdownReason != null || d.dying) {
            return; // Xen keeps the first reason
        }
        d.shutdownReason = reason;
        traced(() -> "d" + d.domid + " shut down: " + reason);
        d.vcpus.forEach(scheduler::sleep);
        console.add("(XEN) d" + d.domid + ": shutdown (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
        raise(new DomainEvent.ShutDown(d.domid, reason));
    }

    @Override
    public synchronized DomainInfo domainInfo(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        scheduler.settle();
        return info(d);
    }

    @Override
    public synchronized List<DomainInfo> domains() {
        scheduler.settle();
        return domains.values().stream().map(this::info).toList();
    }

    private DomainInfo info(SimDomain d) {
        boolean running = d.vcpus.stream().anyMatch(v -> v.state == SimVcpu.State.RUNNING);
        boolean blocked = d.vcpus.stream().allMatch(v -> v.state == SimVcpu.State.BLOCKED);
        long cpuTime = d.vcpus.stream().mapToLong(v -> v.cpuTimeNs).sum();
        int online = (int) d.vcpus.stream().filter(v -> v.online).count();
        Set<DomainInfo.Flag> flags = EnumSet.noneOf(DomainInfo.Flag.class);
        if (running) {
            flags.add(DomainInfo.Flag.RUNNING);
        }
        if (blocked && !d.paused) {
            flags.add(DomainInfo.Flag.BLOCKED);
        }
        if (d.paused) {
            flags.add(DomainInfo.Flag.PAUSED);
        }
        DomainInfo.State state = d.dying ? DomainInfo.State.DYING
                : d.shutdownReason != null ? DomainInfo.State.SHUTDOWN : DomainInfo.State.ALIVE;
        return new DomainInfo(d.domid, d.handle, d.type, state, flags, d.shutdownReason, cpuTime, d.memKb(),
                d.maxMemKb, d.claimKb / 4, online, d.vcpus.size(), 0);
    }

    @Override
    public synchronized void setVcpuAffinity(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft)
            throws HypervisorException {
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
    public synchronized VcpuInfo vcpuInfo(int domid, int vcpu) throws HypervisorException {
        SimVcpu v = vcpu(domid, vcpu);
        scheduler.settle();
        return new VcpuInfo(v.id, v.online, v.state == SimVcpu.State.RUNNING, v.state == SimVcpu.State.BLOCKED, v.cpu,
                v.cpuTimeNs, v.hard.stream().boxed().collect(Collectors.toSet()),
                v.soft.stream().boxed().collect(Collectors.toSet()));
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
        traced(() -> "d" + domid + " weight " + d.weight + " cap " + d.cap);
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
        traced(() -> "rate limit " + us + " us");
    }

    @Override
    public synchronized List<String> consoleLog() {
        return List.copyOf(console);
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
    }

    @Override
    public synchronized void closePort(int port) throws HypervisorException {
        int remote = eventChannels.status(0, port).remoteDomid();
        eventChannels.close(0, port);
        SimDomain r = domains.get(remote);
        if (r != null) {
            reapIfFree(r);
        }
    }

    @Override
    public synchronized EventChannelStatus portStatus(int domid, int port) throws HypervisorException {
        domain(domid);
        return eventChannels.status(domid, port);
    }

    /** The guest kernel of {@code d} opens its end of its XenStore ring. */
    synchronized GuestRing openStoreRing(SimDomain d) {
        return storeRings.get(d.domid).openGuestEnd();
    }

    /** The XenStore client the guest kernel of {@code domid} uses (its own ring's, or dom0's): for tests acting as the guest. */
    synchronized XsClient guestStore(int domid) {
        return agents.store(domid).xs();
    }

    /** Closes dom0's ends of the store event channels the daemon unbound since the last call. */
    synchronized void closeDaemonPorts() {
        for (Integer port = daemonPortsUnbound.poll(); port != null; port = daemonPortsUnbound.poll()) {
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
        StoreRing ring = storeRings.get(domid);
        if (ring == null) {
            throw new XsException(XsErrno.ENOENT, "domain " + domid + " has no XenStore page: not built, or gone");
        }
        if (ring.storeDomid != 0) {
            throw new XsException(XsErrno.EPERM, "domain " + domid + " granted its XenStore page to domain "
                    + ring.storeDomid + ", not to dom0");
        }
        return ring.page;
    }

    /** The page stays the guest's; the daemon only stops using it. */
    @Override
    public void unmapStorePage(int domid) {
    }

    /**
     * Binds dom0's end of {@code domid}'s store event channel, on INTRODUCE. This takes the host's
     * lock: the toolstack introduces a domain between runs, never while the host waits for the daemon.
     */
    @Override
    public synchronized DaemonPort bindInterdomain(int domid, int remotePort, Runnable daemonNotified) {
        StoreRing ring = storeRings.get(domid);
        if (ring == null) {
            throw new XsException(XsErrno.ENOENT, "domain " + domid + " has no XenStore ring: not built, or gone");
        }
        int port;
        try {
            port = bindInterdomain(domid, remotePort);
        } catch (HypervisorException e) {
            throw new XsException(e.error() == XenError.ESRCH ? XsErrno.ENOENT : XsErrno.EINVAL, e.getMessage());
        }
        ring.bindDaemon(daemonNotified);
        return new DaemonPort() {
            @Override
            public void notifyGuest() {
                ring.notifyGuest();
            }

            @Override
            public void unbind() {
                ring.bindDaemon(null);
                daemonPortsUnbound.add(port); // on the daemon's thread: closed when the host next runs
            }
        };
    }

    @Override
    public boolean exists(int domid) {
        return liveness.containsKey(domid);
    }

    @Override
    public DomainLiveness liveness(int domid) {
        return liveness.getOrDefault(domid, DomainLiveness.GONE);
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
        checkFrame(d, gfn);
        live(toDomid);
        return grants.grant(d.domid, new GrantTables.Grant(toDomid, gfn, readOnly));
    }

    /** A guest withdraws a grant. */
    synchronized void guestEndGrant(SimDomain d, int ref) throws HypervisorException {
        grants.end(d.domid, ref);
    }

    @Override
    public synchronized GrantMapping mapGrant(int granterDomid, int ref, boolean readOnly) throws HypervisorException {
        SimDomain d = live(granterDomid);
        GrantTables.Grant g = grants.map(0, granterDomid, ref);
        if (g.readOnly() && !readOnly) {
            throw new HypervisorException(XenError.EPERM, "grant " + ref + " of domain " + granterDomid
                    + " is read-only; map it read-only");
        }
        java.lang.foreign.MemorySegment page = d.pages.page(g.gfn());
        d.mappings++;
        return new Mappings.Grant(this, readOnly ? page.asReadOnly() : page, () -> unmapped(d));
    }

    @Override
    public synchronized ForeignMapping mapForeign(int domid, long[] gfns, boolean writable) throws HypervisorException {
        SimDomain d = live(domid);
        if (d.pages == null) {
            throw new HypervisorException(XenError.EINVAL, "domain 0's pages are not modelled");
        }
        for (long gfn : gfns) {
            checkFrame(d, gfn);
        }
        d.mappings++;
        return new Mappings.Foreign(this, d.pages, gfns, writable, () -> unmapped(d));
    }

    private void unmapped(SimDomain d) {
        d.mappings--;
        reapIfFree(d);
    }

    @Override
    public synchronized void setDirtyLogging(int domid, boolean on) throws HypervisorException {
        pagesOf(domid).setLogging(on);
    }

    @Override
    public synchronized BitSet takeDirtyPages(int domid) throws HypervisorException {
        GuestPages pages = pagesOf(domid);
        if (!pages.logging()) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " is not in log-dirty mode;"
                    + " enable it first");
        }
        return pages.takeDirty();
    }

    private GuestPages pagesOf(int domid) throws HypervisorException {
        SimDomain d = live(domid);
        if (d.pages == null) {
            throw new HypervisorException(XenError.EINVAL, "domain 0's pages are not modelled");
        }
        return d.pages;
    }

    private void checkFrame(SimDomain d, long gfn) throws HypervisorException {
        if (gfn < 0 || gfn >= d.maxMemKb / 4) {
            throw new HypervisorException(XenError.EINVAL, "domain " + d.domid + " has frames 0-"
                    + (d.maxMemKb / 4 - 1) + ", not " + gfn);
        }
    }

    /** The domain behind {@code domid}, as a guest of it acts. */
    synchronized SimDomain simDomain(int domid) throws HypervisorException {
        return domain(domid);
    }

    private SimDomain domain(int domid) throws HypervisorException {
        SimDomain d = domains.get(domid);
        if (d == null) {
            throw new HypervisorException(XenError.ESRCH, "no domain " + domid);
        }
        return d;
    }

    /** A domain that is not dying: what mapping its pages or joining its ports needs. */
    private SimDomain live(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (d.dying) {
            throw new HypervisorException(XenError.ESRCH, "domain " + domid + " is dying");
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
