package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jxen.hv.DomainSpec;
import org.jxen.hv.MagicPages;
import org.jxen.hv.ShutdownReason;

/** A domain on the simulated host: its vCPUs, scheduling parameters, state and memory per node. */
final class SimDomain {
    final int domid;
    final String name;
    final DomainSpec.DomainKind kind;
    final List<SimVcpu> vcpus = new ArrayList<>();
    int weight = org.jxen.hv.SchedParams.DEFAULT_WEIGHT;
    /** Percent of one CPU; 0 is no cap. */
    int cap;
    /** CPU time the capped domain may still use in this budget period, ns. */
    long budgetNs;
    /** vCPUs that ran out of budget and wait for the next period. */
    final List<SimVcpu> parked = new ArrayList<>();
    boolean paused = true;
    ShutdownReason shutdownReason;
    boolean dying;
    /** KiB held on each NUMA node. */
    final Map<Integer, Long> memKbByNode = new TreeMap<>();
    long maxMemKb;
    long targetKb;
    long claimKb;
    /** The console and XenStore ring pages (the last two of its first memory). */
    MagicPages magic;
    /** The NUMA nodes its memory comes from (empty: any). */
    Set<Integer> nodeAffinity = Set.of();
    /** What the guest kernel has printed on its console. */
    final List<String> guestConsole = new ArrayList<>();
    /** Whether the guest kernel has started (at the first unpause). */
    boolean booted;
    /** Its page contents and dirty log. */
    GuestPages pages;
    /** Pages the guest writes per second while it runs (0: none), and the next batch. */
    long dirtyPagesPerSecond;
    EventQueue.Event nextDirtying;
    /** The next step of the balloon towards targetKb, or null when it is there. */
    EventQueue.Event balloonStep;

    SimDomain(int domid, String name, DomainSpec.DomainKind kind) {
        this.domid = domid;
        this.name = name;
        this.kind = kind;
    }

    long memKb() {
        return memKbByNode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the domain's vCPUs may be scheduled at all. */
    boolean schedulable() {
        return !paused && shutdownReason == null && !dying;
    }

    long budgetPerPeriodNs() {
        return Credit2.BUDGET_PERIOD_NS * cap / 100;
    }
}
