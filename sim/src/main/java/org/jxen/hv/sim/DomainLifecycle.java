package org.jxen.hv.sim;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainEvent;
import org.jxen.hv.DomainEvents;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.XenError;
import org.jxen.xenstore.server.DomainLiveness;
import org.jxen.xenstore.server.inproc.InProcessConnector;

/**
 * The domains of a simulated host from creation to gone: their IDs, vCPUs, memory and claims, pause
 * and shutdown, the dying phase (a destroyed domain stays while dom0 maps its pages
 * or holds ports to it) and the domain events each change raises. Called under the host's lock,
 * except {@link #liveness}, which jxenstored's thread reads.
 */
final class DomainLifecycle {
    /** Xen's first reserved domain ID (DOMID_FIRST_RESERVED): domain IDs are below it. */
    static final int DOMID_FIRST_RESERVED = 0x7FF0;
    /** Xen's limit on a toolstack's pauses of one domain ("an arbitrary 255"). */
    private static final int MAX_PAUSES = 255;

    private final Topology topology;
    private final EventQueue events;
    private final NumaMemory memory;
    private final Credit2 scheduler;
    private final SplittableRandom random;
    private final EventChannels eventChannels;
    private final GrantTables grants;
    private final HostLog log;
    private final Map<Integer, SimDomain> domains = new TreeMap<>();
    private final List<DomainEventQueue> subscribers = new CopyOnWriteArrayList<>();
    /** What XenStore may know of each domain, for the daemon's thread: dying ones are GONE. */
    private final Map<Integer, DomainLiveness> liveness = new ConcurrentHashMap<>();
    private int nextDomid = 1;
    /** jxenstored in this process, told when domains change; null without one. */
    private InProcessConnector storeDaemon;

    DomainLifecycle(Topology topology, EventQueue events, NumaMemory memory, Credit2 scheduler,
            SplittableRandom random, EventChannels eventChannels, GrantTables grants, HostLog log) {
        this.topology = topology;
        this.events = events;
        this.memory = memory;
        this.scheduler = scheduler;
        this.random = random;
        this.eventChannels = eventChannels;
        this.grants = grants;
        this.log = log;
    }

    void bootDom0() {
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
        dom0.pauses = 0;
        dom0.vcpus.forEach(v -> setOnline(v, true));
    }

    /** From now on, jxenstored in this process is told when domains change (VIRQ_DOM_EXC). */
    void notifyStoreDaemon(InProcessConnector daemon) {
        storeDaemon = daemon;
    }

    int create(CreateSpec spec) throws HypervisorException {
        int domid = freeDomid();
        SimDomain d = new SimDomain(domid, spec.handle(), spec.type());
        eventChannels.setMaxPort(domid, spec.maxEventChannels());
        d.pages = new GuestPages(random.nextLong());
        addVcpus(d, spec.maxVcpus());
        domains.put(domid, d);
        liveness.put(domid, DomainLiveness.RUNNING);
        nextDomid = domid + 1;
        log.traced(() -> "d" + domid + " created: " + spec);
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
    void startWorkload(SimVcpu v) {
        long phase = v.workload instanceof Workload.Bursty b ? random.nextLong(b.intervalNs()) : 0;
        v.restartWorkload(events.now() + phase);
        scheduler.wake(v);
    }

    /** VCPUOP_up / VCPUOP_down. */
    void setOnline(SimVcpu v, boolean online) {
        if (online != v.online) {
            v.online = online;
            log.traced(() -> v + (online ? " online" : " offline"));
            if (online) {
                scheduler.wake(v);
            } else {
                scheduler.sleep(v);
            }
        }
    }

    void setNodeAffinity(SimDomain d, Set<Integer> nodes) {
        d.nodeAffinity = Collections.unmodifiableSortedSet(new TreeSet<>(nodes)); // ordered: the same in every JVM (SH-3)
        log.traced(() -> "d" + d.domid + " node affinity " + d.nodeAffinity);
    }

    void claimPages(SimDomain d, long pages) throws HypervisorException {
        if (pages == 0) {
            memory.claim(-d.claimKb);
            d.claimKb = 0;
            return;
        }
        if (d.claimKb > 0) {
            throw new HypervisorException(XenError.EINVAL, "domain " + d.domid + " already has a claim with "
                    + d.claimKb / 4 + " pages outstanding; cancel it (claim 0) before claiming again");
        }
        long heldPages = d.memKb() / 4;
        if (pages <= heldPages || pages > d.maxMemKb / 4) {
            throw new HypervisorException(XenError.EINVAL, "a claim of " + pages + " pages must be above the "
                    + heldPages + " domain " + d.domid + " holds and at most its maximum of " + d.maxMemKb / 4);
        }
        long claimKb = pages * 4 - d.memKb();
        if (claimKb > memory.unclaimedKb()) {
            throw new HypervisorException(XenError.ENOMEM, "domain " + d.domid + " claims " + claimKb / 4
                    + " more pages, but only " + memory.unclaimedKb() / 4 + " are free and not claimed by others");
        }
        memory.claim(claimKb);
        d.claimKb = claimKb;
    }

    /** Takes {@code kb} for the domain from its nodes, using up its claim first; false (and nothing taken) if not there. */
    boolean allocate(SimDomain d, long kb) {
        if (!memory.allocate(kb, d.nodeAffinity, d.claimKb, d.memKbByNode)) {
            return false;
        }
        long fromClaim = Math.min(kb, d.claimKb);
        d.claimKb -= fromClaim;
        memory.claim(-fromClaim);
        return true;
    }

    /** Gives {@code kb} of the domain's memory back to the host. */
    void release(SimDomain d, long kb) {
        memory.release(kb, d.memKbByNode);
    }

    /** As Xen's {@code domain_pause_by_systemcontroller}: one more pause, at most 254 (EOVERFLOW). */
    void pause(SimDomain d) throws HypervisorException {
        if (d.pauses + 1 >= MAX_PAUSES) {
            throw new HypervisorException(XenError.EOVERFLOW, "d" + d.domid + " is paused " + d.pauses + " times already");
        }
        if (d.pauses++ == 0) {
            log.traced(() -> "d" + d.domid + " paused");
            d.vcpus.forEach(scheduler::sleep);
        }
    }

    /**
     * As Xen's {@code domain_unpause_by_systemcontroller}: one pause fewer, running again when none
     * is left; true if it runs now. A domain that is not paused is EINVAL.
     */
    boolean unpause(SimDomain d) throws HypervisorException {
        if (d.pauses == 0) {
            throw new HypervisorException(XenError.EINVAL, "d" + d.domid + " is not paused");
        }
        if (--d.pauses > 0) {
            return false;
        }
        log.traced(() -> "d" + d.domid + " unpaused");
        d.vcpus.forEach(scheduler::wake);
        return true;
    }

    void shutDown(SimDomain d, ShutdownReason reason) {
        if (d.shutdownReason != null || d.dying) {
            return; // Xen keeps the first reason
        }
        d.shutdownReason = reason;
        log.traced(() -> "d" + d.domid + " shut down: " + reason);
        d.vcpus.forEach(scheduler::sleep);
        log.console("(XEN) d" + d.domid + ": shutdown (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
        raise(new DomainEvent.ShutDown(d.domid, reason));
    }

    /**
     * Destroys {@code d}: it stops, gives its memory, ports and grants back, {@code guestGone} lets its
     * guest side go, and it is dying until nobody holds it. Nothing happens to a domain already dying.
     */
    void destroy(SimDomain d, Consumer<SimDomain> guestGone) throws HypervisorException {
        if (d.dying) {
            return; // as XEN_DOMCTL_destroydomain on a domain already dying
        }
        int domid = d.domid;
        d.dying = true;
        d.vcpus.forEach(v -> v.restartWorkload(Long.MAX_VALUE));
        scheduler.remove(d);
        memory.releaseAll(d.memKbByNode);
        memory.claim(-d.claimKb);
        d.claimKb = 0;
        eventChannels.closeAll(domid);
        grants.drop(domid);
        guestGone.accept(d);
        log.console("(XEN) d" + domid + ": dying");
        log.traced(() -> "d" + domid + " dying");
        raise(new DomainEvent.Dying(domid));
        reapIfFree(d);
    }

    /** A dying domain nobody holds any more is gone. */
    void reapIfFree(SimDomain d) {
        if (d.dying && d.mappings == 0 && eventChannels.portsTowards(0, d.domid) == 0 && domains.get(d.domid) == d) {
            domains.remove(d.domid);
            log.console("(XEN) d" + d.domid + ": destroyed");
            log.traced(() -> "d" + d.domid + " gone");
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

    DomainEvents subscribe() {
        DomainEventQueue queue = new DomainEventQueue(subscribers::remove);
        subscribers.add(queue);
        return queue;
    }

    /** What XenStore may know of {@code domid}; safe on the daemon's thread. */
    DomainLiveness liveness(int domid) {
        return liveness.getOrDefault(domid, DomainLiveness.GONE);
    }

    /** Whether {@code domid} exists for XenStore; safe on the daemon's thread. */
    boolean exists(int domid) {
        return liveness.containsKey(domid);
    }

    /** Whether {@code d} is still the domain under its domid (not gone, not replaced). */
    boolean current(SimDomain d) {
        return domains.get(d.domid) == d;
    }

    /** The domain behind {@code domid}, if there is one; null otherwise. */
    SimDomain find(int domid) {
        return domains.get(domid);
    }

    List<SimDomain> all() {
        return List.copyOf(domains.values());
    }

    SimDomain domain(int domid) throws HypervisorException {
        SimDomain d = domains.get(domid);
        if (d == null) {
            throw new HypervisorException(XenError.ESRCH, "no domain " + domid);
        }
        return d;
    }

    /** A domain that is not dying: what mapping its pages or joining its ports needs. */
    SimDomain live(int domid) throws HypervisorException {
        SimDomain d = domain(domid);
        if (d.dying) {
            throw new HypervisorException(XenError.ESRCH, "domain " + domid + " is dying");
        }
        return d;
    }

    SimVcpu vcpu(int domid, int vcpu) throws HypervisorException {
        SimDomain d = domain(domid);
        if (vcpu < 0 || vcpu >= d.vcpus.size()) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " has vCPUs 0-" + (d.vcpus.size() - 1)
                    + ", not " + vcpu);
        }
        return d.vcpus.get(vcpu);
    }

    DomainInfo info(SimDomain d) {
        boolean running = false;
        boolean blocked = true;
        long cpuTime = 0;
        int online = 0;
        for (SimVcpu v : d.vcpus) { // one pass: domains() asks this of every domain, a toolstack at every create
            running |= v.state == SimVcpu.State.RUNNING;
            // as Xen: blocked while every vCPU waits for an event, paused or not; a vCPU that never ran waits for none
            blocked &= v.state == SimVcpu.State.BLOCKED && v.cpu >= 0;
            cpuTime += v.cpuTimeNs;
            online += v.online ? 1 : 0;
        }
        Set<DomainInfo.Flag> flags = EnumSet.noneOf(DomainInfo.Flag.class);
        if (running) {
            flags.add(DomainInfo.Flag.RUNNING);
        }
        if (blocked) {
            flags.add(DomainInfo.Flag.BLOCKED);
        }
        if (d.paused()) {
            flags.add(DomainInfo.Flag.PAUSED);
        }
        DomainInfo.State state = d.dying ? DomainInfo.State.DYING
                : d.shutdownReason != null ? DomainInfo.State.SHUTDOWN : DomainInfo.State.ALIVE;
        return new DomainInfo(d.domid, d.handle, d.type, state, flags, d.shutdownReason, cpuTime, d.memKb(),
                d.maxMemKb, d.claimKb / 4, online, d.vcpus.size(), 0);
    }
}
