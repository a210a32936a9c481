package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jxen.hv.BuildResult;
import org.jxen.hv.DomainType;
import org.jxen.hv.ShutdownReason;

/** A domain on the simulated host: its vCPUs, scheduling parameters, state and memory per node. */
final class SimDomain {
    final int domid;
    final UUID handle;
    final DomainType type;
    final List<SimVcpu> vcpus = new ArrayList<>();
    int weight = org.jxen.hv.SchedParams.Credit2.DEFAULT_WEIGHT;
    /** Percent of one CPU; 0 is no cap. */
    int cap;
    /** CPU time the capped domain may still use in this budget period, ns. */
    long budgetNs;
    /** vCPUs that ran out of budget and wait for the next period. */
    final List<SimVcpu> parked = new ArrayList<>();
    /**
     * Xen's {@code controller_pause_count}: the toolstack's pauses not yet undone. A domain is made
     * with one (it starts paused); each pause adds one, each unpause takes one away.
     */
    int pauses = 1;
    ShutdownReason shutdownReason;
    /** Destroyed; it stays (dying) while dom0 maps its pages ({@code mappings}) or holds ports to it. */
    boolean dying;
    int mappings;
    /** KiB held on each NUMA node. */
    final Map<Integer, Long> memKbByNode = new TreeMap<>();
    long maxMemKb;
    long targetKb;
    /** What its claim still sets aside (XENMEM_claim_pages' outstanding pages), KiB. */
    long claimKb;
    /** What the builder set up (its XenStore and console rings); null until it is built. */
    BuildResult build;
    /** The NUMA nodes its memory comes from (empty: any). */
    Set<Integer> nodeAffinity = Set.of();
    /** What the guest kernel has printed on its console, and its console ring once built. */
    final GuestConsole guestConsole = new GuestConsole();
    /** dom0 notified the console while the guest was paused: it acts on it when it runs again. */
    boolean consoleKicked;
    /** Whether the guest kernel has started (at the first unpause). */
    boolean booted;
    /** Its page contents and dirty log. */
    GuestPages pages;
    /** Pages the guest writes per second while it runs (0: none), and the next batch. */
    long dirtyPagesPerSecond;
    EventQueue.Event nextDirtying;
    /** The next step of the balloon towards targetKb, or null when it is there. */
    EventQueue.Event balloonStep;

    SimDomain(int domid, UUID handle, DomainType type) {
        this.domid = domid;
        this.handle = handle;
        this.type = type;
    }

    long memKb() {
        long kb = 0;
        for (long onNode : memKbByNode.values()) { // a loop, not a stream: asked of every domain at every create
            kb += onNode;
        }
        return kb;
    }

    boolean paused() {
        return pauses > 0;
    }

    /** Whether the domain's vCPUs may be scheduled at all. */
    boolean schedulable() {
        return !paused() && shutdownReason == null && !dying;
    }

    long budgetPerPeriodNs() {
        return Credit2.BUDGET_PERIOD_NS * cap / 100;
    }
}
